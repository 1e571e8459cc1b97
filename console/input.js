// What the officer typed: a name, a document number or an MRZ (typed line by line by a
// scanner, or pasted), and dates as officers write them. Pure functions, no DOM.

/** MRZ layouts: lines x characters (Doc 9303). MRV-A/B share TD3/TD2 sizes. */
export const MRZ_LAYOUTS = [
  { name: 'TD3 (passport)', lines: 2, length: 44 },
  { name: 'TD2', lines: 2, length: 36 },
  { name: 'TD1 (ID card)', lines: 3, length: 30 },
];

/** Characters scanners type for the filler. */
const FILLERS = /[«‹〈＜]/g;

/** The text as MRZ lines: upper case, fillers unified, spaces and empty lines dropped. */
export function mrzLines(text) {
  return text
    .toUpperCase()
    .replace(FILLERS, '<')
    .split(/\r?\n|\r/)
    .map((l) => l.replace(/[ \t]/g, ''))
    .filter((l) => l.length > 0);
}

/**
 * Is `text` MRZ-shaped, and how far along? A name or a document number never holds `<`, an
 * MRZ always does, so any `<` in text made only of MRZ characters means an MRZ is being
 * typed. Returns null when it is not MRZ-shaped, else
 * `{complete, exact, layout, lines, progress}`: `complete` when the lines match a layout
 * (one character more or less per line is tolerated, as the service does), `exact` when
 * they match it to the character (safe to check without waiting for Enter).
 */
export function mrzState(text) {
  const lines = mrzLines(text);
  if (!lines.length || !lines.every((l) => /^[A-Z0-9<]+$/.test(l))) return null;
  if (!lines.some((l) => l.includes('<'))) return null;
  // a pasted MRZ without line breaks: the service splits it at the layout length
  if (lines.length === 1) {
    const joined = MRZ_LAYOUTS.find((f) => lines[0].length === f.lines * f.length);
    if (joined) return { complete: true, exact: true, layout: joined, lines, progress: `${joined.name}, joined lines` };
  }
  const first = lines[0].length;
  const layout = MRZ_LAYOUTS.find((f) => Math.abs(first - f.length) <= 1) || null;
  const near = (l) => layout && Math.abs(l.length - layout.length) <= 1;
  const complete = Boolean(layout) && lines.length === layout.lines && lines.every(near);
  const exact = complete && lines.every((l) => l.length === layout.length);
  // the line being typed: after a line break, the next one (still empty)
  const onNew = /\n\s*$/.test(text) && !complete;
  const at = onNew ? lines.length + 1 : lines.length;
  const typed = onNew ? 0 : lines[lines.length - 1].length;
  const progress = layout
    ? `${layout.name}: line ${at} of ${layout.lines}, ${typed} of ${layout.length} characters`
    : `line ${at}, ${typed} characters`;
  return { complete, exact, layout, lines, progress };
}

/**
 * How the search box's text will be searched: `{kind: 'empty' | 'mrz' | 'document' |
 * 'name', reason}`. A document number holds digits and only letters, digits and the
 * separators printed between groups (space, dash, dot, slash); with spaces, at least 30% of
 * it must be digits. Names hold no digits.
 */
