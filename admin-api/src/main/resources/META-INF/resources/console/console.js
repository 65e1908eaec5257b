// The operators' web console: a client of admin-api's REST API on the same origin, nothing else. Every text
// that comes from the API is put into the page with textContent (el() below), never as markup. The API enforces
// the roles; the console only hides the controls a role may not use (they carry data-write).

const TOKEN_KEY = 'mailplatform.console.token';
// OIDC sign-in (README "Web console"): the refresh and ID tokens of this tab, and the sign-in under way (state,
// PKCE verifier) while the browser is at the provider.
const REFRESH_KEY = 'mailplatform.console.refresh-token';
const ID_TOKEN_KEY = 'mailplatform.console.id-token';
const PENDING_KEY = 'mailplatform.console.oidc-pending';
const main = document.getElementById('main');
const errorBox = document.getElementById('error');
const statusBox = document.getElementById('status');
let session = null;
let signInOptions = { oidc: null, oidcError: null, tokenIssuer: false };
let signInProblem = null;
let refreshing = null;
let signOuts = 0;
// Each render draws into a fresh element, swapped in only if no later render started meanwhile.
let view = null;
let generation = 0;

// ---------------------------------------------------------------- DOM and formatting helpers

/** el('td', {class: 'num', text: '3'}, child...): children that are strings become text nodes. */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = String(v);
    else if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function table(headers, rows) {
  return el('div', { class: 'table-wrap' },
    el('table', {},
      el('thead', {}, el('tr', {}, headers.map(h => el('th', { scope: 'col', class: h.num ? 'num' : null, text: h.label ?? h })))),
      el('tbody', {}, rows.length ? rows : el('tr', {}, el('td', { colspan: headers.length, class: 'muted', text: 'Nothing to show.' })))));
}

function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d) ? String(iso) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

function bytes(n) {
  if (n === null || n === undefined) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = Number(n), i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return (i === 0 ? String(v) : v.toFixed(1)) + ' ' + units[i];
}

function usageBar(used, quota) {
  if (!quota) return el('span', { class: 'muted', text: bytes(used) + ' (no own limit)' });
  const pct = Math.min(100, Math.round(used * 100 / quota));
  const bar = el('span', { class: 'bar' + (pct >= 90 ? ' full' : ''), role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': 100,
    'aria-valuenow': pct, 'aria-label': `${pct}% of quota used` }, el('span', {}));
  bar.firstChild.style.width = pct + '%';
  return el('span', {}, bar, ` ${bytes(used)} of ${bytes(quota)} (${pct}%)`);
}

function can(role) {
  return !!session && session.roles.includes(role);
}

/** A control that changes something: hidden from roles that may not use it. */
function writeButton(role, label, onclick, cls) {
  if (!can(role)) return null;
  return el('button', { type: 'button', class: cls, 'data-write': role, onclick }, label);
}

function say(text) { statusBox.textContent = text; }

function showError(e) {
  errorBox.replaceChildren(el('strong', { text: e.title || 'Error' }), ' ', el('span', { text: e.detail || e.message || String(e) }));
  errorBox.hidden = false;
}

function clearError() { errorBox.hidden = true; errorBox.replaceChildren(); }

/** Runs an action, showing the API's problem (title + detail) if it fails; returns its result or undefined. */
async function guarded(fn) {
  clearError();
  try {
    return await fn();
  } catch (e) {
    showError(e);
    return undefined;
  }
}

// ---------------------------------------------------------------- API client

class ApiError extends Error {
  constructor(status, title, detail) {
    super(`${status} ${title}: ${detail}`);
    this.status = status; this.title = title; this.detail = detail;
  }
}

async function api(method, path, { query, body, anonymous } = {}, retried = false) {
  const url = new URL('/api/v1' + path, location.origin);
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
  }
  const token = sessionStorage.getItem(TOKEN_KEY);
  const headers = { Accept: 'application/json, application/problem+json' };
  if (!anonymous) headers.Authorization = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'Network error', 'admin-api could not be reached: ' + e.message);
  }
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    const err = new ApiError(res.status, data?.title || res.statusText || 'Error', data?.detail || `HTTP ${res.status}`);
    // An expired OIDC access token: new tokens from the refresh token (once per request), then the same call again.
    if (res.status === 401 && !anonymous && !retried) {
      const refreshed = await refreshTokens(token);
      if (refreshed === true) return api(method, path, { query, body }, true);
      if (refreshed instanceof ApiError) throw refreshed; // provider or admin-api unreachable: still signed in
    }
    if (res.status === 401 && !anonymous && path !== '/session') signOut(err);
    throw err;
  }
  return data;
}

/**
 * RFC 6749 section 6 through admin-api: true when there are new tokens, false when there are none to be had (no
 * refresh token, or the provider refused it: section 5.2), or the error when the refresh could not be tried (503,
 * network), which leaves the tab signed in. Calls that failed together share one refresh (a provider rotating refresh
 * tokens would refuse the second use); a call whose token was already replaced just tries again. A sign-out while
 * the refresh is under way wins: its tokens are not kept.
 */
async function refreshTokens(usedToken) {
  const current = sessionStorage.getItem(TOKEN_KEY);
  if (current === null) return false;
  if (current !== usedToken) return true;
  const refreshToken = sessionStorage.getItem(REFRESH_KEY);
  if (!refreshToken) return false;
  const epoch = signOuts;
  refreshing ??= api('POST', '/console/oidc/refresh', { anonymous: true, body: { refreshToken } })
    .then(t => {
      if (epoch !== signOuts) return false;
      keepTokens(t);
      return true;
    }, e => {
      if (e.status !== 400) return e;
      sessionStorage.removeItem(REFRESH_KEY);
      return false;
    })
    .finally(() => { refreshing = null; });
  return refreshing;
}

function keepTokens(t) {
  sessionStorage.setItem(TOKEN_KEY, t.accessToken);
  if (t.refreshToken) sessionStorage.setItem(REFRESH_KEY, t.refreshToken);
  if (t.idToken) sessionStorage.setItem(ID_TOKEN_KEY, t.idToken);
}

