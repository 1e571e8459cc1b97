// Feed administration: the state of every organization's feed (GET /v1/admin/feeds), a
// reload from the feed directory or an upload, followed live as an ingest job; the job
// history with the bad lines of a rejected feed; API keys (create, shown once; list; revoke).

import { api } from './api.js';
import { h, replace, facts } from './dom.js';

const POLL_MS = 300;
const JOBS_SHOWN = 20;
const RUNNING = new Set(['queued', 'running']);
const FORMATS = ['jsonl', 'un-xml', 'ftm', 'senzing', 'ofac-sdn'];
const ROLES = ['officer', 'screener', 'admin'];

const errorText = (e) => (e && e.describe ? e.describe() : String(e));
const fail = (el, e) => replace(el, h('span', { class: 'error', text: errorText(e) }));
const when = (t) => (t ? String(t).replace('T', ' ').replace('Z', ' UTC') : '');

function counts(records) {
  const r = records || {};
  return [r.person ?? 0, r.document ?? 0];
}

export function mount(section, ctx) {
  const message = h('p', { id: 'admin-message', class: 'status', role: 'status', 'aria-live': 'polite' });
  const feeds = h('div', { id: 'feeds' });
  const problems = h('div', { id: 'feed-problems' });
  const jobs = h('div', { id: 'jobs' });
  const detail = h('div', { id: 'job-detail', class: 'detail' });
  const keys = h('div', { id: 'keys' });
  const created = h('div', { id: 'key-created', 'aria-live': 'polite' });

  // upload form
  const upSource = h('input', { id: 'up-source', type: 'text', size: 12, required: true, autocomplete: 'off', placeholder: 'EUROPOL', list: 'up-sources' });
  const upSources = h('datalist', { id: 'up-sources' });
  const upMode = h('select', { id: 'up-mode' }, h('option', { value: 'full', text: 'full (replaces the source)' }), h('option', { value: 'delta', text: 'delta (changes only)' }));
  const upFormat = h('select', { id: 'up-format' }, FORMATS.map((f) => h('option', { value: f, text: f })));
  const upFile = h('input', { id: 'up-file', type: 'file', multiple: true, required: true });
  const upForce = h('input', { id: 'up-force', type: 'checkbox' });
  const upForm = h('form', { id: 'upload-form', class: 'upload' },
    h('label', { for: 'up-source', text: 'Source' }), upSource, upSources,
    h('label', { for: 'up-mode', text: 'Mode' }), upMode,
    h('label', { for: 'up-format', text: 'Format' }), upFormat,
    h('label', { for: 'up-file', text: 'File(s)' }), upFile,
    h('label', { class: 'inline' }, upForce, ' force (allow removing more than half of the source)'),
    h('button', { type: 'submit', id: 'up-submit', text: 'Upload feed' }));

  // key form
  const kAgency = h('input', { id: 'key-agency', type: 'text', size: 12, required: true, value: ctx.session.agency, autocomplete: 'off' });
  const kLabel = h('input', { id: 'key-label', type: 'text', size: 24, autocomplete: 'off', placeholder: 'desk 4, terminal 2' });
  const kRoles = ROLES.map((r) => h('input', { type: 'checkbox', id: `key-role-${r}`, value: r, checked: r === 'officer' }));
  const kForm = h('form', { id: 'key-form', class: 'upload' },
    h('label', { for: 'key-agency', text: 'Agency' }), kAgency,
    h('fieldset', { class: 'roles' }, h('legend', { text: 'Roles' }), ROLES.map((r, i) => h('label', { class: 'inline', for: `key-role-${r}` }, kRoles[i], ` ${r}`))),
    h('label', { for: 'key-label', text: 'Label' }), kLabel,
    h('button', { type: 'submit', id: 'key-submit', text: 'Create key' }));

  replace(section,
    h('h1', { text: 'Feed administration' }), message,
    h('h2', { text: 'Feeds' }), feeds, problems,
    h('h3', { text: 'Upload a feed' }), upForm,
    h('h2', { text: 'Ingest jobs' }), jobs, detail,
    h('h2', { text: 'API keys' }), created, kForm, keys);

  async function loadFeeds() {
    try {
      const res = await api('GET', '/v1/admin/feeds');
      const sources = res.sources || [];
      replace(upSources, sources.map((s) => h('option', { value: s.source })));
      replace(feeds, h('table', { class: 'grid', 'aria-label': 'feeds' },
        h('thead', {}, h('tr', {}, ['Organization', 'Persons', 'Documents', 'Feed file', 'Last success', 'Last failure', 'Now', ''].map((c) => h('th', { scope: 'col', text: c })))),
        h('tbody', {}, sources.map(feedRow))));
      replace(problems, (res.problems || []).length
        ? h('div', { class: 'warn-box' }, h('p', { text: `The feed directory ${res.feed_dir || ''} holds entries that are not feeds:` }),
          h('ul', {}, res.problems.map((p) => h('li', { text: typeof p === 'string' ? p : JSON.stringify(p) }))))
        : null);
    } catch (e) {
      fail(feeds, e);
    }
  }

  function feedRow(s) {
    const [persons, documents] = counts(s.records);
    const ok = s.last_success;
    const bad = s.last_failure;
    const conf = s.configured;
    const reload = h('button', { type: 'button', class: 'secondary', dataset: { reload: s.source }, text: 'Reload', disabled: !conf || Boolean(s.running_job),
      title: conf ? `full re-ingest from ${conf.path}` : 'no file for this source in the feed directory', on: { click: () => reloadSource(s.source) } });
    return h('tr', { dataset: { source: s.source } },
      h('th', { scope: 'row', text: s.source }),
      h('td', { class: 'num persons', text: persons }),
      h('td', { class: 'num documents', text: documents }),
      h('td', {}, conf ? h('span', { title: conf.path, text: `${conf.format}${conf.refresh ? `, every ${conf.refresh}` : ''}` }) : h('span', { class: 'hint', text: 'none (uploads only)' })),
      h('td', { text: ok ? `${when(ok.finished_at)} · ${ok.mode} · ${ok.records_before} → ${ok.records_after}` : '—' }),
      h('td', { class: bad ? 'error' : '', text: bad ? `${when(bad.finished_at || bad.time)} · ${bad.status}: ${bad.reason || ''}` : '—' }),
      h('td', { text: s.running_job ? `running ${s.running_job.id || s.running_job}` : s.next_refresh ? `next refresh ${when(s.next_refresh)}` : '' }),
      h('td', {}, reload));
  }

  async function loadJobs() {
    try {
      const res = await api('GET', `/v1/admin/jobs?limit=${JOBS_SHOWN}`);
      const list = res.jobs || [];
      replace(jobs, list.length ? h('table', { class: 'grid', 'aria-label': 'ingest jobs' },
        h('thead', {}, h('tr', {}, ['Job', 'Source', 'How', 'Status', 'Created', 'Lines', 'Accepted', 'Rejected', ''].map((c) => h('th', { scope: 'col', text: c })))),
        h('tbody', {}, list.map((j) => {
          const p = j.params || {};
          const c = (j.progress && j.progress.counters) || {};
          return h('tr', { dataset: { job: j.id, status: j.status }, class: `s-${j.status}` },
            h('td', { class: 'mono', text: j.id }), h('td', { text: p.source || j.key || '' }),
            h('td', { text: [p.origin, p.mode, p.format].filter(Boolean).join(' · ') }),
            h('td', {}, h('span', { class: `badge ${j.status === 'succeeded' ? 'ok' : RUNNING.has(j.status) ? '' : 'alert'}`, text: j.status })),
            h('td', { text: when(j.created_at) }),
            h('td', { class: 'num', text: c.lines_read ?? '' }), h('td', { class: 'num', text: c.accepted ?? '' }), h('td', { class: 'num', text: c.rejected ?? '' }),
            h('td', {}, h('button', { type: 'button', class: 'link', text: 'details', on: { click: () => showJob(j.id) } })));
        }))) : h('p', { class: 'empty', text: 'No ingest jobs in the last 24 hours.' }));
    } catch (e) {
      fail(jobs, e);
    }
  }

  async function showJob(id) {
    try {
      const j = await api('GET', `/v1/admin/jobs/${encodeURIComponent(id)}`);
      replace(detail, jobDetail(j));
      return j;
    } catch (e) {
      fail(detail, e);
      return null;
    }
  }

  /** Polls job `id` until it stops, then refreshes feeds and jobs; says how it ended. */
  async function follow(id, what) {
    for (;;) {
      const j = await showJob(id);
      if (!j) return;
      const c = (j.progress && j.progress.counters) || {};
      replace(message, `${what}: ${j.status}${c.lines_read !== undefined ? ` · ${c.lines_read} lines read` : ''}`);
      if (!RUNNING.has(j.status)) {
        const s = j.summary || {};
        const end = j.status === 'succeeded'
          ? `${what}: succeeded · ${s.records_before} → ${s.records_after} records (${s.upserts ?? 0} upserts, ${s.deletes ?? 0} deletes)`
          : `${what}: ${j.status}${j.error ? ` — ${j.error}` : ''}`;
        replace(message, h('span', { class: j.status === 'succeeded' ? 'ok' : 'error', text: end }));
        await Promise.all([loadFeeds(), loadJobs()]);
        return;
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  async function reloadSource(source) {
    replace(message, `Reloading ${source}…`);
    try {
      const j = await api('POST', `/v1/admin/feeds/${encodeURIComponent(source)}/reload`);
      await follow(j.id, `Reload of ${source}`);
    } catch (e) {
      if (e.code === 'ingest_running' && e.detail && e.detail.job_id) {
        replace(message, h('span', { class: 'error', text: errorText(e) }));
        showJob(e.detail.job_id);
      } else fail(message, e);
    }
  }

  upForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const source = upSource.value.trim().toUpperCase();
    const files = [...upFile.files];
    if (!source || !files.length) return;
    const fmt = upFormat.value;
    let body = files[0];
    let type = fmt === 'jsonl' ? 'application/x-ndjson' : 'application/octet-stream';
    if (fmt === 'ofac-sdn') {
      // one multipart part per CSV file, named by its file name (sdn.csv, alt.csv, ...)
      body = new FormData();
      for (const f of files) body.append(f.name, f, f.name);
      type = undefined;
    } else if (files.length > 1) {
      replace(message, h('span', { class: 'error', text: `A ${fmt} feed is one file; only ofac-sdn takes several.` }));
      return;
    }
    const q = `mode=${upMode.value}&format=${fmt}${upForce.checked ? '&force=true' : ''}`;
    replace(message, `Uploading ${files.map((f) => f.name).join(', ')} for ${source}…`);
    try {
      const j = await api('POST', `/v1/admin/feeds/${encodeURIComponent(source)}/ingest?${q}`, { body, type });
      await follow(j.id, `Upload for ${source}`);
    } catch (e) {
      fail(message, e);
      if (e.detail && Array.isArray(e.detail.errors)) replace(detail, badLines(e.detail.errors, e.detail.total));
    }
  });

  async function loadKeys() {
    try {
      const res = await api('GET', '/v1/admin/keys');
      const list = res.keys || [];
      replace(keys, h('table', { class: 'grid', 'aria-label': 'API keys' },
        h('thead', {}, h('tr', {}, ['Key id', 'Agency', 'Roles', 'Label', 'Created', 'Revoked', ''].map((c) => h('th', { scope: 'col', text: c })))),
        h('tbody', {}, list.map((k) => h('tr', { dataset: { key: k.id }, class: k.revoked_at ? 'revoked' : '' },
          h('td', { class: 'mono', text: k.id }), h('td', { text: k.agency }), h('td', { text: (k.roles || []).join(', ') }),
          h('td', { text: k.label || '' }), h('td', { text: when(k.created_at) }), h('td', { text: when(k.revoked_at) }),
          h('td', {}, k.revoked_at || k.id === ctx.session.key_id ? (k.id === ctx.session.key_id ? h('span', { class: 'hint', text: 'this session' }) : null) : revokeButton(k)))))));
    } catch (e) {
      fail(keys, e);
    }
  }

  function revokeButton(k) {
    const cell = h('span', {});
    const ask = h('button', { type: 'button', class: 'secondary', text: 'Revoke', dataset: { revoke: k.id } });
    ask.addEventListener('click', () => {
      const yes = h('button', { type: 'button', class: 'danger', text: `Revoke ${k.id} now`, dataset: { confirm: k.id } });
      const no = h('button', { type: 'button', class: 'link', text: 'keep it' });
      yes.addEventListener('click', async () => {
        try {
          await api('DELETE', `/v1/admin/keys/${encodeURIComponent(k.id)}`);
          replace(message, h('span', { class: 'ok', text: `Key ${k.id} revoked; it stops working at once.` }));
        } catch (e) {
          fail(message, e);
        }
        loadKeys();
      });
      no.addEventListener('click', () => replace(cell, ask));
      replace(cell, yes, ' ', no);
      yes.focus();
    });
    return replace(cell, ask);
  }

  kForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const roles = kRoles.filter((c) => c.checked).map((c) => c.value);
    if (!roles.length) {
      replace(created, h('span', { class: 'error', text: 'Give the key at least one role.' }));
      return;
    }
    const body = { agency: kAgency.value.trim().toUpperCase(), roles };
    if (kLabel.value.trim()) body.label = kLabel.value.trim();
    try {
      const res = await api('POST', '/v1/admin/keys', { json: body });
      const code = h('code', { id: 'key-secret', class: 'secret', text: res.key });
      const copy = h('button', { type: 'button', class: 'secondary', text: 'Copy' });
      copy.addEventListener('click', async () => {
        try {
          await navigator.clipboard.writeText(res.key);
          copy.textContent = 'Copied';
        } catch {
          const r = document.createRange();
          r.selectNodeContents(code);
          getSelection().removeAllRanges();
          getSelection().addRange(r);
          copy.textContent = 'Selected: press Ctrl+C';
        }
      });
      const done = h('button', { type: 'button', class: 'link', text: 'I have stored it — hide' });
      done.addEventListener('click', () => replace(created));
      replace(created, h('div', { class: 'once' },
        h('p', {}, h('strong', { text: `New key ${res.record.id} for ${res.record.agency} (${res.record.roles.join(', ')}).` }),
          ' It is shown this once: the service keeps only its digest.'),
        h('p', {}, code, ' ', copy, ' ', done)));
      kLabel.value = '';
      loadKeys();
    } catch (e) {
      fail(created, e);
    }
  });

  const refresh = () => Promise.all([loadFeeds(), loadJobs(), loadKeys()]);
  refresh();
  return { show: refresh };
}

