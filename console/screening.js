// Manifest screening: upload a manifest (CSV, JSON or PAXLST), follow the job live
// (POST /v1/screenings, then GET /v1/screenings/{id} until it stops), then a results table
// filterable by outcome and sortable by any column, exported as CSV or JSON in the browser.

import { api } from './api.js';
import { h, replace, download } from './dom.js';

const POLL_MS = 400;
/** Results fetched per page once a job has stopped (the service's maximum). */
const PAGE = 1000;
const RUNNING = new Set(['queued', 'running']);
const TYPES = { csv: 'text/csv', json: 'application/json', paxlst: 'application/edifact' };

/** The format a file's name suggests, or null. */
export function formatOf(name) {
  const ext = (name.split('.').pop() || '').toLowerCase();
  return { csv: 'csv', json: 'json', edi: 'paxlst', edifact: 'paxlst', paxlst: 'paxlst', txt: 'paxlst' }[ext] || null;
}

/** One table row from a result line of the report. */
export function row(line) {
  const t = line.traveller || {};
  const hits = [...(line.person_hits || []).map((x) => ({ ...x, what: 'person' })), ...(line.document_hits || []).map((x) => ({ ...x, what: 'document' }))];
  hits.sort((a, b) => b.score - a.score);
  const best = hits[0] || null;
  const pos = line.position || {};
  const where = pos.line !== undefined ? `line ${pos.line}` : pos.index !== undefined ? `#${pos.index}` : pos.segment !== undefined ? `segment ${pos.segment}${pos.tag ? ` ${pos.tag}` : ''}` : '';
  const doc = t.document || {};
  return {
    n: line.n,
    where,
    ref: line.id || t.id || '',
    traveller: [t.surname, t.given_names].filter(Boolean).join(', '),
    born: t.date_of_birth || '',
    nationality: t.nationality || '',
    document: [doc.number, doc.issuing_country].filter(Boolean).join(' '),
    outcome: line.rejected ? 'rejected' : line.alert ? 'alert' : 'clear',
    best: best ? `${best.what === 'person' ? best.name : best.number} (${best.source}/${best.id})` : '',
    score: best ? best.score : null,
    action: line.rejected ? `${line.rejected.field}: ${line.rejected.message}` : line.action || '',
    line,
  };
}

const COLUMNS = [
  ['n', '#'], ['ref', 'Ref'], ['traveller', 'Traveller'], ['born', 'Born'], ['nationality', 'Nat.'],
  ['document', 'Document'], ['outcome', 'Result'], ['best', 'Best hit'], ['score', 'Score'], ['action', 'Action / problem'],
];

/** A CSV cell: quoted when needed; a leading = + - @ is defused for spreadsheets (names are
 *  feed and manifest data). */
function cell(v) {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows) {
  const head = ['n', 'position', 'ref', 'traveller', 'date_of_birth', 'nationality', 'document', 'result', 'best_hit', 'score', 'action_or_problem'];
  const lines = rows.map((r) => [r.n, r.where, r.ref, r.traveller, r.born, r.nationality, r.document, r.outcome, r.best, r.score === null ? '' : r.score.toFixed(3), r.action].map(cell).join(','));
  return `${[head.join(','), ...lines].join('\r\n')}\r\n`;
}