const enc = encodeURIComponent;

// ---------------------------------------------------------------- dialogs

/** A modal form; resolves to the values by field name, or null when cancelled. */
function formDialog(title, fields, confirmLabel = 'OK', danger = false) {
  return new Promise(resolve => {
    const inputs = fields.map(f => el('input', { name: f.name, type: f.type || 'text', required: f.required, value: f.value, min: f.min,
      autocomplete: f.type === 'password' ? 'new-password' : 'off' }));
    const form = el('form', { method: 'dialog' },
      el('h2', { text: title }),
      fields.map((f, i) => el('p', {}, el('label', {}, f.label, el('br'), inputs[i]))),
      el('p', {},
        el('button', { type: 'submit', value: 'ok', class: danger ? 'danger' : 'primary' }, confirmLabel), ' ',
        el('button', { type: 'button', value: 'cancel', onclick: () => dlg.close('cancel') }, 'Cancel')));
    const dlg = el('dialog', { 'aria-label': title }, form);
    dlg.addEventListener('close', () => {
      const ok = dlg.returnValue === 'ok';
      const values = Object.fromEntries(inputs.map(i => [i.name, i.value]));
      dlg.remove();
      resolve(ok ? values : null);
    });
    document.body.append(dlg);
    dlg.showModal();
  });
}

function confirmDialog(title, text, label = 'Delete') {
  return new Promise(resolve => {
    const dlg = el('dialog', { role: 'alertdialog', 'aria-label': title },
      el('form', { method: 'dialog' },
        el('h2', { text: title }), el('p', { text }),
        el('p', {}, el('button', { type: 'submit', value: 'ok', class: 'danger' }, label), ' ',
          el('button', { type: 'submit', value: 'cancel', autofocus: true }, 'Cancel'))));
    dlg.addEventListener('close', () => { const ok = dlg.returnValue === 'ok'; dlg.remove(); resolve(ok); });
    document.body.append(dlg);
    dlg.showModal();
  });
}

/** A filter/create form laid out inline; onsubmit receives the values by name. */
function inlineForm(label, fields, submitLabel, onsubmit, writeRole) {
  const inputs = fields.map(f => {
    const input = f.options
      ? el('select', { name: f.name }, f.options.map(o => el('option', { value: o.value ?? o, text: o.label ?? (o || 'any') })))
      : el('input', { name: f.name, type: f.type || 'text', required: f.required, placeholder: f.placeholder, value: f.value,
        autocomplete: f.type === 'password' ? 'new-password' : 'off' });
    return el('label', {}, f.label, input);
  });
  const form = el('form', { class: 'inline', 'aria-label': label, 'data-write': writeRole },
    inputs, el('button', { type: 'submit', class: 'primary' }, submitLabel));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    onsubmit(Object.fromEntries(new FormData(form).entries()), form);
  });
  return form;
}

function mebibytes(text) {
  const n = Number(text || 0);
  if (!Number.isFinite(n) || n < 0) throw new ApiError(0, 'Invalid quota', 'the quota must be a number of MiB, 0 or more');
  return Math.round(n * 1024 * 1024);
}

/**
 * A list page's slice of the API's offset/limit paging: offset and limit come from the page's address (so links,
 * back and reload keep them), the limit bounded as the API bounds it (1..1000).
 */
function slice(params, defaultLimit) {
  const int = (v, d) => (/^\d+$/.test(v || '') ? Number(v) : d);
  return { offset: int(params.get('offset'), 0), limit: Math.min(1000, Math.max(1, int(params.get('limit'), defaultLimit))) };
}

/** "101–200 of 2345" with Previous/Next links that keep the page's filter. */
function pager(name, params, page) {
  const from = page.items.length ? page.offset + 1 : 0;
  const to = page.offset + page.items.length;
  const link = (label, offset, rel) => el('a', { href: hashFor(name, { ...Object.fromEntries(params), offset: offset || null }), rel, text: label });
  return el('nav', { class: 'pager', 'aria-label': 'Pages' },
    el('span', { 'data-range': '', text: `${from}–${to} of ${page.total}` }),
    ...(page.offset > 0 ? [' ', link('Previous', Math.max(0, page.offset - page.limit), 'prev')] : []),
    ...(to < page.total ? [' ', link('Next', to, 'next')] : []));
}

// ---------------------------------------------------------------- pages

const pages = {};

