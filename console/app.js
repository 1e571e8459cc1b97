// The console's shell: sign-in with an API key (kept in sessionStorage for this tab only),
// the key's roles from GET /v1/session, hash routing between the pages the roles allow
// (#/officer, #/screening, #/admin), and the way back to sign-in on any 401.

import { api, key, onUnauthorized } from './api.js';
import { h, replace, $ } from './dom.js';
import * as officer from './officer.js';
import * as screening from './screening.js';
import * as admin from './admin.js';

/** Every page, the role it needs, and its module. A page whose role the key lacks is neither
 *  linked nor built. */
const PAGES = [
  { id: 'officer', title: 'Search', role: 'officer', module: officer },
  { id: 'screening', title: 'Screening', role: 'screener', module: screening },
  { id: 'admin', title: 'Administration', role: 'admin', module: admin },
];

let session = null; // {key_id, agency, roles, label}
const mounted = new Map(); // page id -> {section, page}

const allowed = () => PAGES.filter((p) => session && session.roles.includes(p.role));

function banner(text, kind = 'error') {
  const b = $('#banner');
  b.textContent = text || '';
  b.className = `banner ${kind}`;
  b.hidden = !text;
}

function showOnly(id) {
  for (const s of document.querySelectorAll('main > .page')) s.hidden = s.id !== id;
}

function signedOut(message) {
  key.clear();
  session = null;
  for (const { section } of mounted.values()) section.remove();
  mounted.clear();
  replace($('#nav'));
  $('#who').textContent = '';
  $('#signout').hidden = true;
  const m = $('#signin-message');
  m.textContent = message || '';
  m.hidden = !message;
  showOnly('page-signin');
  document.title = 'Sign in · Frontline';
  if (location.hash !== '#/signin' && location.hash !== '') history.replaceState(null, '', `${location.pathname}#/signin`);
  $('#signin-key').value = '';
  $('#signin-key').focus();
}

function signedIn(s) {
  session = s;
  const pages = allowed();
  replace($('#nav'), pages.map((p) => h('a', { href: `#/${p.id}`, id: `nav-${p.id}`, dataset: { page: p.id }, text: p.title })));
  $('#who').textContent = `${s.agency} · ${s.roles.join(', ')} · key ${s.key_id}${s.label ? ` (${s.label})` : ''}`;
  $('#signout').hidden = false;
  $('#signin-message').hidden = true;
  if (!pages.length) {
    showOnly('page-denied');
    $('#denied-message').textContent = 'This key holds no role the console offers.';
    return;
  }
  route();
}

/** Shows the page the hash names, when the key's roles allow it. */
function route() {
  if (!session) return;
  const want = (location.hash.match(/^#\/([a-z]+)/) || [])[1];
  const pages = allowed();
  let page = pages.find((p) => p.id === want);
  if (!want || want === 'signin') {
    page = pages[0];
    history.replaceState(null, '', `${location.pathname}#/${page.id}`);
  }
  for (const a of document.querySelectorAll('#nav a')) {
    if (page && a.dataset.page === page.id) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!page) {
    const known = PAGES.find((p) => p.id === want);
    $('#denied-message').textContent = known
      ? `This key (agency ${session.agency}) does not hold the ${known.role} role, so the ${known.title.toLowerCase()} page is not available.`
      : `There is no page "${want}".`;
    showOnly('page-denied');
    document.title = 'Not available · Frontline';
    return;
  }
  banner('');
  let m = mounted.get(page.id);
  if (!m) {
    const section = h('section', { id: `page-${page.id}`, class: 'page', hidden: true });
    $('#main').append(section);
    m = { section, page: page.module.mount(section, { session }) || {} };
    mounted.set(page.id, m);
  }
  showOnly(`page-${page.id}`);
  document.title = `${page.title} · Frontline`;
  if (m.page.show) m.page.show();
}

async function signIn(candidate) {
  const s = await api('GET', '/v1/session', { key: candidate });
  key.set(candidate);
  signedIn(s);
}

function start() {
  onUnauthorized((e) => signedOut(`Signed out: ${e.message}. The key may have been revoked; sign in again.`));
  $('#signin-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const candidate = $('#signin-key').value.trim();
    if (!candidate) return;
    const m = $('#signin-message');
    m.hidden = true;
    try {
      await signIn(candidate);
    } catch (e) {
      m.textContent = e.status === 401 ? 'That API key is not valid (unknown, mistyped or revoked).' : e.describe();
      m.hidden = false;
      $('#signin-key').select();
    }
  });
  $('#signout').addEventListener('click', () => signedOut('Signed out.'));
  window.addEventListener('hashchange', () => (session ? route() : null));
  document.addEventListener('keydown', (ev) => {
    // "/" jumps to the search box from anywhere but a text field
    if (ev.key === '/' && session && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
      const q = $('#q');
      if (q && !q.closest('.page').hidden) {
        ev.preventDefault();
        q.focus();
      }
    }
  });
  const stored = key.get();
  if (!stored) {
    signedOut('');
    return;
  }
  api('GET', '/v1/session', { key: stored })
    .then((s) => signedIn(s))
    .catch((e) => signedOut(e.status === 401 ? 'Your key is no longer valid; sign in again.' : e.describe()));
}

start();
