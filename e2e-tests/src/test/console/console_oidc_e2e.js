// Signs in to the web console through a real OpenID provider (oidc-provider, see oidc_provider.mjs) in Debian's
// headless Chromium: the authorization code flow with PKCE, the code exchanged by admin-api (ConsoleOidcE2ETest).
// Environment: ADMIN_URL (the admin-api replica configured for the provider, public client), CONFIDENTIAL_ADMIN_URL (the one whose
// console is a confidential client), ISSUER, ADMIN_TOKEN (static token, to
// read the audit log), SCREENSHOTS. Screenshots: <n>-<who>-<what>.png. Exit code 0 = every check held.
'use strict';
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');

const BASE = process.env.ADMIN_URL;
const CONSOLE = BASE + '/console/';
const ISSUER = process.env.ISSUER;
const SHOTS = process.env.SCREENSHOTS;
const DOMAIN = `oidc-${Math.random().toString(36).slice(2, 8)}.test`;
let shot = 0;

function check(cond, what) {
  if (!cond) throw new Error('check failed: ' + what);
  console.log('ok   ' + what);
}

async function snap(page, who, name) {
  shot++;
  await page.screenshot({ path: path.join(SHOTS, `${String(shot).padStart(2, '0')}-${who}-${name}.png`), fullPage: true });
}

async function api(method, p, token, body) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = 'Bearer ' + token;
  const res = await fetch(BASE + '/api/v1' + p, { method, headers, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** A fresh browser context (no provider session cookie), watched for script errors and CSP violations. */
async function freshPage(browser, problems) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  page.setDefaultTimeout(15000);
  page.on('pageerror', e => problems.push('page error: ' + e.message));
  page.on('console', m => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push('console: ' + m.text()); });
  return page;
}

/** Console -> provider's login form -> consent -> back in the console; returns the code the provider sent. */
async function signIn(page, login, role, shots, consoleUrl = CONSOLE) {
  let code = null;
  let auth = null;
  page.on('request', r => {
    const u = new URL(r.url());
    if (u.pathname === '/console/' && u.searchParams.has('code')) code = u.searchParams.get('code');
    if (r.url().startsWith(ISSUER + '/auth?')) auth = u;
  });
  await page.goto(consoleUrl);
  await page.waitForSelector('#oidc-sign-in');
  if (shots) await snap(page, 'anonymous', 'oidc-sign-in');
  await page.click('#oidc-sign-in');
  await page.waitForURL(u => u.toString().startsWith(ISSUER + '/interaction/'));
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', 'any');
  if (shots) await snap(page, 'provider', 'login');
  await page.click('button[type=submit]');
  // First sign-in of this account: the provider asks for consent.
  await page.waitForURL(u => u.toString().startsWith(consoleUrl) || u.toString().startsWith(ISSUER + '/interaction/'));
  if (page.url().startsWith(ISSUER)) {
    if (shots) await snap(page, 'provider', 'consent');
    await page.click('button[type=submit]');
  }
  await page.waitForSelector('main[data-page="dashboard"]');
  const who = await page.textContent('#who-name');
  const roles = await page.textContent('#who-roles');
  check(who === login && roles.includes(role), `${login} signed in through the provider: header shows ${who} ${roles}`);
  check(!page.url().includes('code='), `the code is gone from the address bar: ${page.url()}`);
  return { code, auth };
}