pages.dashboard = async () => {
  const cards = el('div', { class: 'cards' });
  view.append(el('h2', { text: 'Dashboard' }), cards);

  const health = el('section', { class: 'card', 'aria-labelledby': 'h-health' }, el('h3', { id: 'h-health', text: 'Components' }));
  cards.append(health);
  if (can('operator')) {
    const st = await api('GET', '/status').catch(e => e);
    if (st instanceof Error) health.append(el('p', { class: 'error', text: `${st.title}: ${st.detail}` }));
    else {
      health.append(el('p', {}, 'Platform: ', el('strong', { class: st.status, text: st.status })));
      health.append(el('ul', {}, st.components.map(c => el('li', {}, el('span', { text: c.name }), ' ',
        el('strong', { class: c.status, text: c.status }), c.version ? ` ${c.version}` : '',
        c.replicasWanted != null ? ` (${c.replicasReady}/${c.replicasWanted} ready)` : '', c.error ? el('span', { class: 'muted', text: ' ' + c.error }) : null))));
    }
  } else {
    health.append(el('p', { class: 'muted', text: 'Component status needs the operator role.' }));
  }

  const depth = el('section', { class: 'card', 'aria-labelledby': 'h-depth' }, el('h3', { id: 'h-depth', text: 'Queue depth' }));
  cards.append(depth);
  const states = ['deferred', 'hold', 'active'];
  const totals = await Promise.all(states.map(s => api('GET', '/queue', { query: { status: s, limit: 1 } }).then(p => p.total, e => e)));
  depth.append(el('dl', {}, states.map((s, i) => [el('dt', { class: s, text: s }),
    el('dd', { class: 'big', text: totals[i] instanceof Error ? totals[i].detail : totals[i] })])));

  // console2: the services' own counters, sampled by admin-api (GET /stats/last-hour); the window is shorter
  // than an hour while admin-api has not run that long, and says so.
  const hour = el('section', { class: 'card', 'aria-labelledby': 'h-hour' }, el('h3', { id: 'h-hour', text: 'Deliveries and rejects, last hour' }));
  cards.append(hour);
  const st = await api('GET', '/stats/last-hour').catch(e => e);
  if (st instanceof Error) hour.append(el('p', { class: 'error', text: `${st.title}: ${st.detail}` }));
  else {
    const rows = Object.keys(st.deliveries).sort().map(s => [el('dt', { class: s, text: `delivered: ${s}` }), el('dd', { class: 'big', 'data-stat': `deliveries-${s}`, text: st.deliveries[s] })]);
    rows.push([el('dt', { text: 'SMTP rejects' }), el('dd', { class: 'big', 'data-stat': 'rejects', text: st.rejects })]);
    rows.push([el('dt', { text: 'SMTP accepted' }), el('dd', { class: 'big', 'data-stat': 'accepted', text: st.transactions.queued ?? 0 })]);
    const minutes = Math.floor(st.windowSeconds / 60);
    hour.append(el('dl', {}, rows),
      el('p', { class: 'muted', 'data-stat': 'window', text: st.fullHour ? 'over the last hour (services\' metrics)'
        : `over the last ${minutes} min ${st.windowSeconds % 60} s only: admin-api has not sampled the services' metrics for an hour yet` }),
      // Node.append() would print a null as the text "null": only real nodes go in.
      ...(Object.keys(st.errors || {}).length ? [el('p', { class: 'error', text: 'Not read: ' + Object.entries(st.errors).map(([n, e]) => `${n} (${e})`).join(', ') })] : []));
  }

  const top = (await api('GET', '/accounts', { query: { order: 'usage', limit: 10 } })).items;
  view.append(el('h3', { text: 'Largest mailboxes' }),
    table(['Account', 'Usage'], top.map(a => el('tr', {}, el('td', { text: a.address }), el('td', {}, usageBar(a.usedBytes, a.quotaBytes))))));
};

pages.domains = async (params) => {
  view.append(el('h2', { text: 'Domains' }));
  if (can('admin')) {
    view.append(inlineForm('Add a domain', [{ name: 'name', label: 'Domain name', required: true, placeholder: 'example.org' }], 'Add domain',
      async v => { if (await guarded(() => api('POST', '/domains', { body: { name: v.name.trim() } }))) { say(`Domain ${v.name} added.`); render(); } }, 'admin'));
  }
  const page = await api('GET', '/domains', { query: slice(params, 1000) });
  view.append(pager('domains', params, page));
  const usages = await Promise.all(page.items.map(d => api('GET', `/domains/${enc(d.name)}/usage`).catch(() => null)));
  view.append(table(['Domain', { label: 'Accounts', num: true }, { label: 'Aliases', num: true }, 'Used', 'Default quota', 'Created', 'Actions'],
    page.items.map((d, i) => {
      const u = usages[i];
      return el('tr', {}, el('td', { text: d.name }), el('td', { class: 'num', text: u?.accounts ?? '' }), el('td', { class: 'num', text: u?.aliases ?? '' }),
        el('td', { text: u ? bytes(u.usedBytes) : '' }), el('td', { text: u ? (u.defaultQuotaBytes ? bytes(u.defaultQuotaBytes) : 'no limit') : '' }),
        el('td', { text: when(d.createdAt) }),
        el('td', { class: 'actions' },
          writeButton('admin', 'Default quota', async () => {
            const v = await formDialog(`Default quota of ${d.name}`, [{ name: 'mib', label: 'MiB per account (0 = no limit)', type: 'number', min: 0, value: u ? u.defaultQuotaBytes / 1048576 : 0 }], 'Set');
            if (v && await guarded(async () => api('PUT', `/domains/${enc(d.name)}/quota`, { body: { defaultQuotaBytes: mebibytes(v.mib) } }))) render();
          }),
          writeButton('admin', 'Delete', async () => {
            if (await confirmDialog('Delete domain', `Delete ${d.name} and its aliases? (Refused while it has accounts.)`)
              && await guarded(async () => (await api('DELETE', `/domains/${enc(d.name)}`), true))) { say(`Domain ${d.name} deleted.`); render(); }
          }, 'danger')));
    })));
};

/** The "Filter by domain" form of a list page. */
function domainFilter(page, params) {
  return inlineForm(`Filter ${page}`, [{ name: 'domain', label: 'Domain', value: params.get('domain') || '', placeholder: 'all' }], 'Filter',
    v => go(page, v));
}

