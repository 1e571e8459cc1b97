// The officer's desk: one search box for a name, a document number or an MRZ (typed by a
// scanner line by line, or pasted), optional date of birth, nationality and gender. Keyboard
// first: focus on load, Enter searches (but inside an MRZ still being typed it starts the
// next line), arrow keys walk the hits, Escape clears.

import { api } from './api.js';
import { h, replace, scoreBar, list, facts } from './dom.js';
import { classify, mrzState, parseDate } from './input.js';
import { explanation, personSentences, documentSentences } from './explain.js';

/** How long a complete MRZ rests before it is checked without an Enter (a scanner that
 *  sends no final Enter, a paste). */
const MRZ_SETTLE_MS = 350;
const PERSON_LIMIT = 10;
const DOCUMENT_LIMIT = 10;

export function mount(section) {
  const q = h('textarea', {
    id: 'q', rows: 2, spellcheck: 'false', autocomplete: 'off', autocapitalize: 'off',
    'aria-describedby': 'q-detected', placeholder: 'Name, document number, or scan / paste the MRZ',
  });
  const as = h('select', { id: 'q-as' },
    h('option', { value: 'auto', text: 'detect' }),
    h('option', { value: 'name', text: 'name' }),
    h('option', { value: 'document', text: 'document number' }),
    h('option', { value: 'mrz', text: 'MRZ' }));
  const dob = h('input', { id: 'q-dob', type: 'text', size: 12, autocomplete: 'off', 'aria-describedby': 'q-dob-read', placeholder: '17.08.1975' });
  const dobRead = h('span', { id: 'q-dob-read', class: 'hint', 'aria-live': 'polite' });
  const nat = h('input', { id: 'q-nat', type: 'text', size: 4, maxlength: 3, autocomplete: 'off', placeholder: 'SYR' });
  const gender = h('select', { id: 'q-gender' },
    h('option', { value: '', text: 'any' }), h('option', { value: 'M', text: 'M' }),
    h('option', { value: 'F', text: 'F' }), h('option', { value: 'X', text: 'X' }));
  const detected = h('p', { id: 'q-detected', class: 'detected', 'aria-live': 'polite' });
  const status = h('div', { id: 'officer-status', class: 'status', role: 'status' });
  const results = h('div', { id: 'officer-results' });
  const form = h('form', { id: 'officer-form', class: 'search', autocomplete: 'off' },
    h('div', { class: 'qrow' },
      h('label', { for: 'q', class: 'big', text: 'Search' }), q,
      h('button', { type: 'submit', id: 'q-go', text: 'Search' }),
      h('button', { type: 'button', id: 'q-clear', class: 'secondary', text: 'Clear', title: 'Escape', on: { click: () => clearAll() } })),
    h('div', { class: 'fields' },
      h('label', { for: 'q-as', text: 'Search as' }), as,
      h('label', { for: 'q-dob', text: 'Date of birth' }), dob, dobRead,
      h('label', { for: 'q-nat', text: 'Nationality' }), nat,
      h('label', { for: 'q-gender', text: 'Gender' }), gender),
    detected,
    h('p', { class: 'hint keys', text: 'Enter: search · Shift+Enter: new line · ↓ ↑: walk the hits · Esc: clear · an MRZ is checked once its last line is complete' }));
  replace(section, h('h1', { class: 'sr-only', text: 'Officer search' }), form, status, results);

  let seq = 0;
  let lastSearched = null;
  let settle = null;

  const kind = () => {
    const c = classify(q.value);
    if (as.value === 'auto' || c.kind === 'empty') return c;
    const forced = { name: 'name', document: 'document number', mrz: 'MRZ' }[as.value];
    return { kind: as.value, reason: `${forced} (chosen)`, mrz: mrzState(q.value) };
  };

  const showDetected = () => {
    const c = kind();
    const route = { name: 'POST /v1/persons/search', document: 'POST /v1/documents/check', mrz: 'POST /v1/travellers/check' }[c.kind];
    detected.textContent = c.kind === 'empty' ? '' : `Read as: ${c.reason}${route ? ` → ${route}` : ''}`;
    detected.dataset.kind = c.kind;
    q.rows = Math.min(4, Math.max(2, q.value.split('\n').length));
  };

  const showDob = () => {
    const d = parseDate(dob.value);
    dobRead.textContent = d === null ? '' : d.ok ? `read as ${d.words}` : d.message;
    dobRead.classList.toggle('error', Boolean(d && !d.ok));
    return d;
  };

  function clearAll() {
    seq++;
    clearTimeout(settle);
    q.value = '';
    dob.value = '';
    nat.value = '';
    gender.value = '';
    as.value = 'auto';
    lastSearched = null;
    showDetected();
    showDob();
    replace(status);
    replace(results);
    q.focus();
  }

  /** Runs the search the box's text calls for; `force` (Ctrl+Enter) sends even an MRZ that
   *  does not look complete (the service says what is wrong with it). */
  async function search(force = false) {
    clearTimeout(settle);
    const text = q.value.trim();
    const c = kind();
    if (c.kind === 'empty') return;
    if (c.kind === 'mrz' && as.value === 'auto' && !c.mrz.complete && !force) {
      replace(status, h('span', { class: 'error', text: `The MRZ is not complete yet (${c.mrz.progress}).` }));
      return;
    }
    const d = showDob();
    if (d && !d.ok && c.kind === 'name') {
      replace(status, h('span', { class: 'error', text: `Date of birth: ${d.message}.` }));
      dob.focus();
      return;
    }
    const natValue = nat.value.trim().toUpperCase();
    if (natValue && !/^[A-Z]{3}$/.test(natValue) && c.kind === 'name') {
      replace(status, h('span', { class: 'error', text: 'Nationality: three letters (ISO 3166-1 alpha-3, e.g. SYR).' }));
      nat.focus();
      return;
    }
    const key = JSON.stringify([c.kind, text, dob.value, natValue, gender.value]);
    lastSearched = key;
    const mine = ++seq;
    replace(status, h('span', { class: 'busy', text: 'Searching…' }));
    try {
      let view;
      if (c.kind === 'mrz') {
        const res = await api('POST', '/v1/travellers/check', { json: { mrz: text } });
        view = () => travellerView(res);
      } else if (c.kind === 'document') {
        const res = await api('POST', '/v1/documents/check', { json: { number: text, limit: DOCUMENT_LIMIT } });
        view = () => hitsView(res, 'document');
      } else {
        const body = { name: text, limit: PERSON_LIMIT };
        if (d && d.ok) body.date_of_birth = d.value;
        if (natValue) body.nationality = natValue;
        if (gender.value) body.gender = gender.value;
        const res = await api('POST', '/v1/persons/search', { json: body });
        view = () => hitsView(res, 'person');
      }
      if (mine !== seq) return;
      replace(status);
      replace(results, view());
    } catch (e) {
      if (mine !== seq) return;
      lastSearched = null;
      replace(status, h('span', { class: 'error', text: e.describe ? e.describe() : String(e) }));
      replace(results);
    }
  }

  q.addEventListener('input', () => {
    showDetected();
    clearTimeout(settle);
    const c = kind();
    // a scanner that ends without Enter, or a paste: check once the MRZ is whole and rests
    if (c.kind === 'mrz' && c.mrz && c.mrz.exact) settle = setTimeout(() => {
      if (lastSearched !== JSON.stringify(['mrz', q.value.trim(), dob.value, nat.value.trim().toUpperCase(), gender.value])) search();
    }, MRZ_SETTLE_MS);
  });
  q.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.altKey) {
      const c = kind();
      // inside an MRZ still being typed, Enter is the scanner's line break: keep it
      if (!ev.ctrlKey && c.kind === 'mrz' && c.mrz && !c.mrz.complete) return;
      ev.preventDefault();
      search(ev.ctrlKey);
    } else if (ev.key === 'ArrowDown' && !q.value.slice(q.selectionEnd).includes('\n')) {
      const first = results.querySelector('.hit');
      if (first) {
        ev.preventDefault();
        first.focus();
      }
    }
  });
  for (const el of [dob, nat]) {
    el.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') {
        ev.preventDefault();
        search();
      }
    });
  }
  dob.addEventListener('input', showDob);
  nat.addEventListener('input', () => { nat.value = nat.value.toUpperCase(); });
  as.addEventListener('change', showDetected);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    search();
  });
  section.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') {
      ev.preventDefault();
      clearAll();
      return;
    }
    const hit = ev.target.closest && ev.target.closest('.hit');
    if (!hit) return;
    const all = [...results.querySelectorAll('.hit')];
    const i = all.indexOf(hit);
    if (ev.key === 'ArrowDown' && i < all.length - 1) {
      ev.preventDefault();
      all[i + 1].focus();
    } else if (ev.key === 'ArrowUp') {
      ev.preventDefault();
      (i > 0 ? all[i - 1] : q).focus();
    } else if (ev.key === 'Home') {
      ev.preventDefault();
      all[0].focus();
    } else if (ev.key === 'End') {
      ev.preventDefault();
      all[all.length - 1].focus();
    }
  });

  return { show: () => q.focus() };
}