function badLines(errors, total) {
  return h('div', { class: 'bad-lines' },
    h('p', { class: 'error', text: `${total ?? errors.length} bad entr${(total ?? errors.length) === 1 ? 'y' : 'ies'}; nothing was applied.${total > errors.length ? ` The first ${errors.length}:` : ''}` }),
    h('table', { class: 'grid small', 'aria-label': 'bad lines' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Line' }), h('th', { scope: 'col', text: 'Problem' }))),
      h('tbody', {}, errors.map((e) => h('tr', {}, h('td', { class: 'num', text: e.line ?? e.index ?? '' }), h('td', { text: e.reason || e.message || JSON.stringify(e) }))))));
}

function jobDetail(j) {
  const p = j.params || {};
  const c = (j.progress && j.progress.counters) || {};
  const s = j.summary || {};
  const box = h('section', { class: 'job', 'aria-label': `job ${j.id}` },
    h('h3', { text: `Job ${j.id}` }),
    facts([
      ['Source', p.source], ['Status', j.status], ['How', [p.origin, p.mode, p.format].filter(Boolean).join(' · ')],
      ['File', p.path], ['Created', when(j.created_at)], ['Started', when(j.started_at)], ['Finished', when(j.finished_at)],
      ['Read', c.lines_read !== undefined ? `${c.lines_read} lines, ${c.bytes_read} bytes; ${c.accepted} accepted, ${c.rejected} rejected` : null],
      ['Records', s.records_after !== undefined ? `${s.records_before} → ${s.records_after} (${s.upserts} upserts, ${s.deletes} deletes)` : null],
      ['By kind', s.records ? Object.entries(s.records).map(([k, v]) => `${v} ${k}s`).join(', ') : null],
      ['Checksum', s.checksum ? h('span', { class: 'mono', text: s.checksum }) : null],
      ['Took', s.took_ms !== undefined ? `${s.took_ms} ms` : null],
      ['Why', j.error],
    ], 'facts wide'));
  if (Array.isArray(s.errors) && s.errors.length) box.append(badLines(s.errors, s.total_errors));
  if (Array.isArray(s.warnings) && s.warnings.length) box.append(h('ul', { class: 'warnings' }, s.warnings.map((w) => h('li', { text: typeof w === 'string' ? w : JSON.stringify(w) }))));
  return box;
}