pages.accounts = async (params) => {
  view.append(el('h2', { text: 'Accounts' }));
  view.append(domainFilter('accounts', params));
  if (can('admin')) {
    view.append(inlineForm('Create an account', [
      { name: 'address', label: 'Address', required: true, placeholder: 'user@example.org' },
      { name: 'password', label: 'Password', type: 'password', required: true },
      { name: 'quota', label: 'Quota MiB (0 = domain default)', type: 'number', value: '0' }], 'Create account',
    async v => {
      if (await guarded(async () => api('POST', '/accounts', { body: { address: v.address.trim(), password: v.password, quotaBytes: mebibytes(v.quota) } }))) {
        say(`Account ${v.address} created.`); render();
      }
    }, 'admin'));
  }
  const page = await api('GET', '/accounts', { query: { domain: params.get('domain'), ...slice(params, 1000) } });
  view.append(pager('accounts', params, page));
  view.append(table(['Address', 'Usage', 'State', 'Created', 'Actions'], page.items.map(a => el('tr', {},
    el('td', { text: a.address }), el('td', {}, usageBar(a.usedBytes, a.quotaBytes)),
    el('td', { class: a.disabled ? 'DOWN' : 'UP', text: a.disabled ? 'disabled' : 'enabled' }), el('td', { text: when(a.createdAt) }),
    el('td', { class: 'actions' },
      writeButton('admin', 'Reset password', async () => {
        const v = await formDialog(`New password for ${a.address}`, [{ name: 'password', label: 'New password', type: 'password', required: true }], 'Reset');
        if (v && await guarded(() => api('PUT', `/accounts/${enc(a.address)}/password`, { body: { password: v.password } }))) say(`Password of ${a.address} reset.`);
      }),
      writeButton('admin', 'Quota', async () => {
        const v = await formDialog(`Quota of ${a.address}`, [{ name: 'mib', label: 'MiB (0 = domain default)', type: 'number', min: 0, value: a.quotaBytes / 1048576 }], 'Set');
        if (v && await guarded(async () => api('PUT', `/accounts/${enc(a.address)}/quota`, { body: { quotaBytes: mebibytes(v.mib) } }))) render();
      }),
      writeButton('admin', a.disabled ? 'Enable' : 'Disable', async () => {
        if (await guarded(() => api('PUT', `/accounts/${enc(a.address)}/disabled`, { body: { disabled: !a.disabled } }))) render();
      }),
      writeButton('admin', 'Delete', async () => {
        if (await confirmDialog('Delete account', `Delete ${a.address} with all its mail? This cannot be undone.`)
          && await guarded(async () => (await api('DELETE', `/accounts/${enc(a.address)}`), true))) { say(`Account ${a.address} deleted.`); render(); }
      }, 'danger'))))));
};

pages.aliases = async (params) => {
  view.append(el('h2', { text: 'Aliases, forwards and catch-alls' }));
  view.append(domainFilter('aliases', params));
  if (can('admin')) {
    view.append(inlineForm('Create an alias', [
      { name: 'address', label: 'Address (@domain for a catch-all)', required: true, placeholder: 'sales@example.org' },
      { name: 'targets', label: 'Targets (comma-separated)', required: true, placeholder: 'ann@example.org, bob@elsewhere.net' }], 'Create alias',
    async v => {
      const targets = v.targets.split(',').map(t => t.trim()).filter(Boolean);
      if (await guarded(() => api('POST', '/aliases', { body: { address: v.address.trim(), targets } }))) { say(`Alias ${v.address} created.`); render(); }
    }, 'admin'));
  }
  const page = await api('GET', '/aliases', { query: { domain: params.get('domain'), ...slice(params, 1000) } });
  view.append(pager('aliases', params, page));
  const out = el('div');
  view.append(table(['Address', 'Targets', 'Created', 'Actions'], page.items.map(a => el('tr', {},
    el('td', { text: a.address }), el('td', { text: a.targets.join(', ') }), el('td', { text: when(a.createdAt) }),
    el('td', { class: 'actions' },
      el('button', { type: 'button', onclick: async () => {
        const x = await guarded(() => api('GET', `/aliases/${enc(a.address)}/expansion`));
        if (x) out.replaceChildren(el('h3', { text: `${x.address} delivers to` }), el('ul', {}, x.recipients.map(r => el('li', { text: r }))));
      } }, 'Expand'),
      writeButton('admin', 'Delete', async () => {
        if (await confirmDialog('Delete alias', `Delete ${a.address}?`) && await guarded(async () => (await api('DELETE', `/aliases/${enc(a.address)}`), true))) render();
      }, 'danger'))))), out);
};

const QUEUE_ACTIONS = ['hold', 'release', 'retry', 'delete'];

async function queueAction(action, queueId) {
  const r = await guarded(() => action === 'delete' ? api('DELETE', `/queue/${enc(queueId)}`) : api('POST', `/queue/${enc(queueId)}/${action}`));
  if (r) say(`${action}: ${r.affected} recipient(s) of ${queueId}.`);
  return r;
}