/** The header line of a hit list: count, alert threshold when the service gives it, time. */
function summary(res, count, noun) {
  const parts = [`${count} ${noun}${count === 1 ? '' : 's'}`];
  if (typeof res.alert_threshold === 'number') parts.push(`alert at ≥ ${res.alert_threshold}`);
  if (typeof res.took_ms === 'number') parts.push(`${res.took_ms} ms`);
  return h('p', { class: 'summary', text: parts.join(' · ') });
}

function hitsView(res, kind) {
  const hits = res.hits || [];
  const threshold = typeof res.alert_threshold === 'number' ? res.alert_threshold : undefined;
  const box = h('div', { class: 'hits-box' });
  const alerts = hits.filter((x) => x.alert).length;
  box.append(summary(res, hits.length, kind === 'person' ? 'person hit' : 'document hit'));
  if (alerts) box.append(h('p', { class: 'alert-banner', role: 'alert', text: `ALERT: ${alerts} hit${alerts === 1 ? '' : 's'} at or above the alert threshold` }));
  if (!hits.length) box.append(h('p', { class: 'empty', text: kind === 'person' ? 'No listed person matches.' : 'No listed document matches.' }));
  box.append(h('ol', { class: 'hits', 'aria-label': 'hits' },
    hits.map((x) => (kind === 'person' ? personHit(x, threshold) : documentHit(x, threshold)))));
  return box;
}

