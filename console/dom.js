// Building DOM nodes without ever parsing HTML: every piece of text, and above all every
// value from the API (names are feed data, attacker-controlled), is set as textContent.

/**
 * h('div', {class: 'x', on: {click: fn}}, 'text', child, [more]) -> element.
 * Attributes: class, text, dataset {..}, on {event: fn}, a boolean true sets an empty
 * attribute, false/null/undefined leaves it out; anything else is setAttribute.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = Boolean(v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

/** Appends strings (as text), nodes and nested arrays; skips null, undefined and false. */
export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Removes every child of `el`, then appends `children`. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

/** A score in [0, 1] as a bar with its number; `threshold` marks where alerts start. */
export function scoreBar(score, threshold) {
  const pct = Math.max(0, Math.min(1, Number(score) || 0)) * 100;
  const fill = h('span', { class: 'fill' });
  fill.style.width = `${pct.toFixed(1)}%`; // CSSOM, allowed by the CSP (no inline style)
  const bar = h('span', {
    class: 'bar', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': 1,
    'aria-valuenow': Number(score).toFixed(3), 'aria-label': 'score',
  }, fill);
  if (typeof threshold === 'number') {
    const tick = h('span', { class: 'tick', title: `alert at ${threshold}` });
    tick.style.left = `${(threshold * 100).toFixed(1)}%`;
    bar.append(tick);
  }
  return h('span', { class: 'score' }, bar, h('span', { class: 'num', text: Number(score).toFixed(3) }));
}

/** "a, b, c" of an array, or the value itself, or an em dash for nothing. */
export function list(v) {
  if (v === null || v === undefined || v === '') return '—';
  return Array.isArray(v) ? (v.length ? v.join(', ') : '—') : String(v);
}

/** A definition list of [term, value] pairs, leaving out empty values. */
export function facts(pairs, cls = 'facts') {
  const dl = h('dl', { class: cls });
  for (const [k, v] of pairs) {
    if (v === null || v === undefined || v === '') continue;
    dl.append(h('dt', { text: k }), h('dd', {}, v));
  }
  return dl;
}

/** Starts a download of `text` as file `name` (made in the browser, nothing is sent). */
export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