pages.queue = async (params) => {
  view.append(el('h2', { text: 'Mail queue' }));
  view.append(inlineForm('Filter the queue', [
    { name: 'status', label: 'State', options: ['', 'deferred', 'hold', 'active'] },
    { name: 'domain', label: 'Recipient domain', value: params.get('domain') || '' },
    { name: 'sender', label: 'Sender (<> for bounces)', value: params.get('sender') || '' },
    { name: 'recipient', label: 'Recipient', value: params.get('recipient') || '' }], 'Filter', v => go('queue', v)));
  view.querySelector('select[name=status]').value = params.get('status') || '';
  const query = Object.fromEntries(['status', 'domain', 'sender', 'recipient'].map(k => [k, params.get(k)]));
  const page = await api('GET', '/queue', { query: { ...query, ...slice(params, 500) } });
  const detail = el('section', { 'aria-live': 'polite' });
  view.append(el('p', { class: 'muted', text: `${page.total} messages in the queue` }), pager('queue', params, page));

  if (can('operator')) {
    const bulk = el('fieldset', { 'data-write': 'operator' }, el('legend', { text: 'Bulk action on every message matching a filter' }));
    const f = inlineForm('Bulk queue action', [
      { name: 'action', label: 'Action', options: QUEUE_ACTIONS.map(a => ({ value: a, label: a })) },
      { name: 'state', label: 'State', options: ['', 'deferred', 'hold', 'active'] },
      { name: 'domain', label: 'Recipient domain', value: params.get('domain') || '' },
      { name: 'sender', label: 'Sender', value: params.get('sender') || '' },
      { name: 'olderThan', label: 'Older than (e.g. 2h)' }], 'Apply…', async v => {
      const sel = { state: v.state, domain: v.domain, sender: v.sender, olderThan: v.olderThan };
      if (!Object.values(sel).some(Boolean)) sel.all = 'true';
      const dry = await guarded(() => api('POST', `/queue/actions/${v.action}`, { query: { ...sel, dryRun: 'true' } }));
      if (!dry) return;
      if (!await confirmDialog(`Bulk ${v.action}`, `${v.action} ${dry.messages} message(s), ${dry.recipients} recipient(s)?`, `${v.action} ${dry.messages}`)) return;
      const done = await guarded(() => api('POST', `/queue/actions/${v.action}`, { query: sel }));
      if (done) { say(`${v.action}: ${done.messages} message(s), ${done.recipients} recipient(s).`); render(); }
    }, 'operator');
    bulk.append(f);
    view.append(bulk);
  }

  const checks = [];
  const rows = page.items.map(m => {
    const box = can('operator') ? el('input', { type: 'checkbox', 'aria-label': `Select ${m.queueId}`, value: m.queueId, 'data-write': 'operator' }) : null;
    if (box) checks.push(box);
    return el('tr', { 'data-queue-id': m.queueId },
      el('td', {}, box),
      el('td', { class: 'mono' }, el('a', { href: `#/log?queueId=${enc(m.queueId)}`, text: m.queueId })),
      el('td', { text: m.sender || '<>' }), el('td', { class: 'num', text: bytes(m.size) }), el('td', { text: when(m.receivedAt) }),
      el('td', {}, el('ul', {}, m.recipients.map(r => el('li', {}, el('span', { text: r.recipient }), ' ', el('strong', { class: r.status, text: r.status }),
        ` ${r.attempts} attempt(s)`, r.nextAttemptAt ? `, next ${when(r.nextAttemptAt)}` : '',
        r.lastDsn || r.lastReply ? el('div', { class: 'muted', text: `last: ${r.lastDsn} ${r.lastReply}` }) : null)))),
      el('td', { class: 'actions' },
        QUEUE_ACTIONS.map(a => writeButton('operator', a[0].toUpperCase() + a.slice(1), async () => {
          if (a === 'delete' && !await confirmDialog('Delete from the queue', `Delete ${m.queueId} without a bounce?`)) return;
          if (await queueAction(a, m.queueId)) render();
        }, a === 'delete' ? 'danger' : null)),
        can('admin') ? el('button', { type: 'button', onclick: async () => {
          const v = await guarded(() => api('GET', `/queue/${enc(m.queueId)}/message`, { query: { maxBytes: 65536 } }));
          if (v) {
            detail.replaceChildren(el('h3', { text: `Message ${m.queueId}${v.truncated ? ` (first ${v.shownBytes} bytes)` : ''}` }),
              el('pre', { text: v.headers + '\n' + v.body }));
            detail.scrollIntoView();
          }
        } }, 'View') : null));
  });
  if (checks.length) {
    view.append(el('p', { 'data-write': 'operator' }, 'Selected: ', QUEUE_ACTIONS.map(a => el('button', { type: 'button', class: a === 'delete' ? 'danger' : null, onclick: async () => {
      const ids = checks.filter(c => c.checked).map(c => c.value);
      if (!ids.length) { showError({ title: 'Nothing selected', detail: 'tick the messages first' }); return; }
      if (a === 'delete' && !await confirmDialog('Delete from the queue', `Delete ${ids.length} message(s) without a bounce?`)) return;
      for (const id of ids) if (!await queueAction(a, id)) return;
      render();
    } }, `${a} selected`), ' ')));
  }
  view.append(table(['', 'Queue id', 'Sender', { label: 'Size', num: true }, 'Received', 'Recipients (state, attempts, last result)', 'Actions'], rows), detail);
};

pages.log = async (params) => {
  view.append(el('h2', { text: 'Mail log' }));
  const fromIso = v => (v ? new Date(v).toISOString() : undefined);
  view.append(inlineForm('Search the mail log', [
    { name: 'queueId', label: 'Queue id', value: params.get('queueId') || '' },
    { name: 'sender', label: 'Sender', value: params.get('sender') || '' },
    { name: 'recipient', label: 'Recipient', value: params.get('recipient') || '' },
    { name: 'from', label: 'From (local time)', type: 'datetime-local', value: params.get('from') || '' },
    { name: 'to', label: 'To (local time)', type: 'datetime-local', value: params.get('to') || '' },
    { name: 'status', label: 'Status', options: ['', 'sent', 'deferred', 'bounced', 'held'] }], 'Search', v => go('log', v)));
  view.querySelector('select[name=status]').value = params.get('status') || '';
  const page = await api('GET', '/log', { query: { queueId: params.get('queueId'), sender: params.get('sender'), recipient: params.get('recipient'),
    from: fromIso(params.get('from')), to: fromIso(params.get('to')), status: params.get('status'), ...slice(params, 1000) } });
  const groups = new Map();
  for (const l of page.items) {
    if (!groups.has(l.queueId)) groups.set(l.queueId, []);
    groups.get(l.queueId).push(l);
  }
  view.append(el('p', { class: 'muted', text: `${page.total} lines match; these ${page.items.length} in ${groups.size} message(s)` }), pager('log', params, page));
  for (const [qid, ls] of groups) {
    view.append(el('section', { class: 'group', 'data-queue-id': qid, 'aria-label': `Message ${qid}` },
      el('h3', { text: qid }), el('p', { class: 'muted', text: `from ${ls[0].sender || '<>'}` }),
      table(['Time', 'To', 'Relay', 'Delays', 'DSN', 'Status', 'Reply'], ls.map(l => el('tr', {},
        el('td', { text: when(l.loggedAt) }), el('td', { text: l.recipient + (l.origRecipient && l.origRecipient !== l.recipient ? ` (orig ${l.origRecipient})` : '') }),
        el('td', { text: l.relay }), el('td', { text: l.delays }), el('td', { text: l.dsn }), el('td', { class: l.status, text: l.status }),
        el('td', { text: l.reply }))))));
  }
};

function routeTable(r) {
  return el('div', {}, el('p', {}, `${r.domain}: `, el('strong', { text: r.kind }), r.detail ? el('span', { class: 'muted', text: ' — ' + r.detail }) : null),
    table(['Host', { label: 'Preference', num: true }, 'Addresses', { label: 'Port', num: true }],
      r.hosts.map(h => el('tr', {}, el('td', { text: h.host }), el('td', { class: 'num', text: h.preference }), el('td', { text: h.addresses.join(', ') }),
        el('td', { class: 'num', text: h.port })))));
}