function badge(alert) {
  return alert ? h('span', { class: 'badge alert', text: 'ALERT' }) : h('span', { class: 'badge', text: 'no alert' });
}

function action(text, alert) {
  if (!text) return null;
  return h('p', { class: alert ? 'action must' : 'action' }, h('span', { class: 'label', text: alert ? 'Action: ' : 'Action if confirmed: ' }), h('span', { class: 'what', text }));
}

/** One person hit: primary name, the alias that matched, score, action, owner, why. */
export function personHit(x, threshold) {
  const names = Array.isArray(x.names) ? x.names : [];
  const primary = names[0] || x.name;
  const matched = x.name && x.name !== primary ? x.name : null;
  return h('li', { class: `hit person${x.alert ? ' is-alert' : ''}`, tabindex: 0, dataset: { source: x.source, id: x.id } },
    h('div', { class: 'hit-head' },
      badge(x.alert),
      h('span', { class: 'name', text: primary }),
      matched ? h('span', { class: 'alias' }, 'matched alias ', h('q', { text: matched })) : null,
      scoreBar(x.score, threshold)),
    action(x.action, x.alert),
    facts([
      ['Organization', h('span', { class: 'org', text: x.source })],
      ['Record', x.id],
      ['Category', x.category],
      ['Date of birth', x.date_of_birth],
      ['Nationality', list(x.nationality)],
      ['Gender', x.gender],
      ['Other names', names.length > 1 ? names.filter((n) => n !== primary).join(' · ') : null],
    ]),
    explanation(x.explanation, personSentences(x.explanation)));
}