export function mount(section) {
  const file = h('input', { id: 'scr-file', type: 'file', accept: '.csv,.json,.edi,.edifact,.paxlst,.txt,text/csv,application/json', required: true });
  const format = h('select', { id: 'scr-format' },
    h('option', { value: 'auto', text: 'from the file name' }), h('option', { value: 'csv', text: 'CSV' }),
    h('option', { value: 'json', text: 'JSON' }), h('option', { value: 'paxlst', text: 'PAXLST (EDIFACT)' }));
  const submit = h('button', { type: 'submit', id: 'scr-submit', text: 'Screen manifest' });
  const cancel = h('button', { type: 'button', id: 'scr-cancel', class: 'secondary', text: 'Cancel job', hidden: true });
  const message = h('p', { id: 'scr-message', role: 'status', class: 'status' });
  const progress = h('progress', { id: 'scr-progress', max: 1, value: 0, hidden: true, 'aria-label': 'screening progress' });
  const jobLine = h('p', { id: 'scr-job', class: 'job-line', 'aria-live': 'polite' });
  const filter = h('select', { id: 'scr-filter' },
    h('option', { value: 'all', text: 'all travellers' }), h('option', { value: 'alert', text: 'alerts only' }),
    h('option', { value: 'rejected', text: 'rejected only' }), h('option', { value: 'clear', text: 'clear only' }));
  const shown = h('span', { id: 'scr-shown', class: 'hint' });
  const csvBtn = h('button', { type: 'button', id: 'scr-export-csv', class: 'secondary', text: 'Export CSV' });
  const jsonBtn = h('button', { type: 'button', id: 'scr-export-json', class: 'secondary', text: 'Export JSON' });
  const tools = h('div', { class: 'tools', hidden: true },
    h('label', { for: 'scr-filter', text: 'Show' }), filter, shown, csvBtn, jsonBtn);
  const table = h('table', { id: 'scr-results', class: 'grid', hidden: true });
  const recent = h('div', { id: 'scr-recent' });
  const form = h('form', { id: 'scr-form', class: 'upload' },
    h('label', { for: 'scr-file', text: 'Manifest' }), file,
    h('label', { for: 'scr-format', text: 'Format' }), format, submit, cancel);
  replace(section, h('h1', { text: 'Manifest screening' }), form, message, progress, jobLine, tools, table,
    h('h2', { text: 'Recent screenings' }), recent);

  let job = null; // the stopped job shown: {id, rows, lines}
  let current = null; // the id of the job followed
  let sort = { key: 'n', dir: 1 };
  let poller = null;

  const visible = () => {
    const f = filter.value;
    const rows = job ? job.rows.filter((r) => f === 'all' || r.outcome === f) : [];
    const { key, dir } = sort;
    return rows.sort((a, b) => {
      const x = a[key], y = b[key];
      if (x === y) return a.n - b.n;
      if (x === null || x === '') return 1;
      if (y === null || y === '') return -1;
      return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * dir;
    });
  };

  const render = () => {
    const rows = visible();
    shown.textContent = `${rows.length} of ${job ? job.rows.length : 0} shown`;
    const head = h('tr', {}, COLUMNS.map(([k, label]) => h('th', { scope: 'col', 'aria-sort': sort.key === k ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none' },
      h('button', { type: 'button', class: 'sort', dataset: { key: k }, text: `${label}${sort.key === k ? (sort.dir > 0 ? ' ▲' : ' ▼') : ''}`,
        on: { click: () => { sort = { key: k, dir: sort.key === k ? -sort.dir : 1 }; render(); } } }))));
    const body = rows.map((r) => h('tr', { class: `r-${r.outcome}`, dataset: { outcome: r.outcome, ref: r.ref } },
      h('td', { class: 'num', text: r.n }), h('td', { text: r.ref }), h('td', { text: r.traveller }),
      h('td', { text: r.born }), h('td', { text: r.nationality }), h('td', { class: 'mono', text: r.document }),
      h('td', {}, h('span', { class: `badge ${r.outcome === 'alert' ? 'alert' : r.outcome === 'rejected' ? 'warn' : ''}`, text: r.outcome })),
      h('td', { text: r.best }), h('td', { class: 'num', text: r.score === null ? '' : r.score.toFixed(3) }),
      h('td', { class: r.outcome === 'alert' ? 'must' : '', text: r.action })));
    replace(table, h('thead', {}, head), h('tbody', {}, body));
  };

  const showJob = (j) => {
    const p = j.progress || {};
    const c = p.counters || {};
    progress.hidden = false;
    progress.max = Math.max(1, p.total || 0);
    progress.value = p.done || 0;
    jobLine.dataset.status = j.status;
    jobLine.textContent = `Job ${j.id}: ${j.status} · ${p.done || 0} of ${p.total || 0} travellers · ${c.alerts || 0} alerts · ${c.rejected || 0} rejected${j.error ? ` · ${j.error}` : ''}`;
  };

  async function follow(id) {
    clearTimeout(poller);
    current = id;
    job = null;
    tools.hidden = true;
    table.hidden = true;
    try {
      let j = await api('GET', `/v1/screenings/${encodeURIComponent(id)}?limit=1`);
      showJob(j);
      cancel.hidden = !RUNNING.has(j.status);
      if (RUNNING.has(j.status)) {
        poller = setTimeout(() => current === id && follow(id), POLL_MS);
        return;
      }
      const lines = [];
      const total = (j.summary && j.summary.travellers) || (j.progress && j.progress.total) || 0;
      for (let offset = 0; ; offset += PAGE) {
        j = await api('GET', `/v1/screenings/${encodeURIComponent(id)}?offset=${offset}&limit=${PAGE}`);
        const page = Array.isArray(j.results) ? j.results : [];
        lines.push(...page);
        if (page.length < PAGE || lines.length >= total) break;
      }
      job = { id, rows: lines.map(row), lines };
      tools.hidden = false;
      table.hidden = false;
      render();
      replace(message, `Screened ${lines.length} travellers.`);
      loadRecent();
    } catch (e) {
      replace(message, h('span', { class: 'error', text: e.describe ? e.describe() : String(e) }));
    }
  }

  async function loadRecent() {
    try {
      const res = await api('GET', '/v1/screenings');
      const jobs = res.jobs || [];
      replace(recent, jobs.length ? h('table', { class: 'grid small' },
        h('thead', {}, h('tr', {}, ['Job', 'Status', 'Created', 'Travellers', 'Alerts', ''].map((c) => h('th', { scope: 'col', text: c })))),
        h('tbody', {}, jobs.map((j) => h('tr', {},
          h('td', { class: 'mono', text: j.id }), h('td', { text: j.status }), h('td', { text: j.created_at }),
          h('td', { class: 'num', text: (j.progress && j.progress.total) ?? '' }),
          h('td', { class: 'num', text: (j.progress && j.progress.counters && j.progress.counters.alerts) ?? '' }),
          h('td', {}, h('button', { type: 'button', class: 'link', text: 'open', on: { click: () => follow(j.id) } }))))))
        : h('p', { class: 'empty', text: 'No screening jobs in the last 24 hours.' }));
    } catch (e) {
      replace(recent, h('span', { class: 'error', text: e.describe ? e.describe() : String(e) }));
    }
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = file.files[0];
    if (!f) return;
    const fmt = format.value === 'auto' ? formatOf(f.name) : format.value;
    if (!fmt) {
      replace(message, h('span', { class: 'error', text: `Cannot tell the format of "${f.name}": choose CSV, JSON or PAXLST.` }));
      return;
    }
    submit.disabled = true;
    replace(message, `Uploading ${f.name} (${fmt}, ${f.size} bytes)…`);
    try {
      const j = await api('POST', `/v1/screenings?format=${fmt}`, { body: f, type: TYPES[fmt] });
      replace(message, `Job ${j.id} accepted: ${j.progress ? j.progress.total : '?'} travellers.`);
      follow(j.id);
    } catch (e) {
      replace(message, h('span', { class: 'error', text: e.describe ? e.describe() : String(e) }));
    } finally {
      submit.disabled = false;
    }
  });
  cancel.addEventListener('click', async () => {
    if (!current) return;
    try {
      await api('DELETE', `/v1/screenings/${encodeURIComponent(current)}`);
    } catch (e) {
      replace(message, h('span', { class: 'error', text: e.describe ? e.describe() : String(e) }));
    }
  });
  filter.addEventListener('change', render);
  csvBtn.addEventListener('click', () => job && download(`screening-${job.id}.csv`, 'text/csv', toCsv(visible())));
  jsonBtn.addEventListener('click', () => job && download(`screening-${job.id}.json`, 'application/json',
    `${JSON.stringify(visible().map((r) => r.line), null, 2)}\n`));

  loadRecent();
  return { show: () => file.focus() };
}