function probeView(p) {
  const items = [['Connected to', p.address ? `${p.address} port ${p.port} in ${p.connectMillis} ms` : 'no'], ['Banner', p.banner],
    ['EHLO', (p.ehlo || []).join('\n')], ['STARTTLS offered', p.starttlsOffered ? 'yes' : 'no']];
  if (p.tls) {
    items.push(['TLS', `${p.tls.protocol} ${p.tls.cipherSuite}`], ['Trusted', p.tls.trusted ? 'yes' : `no: ${p.tls.trustProblem}`],
      ['Name matches', p.tls.hostnameMatches ? 'yes' : 'no'],
      ['Certificates', p.tls.chain.map(c => `${c.subject}\n  issuer ${c.issuer}\n  valid ${when(c.notBefore)} to ${when(c.notAfter)}\n  names ${(c.subjectAltNames || []).join(', ')}`).join('\n')]);
  }
  if (p.error) items.push(['Error', p.error]);
  return el('dl', {}, items.filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [el('dt', { text: k }), el('dd', {}, el('pre', { text: v }))]));
}

pages.troubleshoot = async () => {
  view.append(el('h2', { text: 'Troubleshooting' }));
  const routeOut = el('div', { 'aria-live': 'polite' });
  view.append(el('h3', { text: 'Route a domain' }), inlineForm('Route a domain', [{ name: 'domain', label: 'Domain', required: true }], 'Route', async v => {
    const r = await guarded(() => api('GET', `/route/${enc(v.domain.trim())}`));
    if (r) routeOut.replaceChildren(routeTable(r));
  }), routeOut);
  if (can('operator')) {
    const probeOut = el('div', { 'aria-live': 'polite' });
    view.append(el('h3', { text: 'Probe an SMTP host' }), inlineForm('Probe a host', [{ name: 'target', label: 'Host[:port]', required: true, placeholder: 'mx.example.org:25' }], 'Probe', async v => {
      probeOut.replaceChildren(el('p', { class: 'muted', text: 'Probing…' }));
      const p = await guarded(() => api('GET', `/probe/${enc(v.target.trim())}`));
      probeOut.replaceChildren(p ? probeView(p) : '');
    }), probeOut);
  }
  const steps = el('ol', { 'aria-live': 'polite' });
  view.append(el('h3', { text: 'Checklist for one address' }),
    el('p', { class: 'muted', text: 'DNS (how the domain routes), ports and TLS (a probe of the first host; operator role), and the mail log for the address.' }),
    inlineForm('Check an address', [{ name: 'address', label: 'Address', required: true, placeholder: 'someone@example.org' }], 'Check', async v => {
      const address = v.address.trim();
      const domain = address.slice(address.lastIndexOf('@') + 1);
      steps.replaceChildren();
      const step = (title, body) => steps.append(el('li', {}, el('strong', { text: title }), body));
      const r = await api('GET', `/route/${enc(domain)}`).catch(e => e);
      step('DNS', r instanceof Error ? el('p', { class: 'error', text: `${r.title}: ${r.detail}` }) : routeTable(r));
      if (can('operator') && !(r instanceof Error) && r.hosts.length) {
        const h = r.hosts[0];
        const p = await api('GET', `/probe/${enc(h.host.includes(':') ? `[${h.host}]` : h.host)}:${h.port || 25}`).catch(e => e);
        step('Ports and TLS', p instanceof Error ? el('p', { class: 'error', text: `${p.title}: ${p.detail}` }) : probeView(p));
      } else {
        step('Ports and TLS', el('p', { class: 'muted', text: can('operator') ? 'no host to probe' : 'probing needs the operator role' }));
      }
      const log = await api('GET', '/log', { query: { recipient: address, limit: 20 } }).catch(e => e);
      step('Logs', log instanceof Error ? el('p', { class: 'error', text: `${log.title}: ${log.detail}` })
        : table(['Time', 'Queue id', 'Status', 'Reply'], log.items.map(l => el('tr', {}, el('td', { text: when(l.loggedAt) }), el('td', { class: 'mono', text: l.queueId }),
          el('td', { class: l.status, text: l.status }), el('td', { text: l.reply })))));
    }), steps);
};

pages.dkim = async (params) => {
  view.append(el('h2', { text: 'DKIM keys' }));
  const domains = await api('GET', '/domains', { query: { limit: 1000 } });
  const current = params.get('domain') || domains.items[0]?.name;
  const f = inlineForm('Choose a domain', [{ name: 'domain', label: 'Domain', options: domains.items.map(d => d.name) }], 'Show', v => go('dkim', v));
  view.append(f);
  if (!current) return;
  f.querySelector('select').value = current;
  if (can('admin')) {
    view.append(inlineForm('Create or rotate a key', [{ name: 'algorithm', label: 'Algorithm', options: ['rsa-sha256', 'ed25519-sha256'] },
      { name: 'selector', label: 'Selector (optional)' }], 'Create key', async v => {
      if (await guarded(() => api('POST', `/domains/${enc(current)}/dkim-keys`, { body: { algorithm: v.algorithm, selector: v.selector || undefined } }))) render();
    }, 'admin'));
  }
  const keys = await api('GET', `/domains/${enc(current)}/dkim-keys`);
  view.append(table(['Selector', 'Algorithm', 'State', 'Created', 'DNS record to publish', 'Actions'], keys.items.map(k => el('tr', {},
    el('td', { class: 'mono', text: k.selector }), el('td', { text: k.algorithm }),
    el('td', { class: k.active ? 'UP' : 'muted', text: k.active ? 'active' : `retired ${when(k.retiredAt)}` }), el('td', { text: when(k.createdAt) }),
    el('td', {}, el('pre', { text: `${k.dnsName}. IN TXT ${k.txtRecord}` }), dnsCheck(current, k)),
    el('td', { class: 'actions' },
      k.active ? writeButton('admin', 'Rotate', async () => {
        if (await confirmDialog('Rotate key', `Make a new ${k.algorithm} key and retire ${k.selector}?`, 'Rotate')
          && await guarded(() => api('POST', `/domains/${enc(current)}/dkim-keys/rotate`, { body: { algorithm: k.algorithm } }))) render();
      }) : null,
      writeButton('admin', 'Delete', async () => {
        if (await confirmDialog('Delete key', `Delete ${k.selector}? Mail signed with it will no longer verify once its DNS record is gone.`)
          && await guarded(async () => (await api('DELETE', `/domains/${enc(current)}/dkim-keys/${enc(k.selector)}`), true))) render();
      }, 'danger'))))));
};

