// A hit's explanation in words. When the service sends `explanation.sentences` (short
// sentences it writes itself) they are shown as they are; otherwise the structured
// explanation (aligned name parts, date of birth, nationality and gender effects; for a
// document the number evidence and effects) is put into words here.

import { h } from './dom.js';

const EVIDENCE = {
  exact: 'identical',
  phonetic: 'sounds the same',
  typo: 'typo',
  initial: 'initial',
  truncated: 'shortened',
  fuzzy: 'similar spelling',
};

const signed = (x) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`;

/** "SameYear (query 1975, record ...)" -> "same year (query 1975, record ...)". */
function words(evidence) {
  return String(evidence).replace(/^[A-Za-z]+/, (w) => w.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
}

function effect(label, part) {
  if (!part) return null;
  const e = typeof part.effect === 'number' && part.effect !== 0 ? ` (${signed(part.effect)})` : '';
  return `${label}: ${words(part.evidence)}${e}`;
}

/** Sentences for a person hit's structured explanation. */
export function personSentences(x) {
  if (!x) return [];
  const out = [];
  const name = x.name || {};
  for (const p of name.pairs || []) {
    const how = EVIDENCE[p.evidence] || p.evidence;
    out.push(p.query === p.record
      ? `“${p.query}”: ${how}`
      : `“${p.query}” ~ “${p.record}”: ${how} (${Number(p.similarity).toFixed(2)})`);
  }
  if ((name.unmatched_query || []).length) out.push(`typed but not in the record: ${name.unmatched_query.join(', ')}`);
  if ((name.unmatched_record || []).length) out.push(`in the record but not typed: ${name.unmatched_record.join(', ')}`);
  for (const [label, key] of [['date of birth', 'date_of_birth'], ['nationality', 'nationality'], ['gender', 'gender']]) {
    const s = effect(label, x[key]);
    if (s) out.push(s);
  }
  if (x.low_quality_name) out.push('the list marks this name as low quality: it counts for less');
  return out;
}

const NUMBER = {
  exact: () => 'number identical',
  ocr_confusion: (x) => `number identical but for ${x.ocr_confusions || 'some'} OCR confusion${x.ocr_confusions === 1 ? '' : 's'} (${x.query_number} read as ${x.record_number})`,
  one_edit: (x) => `number one character off (${x.query_number} vs ${x.record_number})`,
};

/** Sentences for a document hit's structured explanation and holder check. */
export function documentSentences(x, holderCheck) {
  const out = [];
  if (x) {
    out.push((NUMBER[x.number] || (() => `number: ${x.number}`))(x));
    if (x.country_effect) out.push(`issuing country ${x.country_effect > 0 ? 'agrees' : 'differs'} (${signed(x.country_effect)})`);
    if (x.type_effect) out.push(`document type ${x.type_effect > 0 ? 'agrees' : 'differs'} (${signed(x.type_effect)})`);
    if (x.holder_effect) out.push(`holder check (${signed(x.holder_effect)})`);
  }
  if (holderCheck) {
    const score = typeof holderCheck.name_score === 'number' ? ` (${holderCheck.name_score.toFixed(2)})` : '';
    out.push(`holder's name: ${holderCheck.name}${score}; date of birth: ${holderCheck.date_of_birth}`);
    if (holderCheck.other_person) out.push('presented by someone other than the recorded holder');
  }
  return out;
}

/** The explanation block: sentences, then the formula when there is one. */
export function explanation(x, sentences) {
  const given = x && Array.isArray(x.sentences) && x.sentences.length ? x.sentences : sentences;
  const box = h('div', { class: 'explain' });
  if (given.length) box.append(h('ul', {}, given.map((s) => h('li', { text: s }))));
  if (x && x.formula) box.append(h('code', { class: 'formula', text: x.formula }));
  return box;
}