/** One document hit: number, status, owner, the person it belongs to, why. */
export function documentHit(x, threshold) {
  const person = x.person || null;
  const holderNames = x.holder && Array.isArray(x.holder.names) ? x.holder.names.join(' · ') : null;
  const what = person ? `in the record of ${(person.names || [])[0] || 'a listed person'}` : x.status ? `reported ${String(x.status).replace(/_/g, ' ')}` : 'listed';
  return h('li', { class: `hit document${x.alert ? ' is-alert' : ''}`, tabindex: 0, dataset: { source: x.source, id: x.id } },
    h('div', { class: 'hit-head' },
      badge(x.alert),
      h('span', { class: 'name mono', text: x.number }),
      h('span', { class: 'alias', text: what }),
      scoreBar(x.score, threshold)),
    action(x.action || (person && person.action), x.alert),
    facts([
      ['Organization', h('span', { class: 'org', text: x.source })],
      ['Record', x.id],
      ['Status', x.status],
      ['Reported', x.reported],
      ['Issuing country', x.issuing_country],
      ['Type', x.document_type],
      ['Holder', holderNames],
      ['Holder born', x.holder && x.holder.date_of_birth],
      ['Category', person && person.category],
    ]),
    explanation(x.explanation, documentSentences(x.explanation, x.holder_check)));
}

function travellerView(res) {
  const box = h('div', { class: 'traveller-box' });
  const t = res.traveller || {};
  const m = res.mrz || null;
  box.append(res.alert
    ? h('p', { class: 'alert-banner', role: 'alert' }, h('strong', { text: 'ALERT' }), res.action ? ` — ${res.action}` : '')
    : h('p', { class: 'clear-banner', text: 'No alert for this traveller.' }));
  const doc = t.document || {};
  box.append(h('section', { class: 'traveller', 'aria-label': 'traveller' },
    h('h2', { text: m ? `Traveller read from the MRZ (${m.format})` : 'Traveller' }),
    facts([
      ['Surname', t.surname],
      ['Given names', t.given_names],
      ['Date of birth', t.date_of_birth],
      ['Nationality', t.nationality],
      ['Sex', t.gender],
      ['Document', doc.number ? `${doc.number}${doc.issuing_country ? ` (${doc.issuing_country}` : ''}${doc.document_type ? `, ${doc.document_type}` : ''}${doc.issuing_country ? ')' : ''}` : null],
      ['Expires', m && m.date_of_expiry ? `${m.date_of_expiry.date || m.date_of_expiry.raw}${m.expired ? ' — EXPIRED' : ''}` : null],
      ['Name truncated', m && m.name_truncated ? 'yes (the MRZ cut the name)' : null],
    ], 'facts wide'),
    m ? checksView(m) : null));
  const ph = res.person_hits || [];
  const dh = res.document_hits || [];
  box.append(h('h2', { text: `Persons (${ph.length})` }));
  box.append(ph.length ? h('ol', { class: 'hits', 'aria-label': 'person hits' }, ph.map((x) => personHit(x))) : h('p', { class: 'empty', text: 'No listed person matches.' }));
  box.append(h('h2', { text: `Documents (${dh.length})` }));
  box.append(dh.length ? h('ol', { class: 'hits', 'aria-label': 'document hits' }, dh.map((x) => documentHit(x))) : h('p', { class: 'empty', text: 'The document is not listed.' }));
  if (typeof res.took_ms === 'number') box.append(h('p', { class: 'summary', text: `${res.took_ms} ms` }));
  return box;
}

function checksView(m) {
  const checks = m.checks || [];
  const wrap = h('div', { class: 'checks' });
  wrap.append(h('p', { class: m.valid ? 'ok' : 'error', text: m.valid
    ? 'Every check digit is valid.'
    : `Check digits failing: ${(m.failed_checks || []).join(', ')}. The MRZ may be misread or altered; the traveller was checked all the same.` }));
  wrap.append(h('table', { class: 'grid small', 'aria-label': 'check digits' },
    h('thead', {}, h('tr', {}, ['Field', 'Printed', 'Computed', 'Result'].map((c) => h('th', { scope: 'col', text: c })))),
    h('tbody', {}, checks.map((c) => h('tr', { class: c.valid ? '' : 'bad' },
      h('td', { text: String(c.field).replace(/_/g, ' ') }),
      h('td', { class: 'mono', text: c.printed }),
      h('td', { class: 'mono', text: c.computed }),
      h('td', { text: c.valid ? '✓ valid' : '✗ fails' }))))));
  if ((m.warnings || []).length) wrap.append(h('ul', { class: 'warnings' }, m.warnings.map((w) => h('li', { text: typeof w === 'string' ? w : JSON.stringify(w) }))));
  return wrap;
}