/** console2: a "Check DNS" button and where its result goes: match, mismatch (both values), missing or error. */
function dnsCheck(domain, k) {
  const out = el('div', { class: 'dns-check', 'aria-live': 'polite' });
  const button = el('button', { type: 'button', 'data-dns-check': k.selector, onclick: async () => {
    button.disabled = true;
    const r = await api('GET', `/domains/${enc(domain)}/dkim-keys/${enc(k.selector)}/dns`).catch(e => e);
    button.disabled = false;
    if (r instanceof Error) { out.replaceChildren(el('p', { class: 'error', text: `${r.title}: ${r.detail}` })); return; }
    const cls = r.result === 'match' ? 'UP' : r.result === 'error' ? 'DEGRADED' : 'DOWN';
    out.replaceChildren(el('p', {}, 'DNS: ', el('strong', { class: cls, 'data-dns-result': r.result, text: r.result }), ` ${r.detail}`),
      r.result === 'match' ? null : el('dl', {}, el('dt', { text: 'expected' }), el('dd', {}, el('pre', { text: r.expected })),
        el('dt', { text: 'published' }), el('dd', {}, r.published.length ? r.published.map(p => el('pre', { text: p })) : 'nothing')));
    say(`DNS check of ${k.dnsName}: ${r.result}`);
  } }, 'Check DNS');
  return el('div', {}, button, out);
}

pages.audit = async (params) => {
  view.append(el('h2', { text: 'Audit log' }));
  if (!can('admin')) { view.append(el('p', { class: 'muted', text: 'The audit log needs the admin role.' })); return; }
  view.append(inlineForm('Filter the audit log', [
    { name: 'actor', label: 'Actor', value: params.get('actor') || '' }, { name: 'action', label: 'Action', value: params.get('action') || '', placeholder: 'queue.hold' },
    { name: 'target', label: 'Target', value: params.get('target') || '' }], 'Filter', v => go('audit', v)));
  const page = await api('GET', '/audit', { query: { actor: params.get('actor'), action: params.get('action'), target: params.get('target'), ...slice(params, 200) } });
  view.append(pager('audit', params, page));
  const json = v => (v === null || v === undefined ? '' : JSON.stringify(v, null, 1));
  view.append(table(['When', 'Actor', 'Action', 'Target', 'Before', 'After'], page.items.map(a => el('tr', {},
    el('td', { text: when(a.at) }), el('td', { text: a.actor }), el('td', { class: 'mono', text: a.action }), el('td', { text: a.target }),
    el('td', {}, el('pre', { text: json(a.before) })), el('td', {}, el('pre', { text: json(a.after) }))))));
};

// ---------------------------------------------------------------- sign-in and routing

function b64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The authorization code flow with PKCE (RFC 7636 section 4): a fresh verifier and state for this tab, kept in
 * sessionStorage while the browser is at the provider.
 */
async function oidcStart(oidc) {
  clearError();
  if (!crypto.subtle) {
    showError({ title: 'Sign-in unavailable', detail: 'the browser offers no Web Crypto on this address: open the console over https' });
    return;
  }
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
  const redirectUri = oidc.redirectUri || location.origin + '/console/';
  if (new URL(redirectUri).origin !== location.origin) {
    // The sign-in under way lives in this origin's sessionStorage: the answer must come back here.
    showError({ title: 'Sign-in unavailable', detail: `sign in from ${new URL(redirectUri).origin}/console/, the address registered at the provider` });
    return;
  }
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ state, verifier, redirectUri, issuer: oidc.issuer, hash: location.hash,
    issRequired: !!oidc.issParameterSupported }));
  const url = new URL(oidc.authorizationEndpoint);
  const params = { ...(oidc.extraParams || {}), response_type: 'code', client_id: oidc.clientId, redirect_uri: redirectUri,
    scope: oidc.scope, state, code_challenge: challenge, code_challenge_method: 'S256' };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  location.assign(url.toString());
}

/** Back from the provider (RFC 6749 section 4.1.2): check state, then have admin-api exchange the code. */
async function oidcReturn(params) {
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) || 'null');
  sessionStorage.removeItem(PENDING_KEY);
  history.replaceState(null, '', location.pathname + (pending?.hash || ''));
  if (!pending || params.get('state') !== pending.state) {
    // Section 10.12: an answer this tab did not ask for (CSRF, an old bookmark) signs nobody in.
    return { title: 'Sign-in failed', detail: 'the answer from the OIDC provider does not belong to a sign-in started in this tab; sign in again' };
  }
  if ((params.has('iss') || pending.issRequired) && params.get('iss') !== pending.issuer) {
    // RFC 9207 section 2.4: an answer from another provider than the one asked (mix-up), or without the iss its
    // metadata promises; checked before anything else in it, errors included.
    return { title: 'Sign-in failed', detail: `the answer names issuer ${params.get('iss') ?? '(none)'}, not ${pending.issuer}` };
  }
  if (params.has('error')) {
    return { title: 'Sign-in refused', detail: `the OIDC provider answered ${params.get('error')}` + (params.get('error_description') ? `: ${params.get('error_description')}` : '') };
  }
  try {
    keepTokens(await api('POST', '/console/oidc/token', { anonymous: true,
      body: { code: params.get('code'), codeVerifier: pending.verifier, redirectUri: pending.redirectUri } }));
    return null;
  } catch (e) {
    return e;
  }
}