async function token(page) {
  return page.evaluate(() => sessionStorage.getItem('mailplatform.console.token'));
}

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    // No DNS: the provider's pages import a web font from the internet; never ask this machine's resolver.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  const problems = [];
  try {
    // ---- admin: signs in, creates a domain in the console; the audit log names the provider's user
    let page = await freshPage(browser, problems);
    const { code, auth } = await signIn(page, 'ada-admin', 'admin', true);
    // RFC 7636 section 4.3: the authorization request carries an S256 challenge, never the verifier.
    check(auth.searchParams.get('code_challenge_method') === 'S256' && /^[A-Za-z0-9_-]{43}$/.test(auth.searchParams.get('code_challenge'))
      && !auth.searchParams.has('code_verifier') && auth.searchParams.get('state')?.length >= 20, 'authorization request with PKCE S256 and state');
    check(!!code, 'the provider sent an authorization code to /console/');
    await snap(page, 'ada-admin', 'dashboard');
    await page.focus('nav a[href="#/domains"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('main[data-page="domains"]');
    await page.evaluate(() => { delete document.getElementById('main').dataset.page; });
    await page.getByLabel('Domain name').fill(DOMAIN);
    await page.getByRole('button', { name: 'Add domain' }).click();
    await page.waitForSelector('main[data-page="domains"]');
    check(await page.locator('tbody tr', { hasText: DOMAIN }).count() === 1, `domain ${DOMAIN} created with the provider's access token`);
    await snap(page, 'ada-admin', 'domains');
    const audit = await api('GET', `/audit?action=domain.create&target=${DOMAIN}`, process.env.ADMIN_TOKEN);
    check(audit.status === 200 && audit.body.items.some(a => a.actor === 'ada-admin'),
      `the audit log names the provider's user: ${JSON.stringify(audit.body.items.map(a => a.actor))}`);
    // RFC 6749 section 4.1.2: a code is single-use; admin-api passes on the provider's refusal as a 400 problem.
    const replay = await api('POST', '/console/oidc/token', null, { code, codeVerifier: 'x'.repeat(43), redirectUri: CONSOLE });
    check(replay.status === 400 && /invalid_grant/.test(replay.body.detail), `a used code is refused: ${replay.status} ${replay.body?.detail}`);

    // ---- sign out: tokens forgotten (the refresh token revoked at the provider), a link to sign out there too
    const refreshToken = await page.evaluate(() => sessionStorage.getItem('mailplatform.console.refresh-token'));
    check(!!refreshToken, 'the public client got a refresh token');
    const revoked = page.waitForResponse(r => r.url().endsWith('/api/v1/console/oidc/revoke'));
    await page.click('#sign-out');
    await page.waitForSelector('#oidc-sign-in');
    check((await revoked).status() === 204, 'sign-out revokes the refresh token through admin-api (RFC 7009)');
    check(await page.evaluate(() => sessionStorage.length) === 0, 'signing out forgets access, refresh and ID token');
    const reuse = await api('POST', '/console/oidc/refresh', null, { refreshToken });
    check(reuse.status === 400 && /invalid_grant/.test(reuse.body.detail), `the revoked refresh token is refused: ${reuse.status} ${reuse.body?.detail}`);
    const logout = await page.getAttribute('#provider-sign-out', 'href');
    check(logout.startsWith(ISSUER + '/session/end?') && logout.includes('id_token_hint='), `provider sign-out offered: ${logout.slice(0, 60)}...`);
    await snap(page, 'ada-admin', 'signed-out');
    await page.context().close();

    // ---- operator: an expired access token is replaced from the refresh token without a new sign-in
    page = await freshPage(browser, problems);
    await signIn(page, 'otto-operator', 'operator', false);
    const before = await token(page);
    check(!!(await page.evaluate(() => sessionStorage.getItem('mailplatform.console.refresh-token'))), 'the provider issued a refresh token');
    await page.evaluate(() => sessionStorage.setItem('mailplatform.console.token', 'expired.token.value'));
    await page.focus('nav a[href="#/queue"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('main[data-page="queue"]');
    const after = await token(page);
    check(after !== 'expired.token.value' && after !== before && await page.isVisible('#nav'),
      'a refused token is refreshed and the queue page drawn, still signed in');
    await snap(page, 'otto-operator', 'queue-after-refresh');
    await page.context().close();

    // ---- viewer: no write controls, and the API refuses the provider's token for writes anyway
    page = await freshPage(browser, problems);
    await signIn(page, 'vera-viewer', 'viewer', false);
    await page.focus('nav a[href="#/domains"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('main[data-page="domains"]');
    check(await page.locator('[data-write]').count() === 0, 'the viewer sees no write controls');
    const viewerToken = await token(page);
    const refused = await api('POST', '/domains', viewerToken, { name: 'viewer-' + DOMAIN });
    check(refused.status === 403, `the API refuses the viewer's write: ${refused.status}`);
    await snap(page, 'vera-viewer', 'domains');
    await page.context().close();

    // ---- the console as a confidential client: admin-api authenticates with client_secret_basic at the real provider
    // (a secret with ':' and '%' in it); no refresh token reaches the page and the refresh endpoint is closed
    const CONF = process.env.CONFIDENTIAL_ADMIN_URL;
    page = await freshPage(browser, problems);
    await signIn(page, 'ada-admin', 'admin', false, CONF + '/console/');
    check(await page.evaluate(() => sessionStorage.getItem('mailplatform.console.refresh-token')) === null,
      'a confidential client\'s refresh token stays out of the page');
    const closed = await fetch(CONF + '/api/v1/console/oidc/refresh', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken: 'any' }) });
    check(closed.status === 404, `its refresh endpoint is closed: ${closed.status}`);
    await snap(page, 'ada-admin', 'confidential-client-dashboard');
    await page.context().close();

    // ---- answers the console did not ask for, and a refusal at the provider
    page = await freshPage(browser, problems);
    await page.goto(CONSOLE + '?code=forged&state=forged');
    await page.waitForSelector('#error:not([hidden])');
    const forged = await page.textContent('#error');
    check(/does not belong to a sign-in started in this tab/.test(forged) && await token(page) === null,
      `an answer with a foreign state signs nobody in: "${forged}"`);
    await snap(page, 'anonymous', 'foreign-answer');
    await page.click('#oidc-sign-in');
    await page.waitForURL(u => u.toString().startsWith(ISSUER + '/interaction/'));
    await page.click('text=[ Cancel ]');
    await page.waitForSelector('#error:not([hidden])');
    const denied = await page.textContent('#error');
    check(/Sign-in refused/.test(denied) && /access_denied/.test(denied), `a sign-in cancelled at the provider is shown: "${denied}"`);
    await snap(page, 'anonymous', 'cancelled-at-provider');
    await page.context().close();

    check(problems.length === 0, 'no script errors or CSP violations: ' + JSON.stringify(problems));
    console.log('PASS');
  } finally {
    await browser.close();
  }
}

main().catch(e => { console.error(e); process.exit(1); });