export function classify(text) {
  const t = text.trim();
  if (!t) return { kind: 'empty', reason: '' };
  const mrz = mrzState(text);
  if (mrz) {
    return {
      kind: 'mrz',
      mrz,
      reason: mrz.complete ? `MRZ, ${mrz.layout.name}` : `MRZ being read (${mrz.progress})`,
    };
  }
  const alnum = t.replace(/[^\p{L}\p{N}]/gu, '');
  const digits = t.replace(/\D/g, '').length;
  // printed numbers may be spaced in groups ("AB-801 2345"); a name with a stray digit is
  // still a name ("John Smith 2")
  const numberish = !/\s/.test(t) || digits >= 0.3 * alnum.length;
  if (digits && numberish && /^[A-Za-z0-9][A-Za-z0-9 .\-/]*$/.test(t) && alnum.length >= 4) {
    return { kind: 'document', reason: 'document number (letters and digits, no name)' };
  }
  if (/\d/.test(t)) {
    return { kind: 'name', reason: 'name (digits are ignored in names; choose "document number" if it is one)' };
  }
  return { kind: 'name', reason: 'name (no digits)' };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

const pad = (n) => String(n).padStart(2, '0');

/** A two-digit year as the latest century that does not put it after this year. */
function fullYear(yy, now) {
  const y = Number(yy);
  const thisYear = now.getUTCFullYear();
  let full = Math.floor(thisYear / 100) * 100 + y;
  if (full > thisYear) full -= 100;
  return full;
}

function daysIn(year, month) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A date of birth as officers type it: `17.08.1975`, `17/08/1975`, `17-08-1975`,
 * `1975-08-17`, `19750817`, `17081975`, `08.1975`, `1975-08`, `1975`, or with a two-digit
 * year (`17.08.75`, the latest century not in the future). Day first: this is a European
 * desk. Returns null for empty input, `{ok: true, value, words}` (value as the API takes
 * it: YYYY-MM-DD, YYYY-MM or YYYY), or `{ok: false, message}`.
 */
export function parseDate(text, now = new Date()) {
  const t = text.trim();
  if (!t) return null;
  let y, m, d, m2;
  if ((m2 = /^(\d{4})$/.exec(t))) [y] = [Number(m2[1])];
  else if ((m2 = /^(\d{4})[-./](\d{1,2})(?:[-./](\d{1,2}))?$/.exec(t))) [y, m, d] = [m2[1], m2[2], m2[3]].map((v) => (v === undefined ? undefined : Number(v)));
  else if ((m2 = /^(\d{1,2})[./\- ](\d{1,2})[./\- ](\d{4}|\d{2})$/.exec(t))) {
    d = Number(m2[1]);
    m = Number(m2[2]);
    y = m2[3].length === 2 ? fullYear(m2[3], now) : Number(m2[3]);
  } else if ((m2 = /^(\d{1,2})[./\- ](\d{4})$/.exec(t))) [m, y] = [Number(m2[1]), Number(m2[2])];
  else if ((m2 = /^(\d{8})$/.exec(t))) {
    const s = m2[1];
    const ymd = [Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6))];
    const ok = ([yy, mm, dd]) => yy >= 1900 && mm >= 1 && mm <= 12 && dd >= 1 && dd <= daysIn(yy, mm);
    [y, m, d] = ok(ymd) ? ymd : [Number(s.slice(4)), Number(s.slice(2, 4)), Number(s.slice(0, 2))];
  } else {
    return { ok: false, message: `"${t}" is not a date: type it as 17.08.1975, 1975-08-17, 08.1975 or 1975` };
  }
  if (y < 1900) return { ok: false, message: `${y} is before 1900` };
  if (m !== undefined && (m < 1 || m > 12)) return { ok: false, message: `there is no month ${m}` };
  if (d !== undefined && (d < 1 || d > daysIn(y, m))) {
    return { ok: false, message: `${MONTHS[m - 1]} ${y} has no day ${d}` };
  }
  const today = [now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate()];
  const given = [y, m ?? 1, d ?? 1];
  const future = given[0] > today[0] || (given[0] === today[0] && (given[1] > today[1] || (given[1] === today[1] && given[2] > today[2])));
  if (future) return { ok: false, message: 'a date of birth cannot be in the future' };
  if (d !== undefined) return { ok: true, value: `${y}-${pad(m)}-${pad(d)}`, words: `${d} ${MONTHS[m - 1]} ${y}` };
  if (m !== undefined) return { ok: true, value: `${y}-${pad(m)}`, words: `${MONTHS[m - 1]} ${y}` };
  return { ok: true, value: String(y), words: `the year ${y}` };
}