function signInPage(problem) {
  document.getElementById('nav').hidden = true;
  document.getElementById('who').hidden = true;
  const oidc = signInOptions.oidc;
  const token = el('textarea', { id: 'token', name: 'token', required: true, autocomplete: 'off', spellcheck: 'false' });
  const pasteForm = el('form', { class: 'signin', 'aria-label': 'Sign in with a token' },
    el('p', { text: oidc ? 'Paste an access token from the OIDC provider or the static admin token.'
      : 'Paste a bearer token: from your OIDC provider in production; on the local stack the admin token '
      + '(.local-stack/admin-token) or a role token (mailctl token issue NAME --role viewer).' }),
    el('p', {}, el('label', { for: 'token', text: 'Bearer token' }), el('br'), token),
    el('p', {}, el('button', { type: 'submit', class: oidc ? null : 'primary' }, 'Sign in')));
  pasteForm.addEventListener('submit', async ev => {
    ev.preventDefault();
    for (const k of [REFRESH_KEY, ID_TOKEN_KEY]) sessionStorage.removeItem(k);
    sessionStorage.setItem(TOKEN_KEY, token.value.trim());
    const s = await guarded(() => api('GET', '/session'));
    if (!s) { sessionStorage.removeItem(TOKEN_KEY); return; }
    session = s;
    render();
  });
  const page = el('section', { class: 'signin-page', 'aria-labelledby': 'h-signin' }, el('h2', { id: 'h-signin', text: 'Sign in' }));
  let first = token;
  if (oidc) {
    const button = el('button', { type: 'button', id: 'oidc-sign-in', class: 'primary', onclick: () => oidcStart(oidc) },
      `Sign in with ${new URL(oidc.issuer).host}`);
    page.append(el('p', {}, button), el('details', {}, el('summary', { text: 'Use a bearer token instead' }), pasteForm));
    first = button;
  } else {
    if (signInOptions.oidcError) page.append(el('p', { class: 'error', text: 'OIDC sign-in is configured but unavailable: ' + signInOptions.oidcError }));
    page.append(pasteForm);
  }
  page.append(el('p', { class: 'muted', text: 'Tokens are kept in this tab only (sessionStorage) and sent to this server only.' }));
  const endSession = signOutAtProvider();
  if (endSession) page.append(el('p', {}, el('a', { id: 'provider-sign-out', href: endSession, text: 'Sign out at the OIDC provider too' })));
  generation++;
  delete main.dataset.page;
  main.replaceChildren(page);
  if (problem) showError(problem);
  first.focus();
}

/** RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 section 2), offered once after signing out. */
let lastIdToken = null;
function signOutAtProvider() {
  const end = signInOptions.oidc?.endSessionEndpoint;
  if (!end || !lastIdToken) return null;
  const url = new URL(end);
  url.searchParams.set('id_token_hint', lastIdToken);
  url.searchParams.set('client_id', signInOptions.oidc.clientId);
  return url.toString();
}

function signOut(problem) {
  signOuts++;
  signInProblem = null;
  lastIdToken = sessionStorage.getItem(ID_TOKEN_KEY);
  const refreshToken = sessionStorage.getItem(REFRESH_KEY);
  if (refreshToken) {
    // RFC 7009 through admin-api: a refresh token left in a closed tab's memory should not outlive the sign-out.
    // Best effort: the sign-out here does not wait for it or depend on it.
    api('POST', '/console/oidc/revoke', { anonymous: true, body: { refreshToken } }).catch(() => {});
  }
  for (const k of [TOKEN_KEY, REFRESH_KEY, ID_TOKEN_KEY]) sessionStorage.removeItem(k);
  session = null;
  signInPage(problem);
}

function hashFor(page, values) {
  const q = new URLSearchParams(Object.entries(values).filter(([, v]) => v !== '' && v !== undefined && v !== null));
  return `#/${page}${q.toString() ? '?' + q : ''}`;
}

/** Navigates to a page with the given query (empty values left out). */
function go(page, values) {
  const hash = hashFor(page, values);
  if (location.hash === hash) render(); else location.hash = hash;
}

async function render() {
  if (!sessionStorage.getItem(TOKEN_KEY)) { const p = signInProblem; signInProblem = null; signInPage(p); return; }
  if (!session) {
    session = await guarded(() => api('GET', '/session'));
    if (!session) { signOut(); return; }
  }
  document.getElementById('nav').hidden = false;
  document.getElementById('who').hidden = false;
  document.getElementById('who-name').textContent = session.subject;
  document.getElementById('who-roles').textContent = `(${session.roles.join(', ')})`;
  const [name, query] = (location.hash.replace(/^#\//, '') || 'dashboard').split('?');
  const page = pages[name] ? name : 'dashboard';
  for (const a of document.querySelectorAll('nav a')) {
    if (a.getAttribute('href') === `#/${page}`) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  document.title = `${document.querySelector(`nav a[href="#/${page}"]`).textContent} · Mail platform console`;
  const mine = ++generation;
  view = el('div');
  main.setAttribute('aria-busy', 'true');
  try {
    await pages[page](new URLSearchParams(query || ''));
  } catch (e) {
    if (session) showError(e);
  }
  if (mine !== generation) return;
  main.replaceChildren(...view.childNodes);
  main.removeAttribute('aria-busy');
  main.dataset.page = page;
}

async function start() {
  signInOptions = await api('GET', '/console/sign-in', { anonymous: true }).catch(e => ({ oidc: null, oidcError: e.detail, tokenIssuer: false }));
  const params = new URLSearchParams(location.search);
  if (params.has('state') && (params.has('code') || params.has('error'))) signInProblem = await oidcReturn(params);
  render();
}

document.getElementById('sign-out').addEventListener('click', () => { signOut(); say('Signed out.'); });
window.addEventListener('hashchange', () => { clearError(); render(); });
start();
