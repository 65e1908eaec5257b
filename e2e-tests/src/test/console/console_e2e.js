// Drives the web console (/console/) in Debian's headless Chromium through playwright-core (ConsoleE2ETest).
// Environment: ADMIN_URL, ADMIN_TOKEN, QUEUE_ID (a message deferred to unreachable.test), SCREENSHOTS (directory).
// Every page is photographed as <n>-<role>-<page>.png. Exit code 0 = every check held.
'use strict';
const { chromium } = require('playwright-core');
const fs = require('fs');
const os = require('os');
const path = require('path');

const BASE = process.env.ADMIN_URL;
const CONSOLE = BASE + '/console/';
const QID = process.env.QUEUE_ID;
const SHOTS = process.env.SCREENSHOTS;
const SUFFIX = Math.random().toString(36).slice(2, 8);
const DOMAIN = `console-${SUFFIX}.test`;
const PAGES = ['dashboard', 'domains', 'accounts', 'aliases', 'queue', 'log', 'troubleshoot', 'dkim', 'audit'];
let shot = 0;

function check(cond, what) {
  if (!cond) throw new Error('check failed: ' + what);
  console.log('ok   ' + what);
}

async function api(method, p, token, body) {
  const res = await fetch(BASE + '/api/v1' + p, { method, headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, body: await res.json().catch(() => null) };
}

async function issue(subject, role) {
  const r = await api('POST', '/tokens', process.env.ADMIN_TOKEN, { subject, roles: [role] });
  check(r.status === 200, `token issued for ${subject} (${role})`);
  return r.body.token;
}

async function snap(page, role, name) {
  shot++;
  await page.screenshot({ path: path.join(SHOTS, `${String(shot).padStart(2, '0')}-${role}-${name}.png`), fullPage: true });
}

/** Follows the navigation link (as a keyboard user would: focus + Enter) and waits until the page is drawn. */
async function open(page, name) {
  await page.focus(`nav a[href="#/${name}"]`);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`main[data-page="${name}"]`);
}

async function rerendered(page, name, fn) {
  await page.evaluate(() => { delete document.getElementById('main').dataset.page; });
  await fn();
  await page.waitForSelector(`main[data-page="${name}"]`);
}

async function signIn(page, token, role) {
  await page.goto(CONSOLE);
  await page.waitForSelector('#token');
  await page.fill('#token', token);
  await page.click('form.signin button[type=submit]');
  await page.waitForSelector('main[data-page="dashboard"]');
  const roles = await page.textContent('#who-roles');
  check(roles.includes(role), `signed in as ${role}: header shows ${roles}`);
}

async function signOut(page) {
  await page.click('#sign-out');
  await page.waitForSelector('#token');
}

async function recipientState(page) {
  return page.textContent(`tr[data-queue-id="${QID}"] li strong`);
}

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'console-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const problems = [];
  try {
    const page = ctx.pages()[0] || await ctx.newPage();
    page.setDefaultTimeout(15000);
    // A CSP violation or a script error shows up here; 4xx answers the console handles are logged as
    // "Failed to load resource" by Chromium and are expected.
    page.on('pageerror', e => problems.push('page error: ' + e.message));
    page.on('console', m => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push('console: ' + m.text()); });

    // ---- sign-in: a wrong token is refused with the API's problem shown
    await page.goto(CONSOLE);
    await page.waitForSelector('#token');
    await snap(page, 'anonymous', 'sign-in');
    await page.fill('#token', 'not-a-token');
    await page.click('form.signin button[type=submit]');
    await page.waitForSelector('#error:not([hidden])');
    const refused = await page.textContent('#error');
    check(refused.includes('Unauthorized') && refused.includes('not valid'), `a wrong token is refused: "${refused}"`);
    await snap(page, 'anonymous', 'sign-in-refused');

    // ---- admin: domains, accounts, aliases, DKIM, the message view, the audit log
    const admin = await issue('console-admin', 'admin');
    await signIn(page, admin, 'admin');
    const depth = await page.textContent('main');
    check(/deferred/.test(depth) && /Components/.test(depth), 'dashboard shows queue depth and components');
    // console2: the deferred delivery and the SMTP reject made by ConsoleE2ETest, from the services' metrics
    const deferredN = Number(await page.textContent('[data-stat="deliveries-deferred"]'));
    const rejectsN = Number(await page.textContent('[data-stat="rejects"]'));
    const windowText = await page.textContent('[data-stat="window"]');
    check(deferredN >= 1 && rejectsN >= 1 && /min/.test(windowText),
      `last hour from metrics: deferred ${deferredN}, rejects ${rejectsN}, "${windowText}"`);
    // Nothing the page draws may print a JavaScript null or undefined as text (the last-hour panel once did).
    check(!/\b(null|undefined)\b/.test(await page.textContent('main')), 'the dashboard prints no "null" or "undefined"');
    await snap(page, 'admin', 'dashboard');

    await open(page, 'domains');
    await rerendered(page, 'domains', async () => {
      await page.getByLabel('Domain name').fill(DOMAIN);
      await page.getByRole('button', { name: 'Add domain' }).click();
    });
    check(await page.locator('tbody tr', { hasText: DOMAIN }).count() === 1, `domain ${DOMAIN} created and listed`);
    // A conflict is shown with the problem's title and detail.
    await page.getByLabel('Domain name').fill(DOMAIN);
    await page.getByRole('button', { name: 'Add domain' }).click();
    await page.waitForSelector('#error:not([hidden])');
    const conflict = await page.textContent('#error');
    check(conflict.startsWith('Already exists') && conflict.includes(`${DOMAIN} already exists`), `a duplicate domain shows the problem: "${conflict}"`);
    await snap(page, 'admin', 'domains');

    await open(page, 'accounts');
    for (const user of ['ann', 'tmp']) {
      await rerendered(page, 'accounts', async () => {
        await page.getByLabel('Address', { exact: true }).fill(`${user}@${DOMAIN}`);
        await page.getByLabel('Password', { exact: true }).fill('console-password-1');
        await page.getByLabel('Quota MiB (0 = domain default)').fill('5');
        await page.getByRole('button', { name: 'Create account' }).click();
      });
    }
    const annRow = page.locator('tbody tr', { hasText: `ann@${DOMAIN}` });
    check(await annRow.count() === 1 && (await annRow.textContent()).includes('5.0 MiB'), 'account created with a 5 MiB quota and a usage bar');
    check(await annRow.locator('[role=meter]').count() === 1, 'the quota is drawn as a meter');
    // Password reset through its dialog.
    await annRow.getByRole('button', { name: 'Reset password' }).click();
    await page.getByLabel('New password', { exact: true }).fill('console-password-2');
    await page.locator('dialog button[value=ok]').click();
    await page.locator('#status', { hasText: 'reset' }).waitFor();
    check(true, 'password reset through the dialog');
    // Disable.
    await rerendered(page, 'accounts', () => annRow.getByRole('button', { name: 'Disable' }).click());
    check((await page.locator('tbody tr', { hasText: `ann@${DOMAIN}` }).textContent()).includes('disabled'), 'account disabled');
    // Delete asks first: Cancel keeps it, Delete removes it.
    const tmpRow = page.locator('tbody tr', { hasText: `tmp@${DOMAIN}` });
    await tmpRow.getByRole('button', { name: 'Delete' }).click();
    check(await page.locator('dialog[open]').count() === 1, 'delete asks for confirmation');
    await page.locator('dialog button[value=cancel]').click();
    check(await tmpRow.count() === 1, 'cancelled delete keeps the account');
    await tmpRow.getByRole('button', { name: 'Delete' }).click();
    await rerendered(page, 'accounts', () => page.locator('dialog button[value=ok]').click());
    check(await page.locator('tbody tr', { hasText: `tmp@${DOMAIN}` }).count() === 0, 'confirmed delete removes the account');
    await snap(page, 'admin', 'accounts');

    await open(page, 'aliases');
    await rerendered(page, 'aliases', async () => {
      await page.getByLabel('Address (@domain for a catch-all)').fill(`sales@${DOMAIN}`);
      await page.getByLabel('Targets (comma-separated)').fill(`ann@${DOMAIN}`);
      await page.getByRole('button', { name: 'Create alias' }).click();
    });
    check(await page.locator('tbody tr', { hasText: `sales@${DOMAIN}` }).count() === 1, 'alias created');
    await snap(page, 'admin', 'aliases');

    await open(page, 'dkim');
    await rerendered(page, 'dkim', async () => {
      await page.locator('form[aria-label="Choose a domain"] select').selectOption(DOMAIN);
      await page.getByRole('button', { name: 'Show' }).click();
    });
    await rerendered(page, 'dkim', async () => {
      await page.locator('select[name=algorithm]').selectOption('ed25519-sha256');
      await page.getByRole('button', { name: 'Create key' }).click();
    });
    const record = await page.textContent('tbody pre');
    check(record.includes(`._domainkey.${DOMAIN}. IN TXT`) && record.includes('v=DKIM1'), `DKIM record to publish: ${record.slice(0, 80)}`);
    // console2: the new key is not published (NXDOMAIN at the test's dnsmasq): missing, with the expected record
    await page.locator('button[data-dns-check]').first().click();
    await page.waitForSelector('[data-dns-result]');
    check(await page.getAttribute('[data-dns-result]', 'data-dns-result') === 'missing', 'an unpublished key is "missing"');
    await snap(page, 'admin', 'dkim');
    // the key ConsoleE2ETest published through dnsmasq: match
    await rerendered(page, 'dkim', async () => {
      await page.locator('form[aria-label="Choose a domain"] select').selectOption(process.env.DKIM_DOMAIN);
      await page.getByRole('button', { name: 'Show' }).click();
    });
    await page.locator('button[data-dns-check="pub"]').click();
    await page.waitForSelector('[data-dns-result]');
    check(await page.getAttribute('[data-dns-result]', 'data-dns-result') === 'match', 'the published key "matches"');

    await open(page, 'queue');
    const row = page.locator(`tr[data-queue-id="${QID}"]`);
    check(await row.count() === 1, `deferred message ${QID} is in the queue`);
    check((await recipientState(page)) === 'deferred', 'its recipient is deferred, with its last result');
    await row.getByRole('button', { name: 'View' }).click();
    await page.waitForSelector('main pre');
    check((await page.textContent('main pre')).includes('Subject: queue tools cli'), 'the admin reads the message (postcat view)');
    await snap(page, 'admin', 'queue');

    await open(page, 'log');
    await rerendered(page, 'log', async () => {
      await page.getByLabel('Queue id').fill(QID);
      await page.getByRole('button', { name: 'Search' }).click();
    });
    const group = page.locator(`section.group[data-queue-id="${QID}"]`);
    check(await group.count() === 1 && (await group.textContent()).includes('deferred'), 'the log groups the message\'s lines, deferred');
    await snap(page, 'admin', 'log');
    // The status filter is the API's (GET /log?status=): the message has deferred lines and no sent one.
    for (const [status, count] of [['sent', 0], ['deferred', 1]]) {
      await rerendered(page, 'log', async () => {
        await page.getByLabel('Status').selectOption(status);
        await page.getByRole('button', { name: 'Search' }).click();
      });
      check(await group.count() === count, `log search for ${QID} with status ${status} shows ${count} group(s)`);
    }

    // Paging: the API's offset/limit, kept in the address; Next and Previous move through the domains two by two.
    await rerendered(page, 'domains', () => page.evaluate(() => { location.hash = '#/domains?limit=2'; }));
    const range1 = await page.textContent('[data-range]');
    const first1 = await page.textContent('main tbody tr td');
    check(/^1–2 of ([3-9]|\d\d+)$/.test(range1), `domains in pages of two: "${range1}"`);
    await rerendered(page, 'domains', () => page.getByRole('link', { name: 'Next' }).click());
    const range2 = await page.textContent('[data-range]');
    check(/^3–\d+ of /.test(range2) && await page.textContent('main tbody tr td') !== first1 && page.url().includes('offset=2'),
      `Next shows the following domains: "${range2}"`);
    await rerendered(page, 'domains', () => page.getByRole('link', { name: 'Previous' }).click());
    check(await page.textContent('[data-range]') === range1 && await page.textContent('main tbody tr td') === first1, 'Previous goes back');

    await open(page, 'troubleshoot');
    await page.getByLabel('Domain', { exact: true }).fill('unreachable.test');
    await page.getByRole('button', { name: 'Route', exact: true }).click();
    await page.waitForSelector('main table');
    check((await page.textContent('main table')).includes('127.0.0.1'), 'route of unreachable.test shows its transport host');
    await snap(page, 'admin', 'troubleshoot');

    await open(page, 'audit');
    const audit = await page.textContent('main table');
    check(audit.includes('account.create') && audit.includes('console-admin') && audit.includes('queue.view'), 'audit log lists the admin\'s changes');
    await snap(page, 'admin', 'audit');
    await signOut(page);

    // ---- operator: hold and release the deferred message; no admin controls
    const operator = await issue('console-operator', 'operator');
    await signIn(page, operator, 'operator');
    await open(page, 'queue');
    await rerendered(page, 'queue', () => page.locator(`tr[data-queue-id="${QID}"]`).getByRole('button', { name: 'Hold' }).click());
    check((await recipientState(page)) === 'hold', 'operator held the message');
    check((await page.textContent('#status')).includes('hold: 1 recipient'), 'the action\'s result is announced');
    await snap(page, 'operator', 'queue-held');
    // Release in bulk by filter: dry run count, confirmation, then the action.
    await page.locator('form[aria-label="Bulk queue action"] select[name=action]').selectOption('release');
    await page.locator('form[aria-label="Bulk queue action"] input[name=domain]').fill('unreachable.test');
    await page.getByRole('button', { name: 'Apply…' }).click();
    await page.waitForSelector('dialog[open]');
    check((await page.textContent('dialog[open]')).includes('release 1 message(s)'), 'bulk release counts first (dry run)');
    await rerendered(page, 'queue', () => page.locator('dialog button[value=ok]').click());
    // Released mail is tried at once (active), then waits deferred again: either way no longer held.
    const released = await recipientState(page);
    check(released === 'active' || released === 'deferred', `bulk release took it out of hold (${released})`);
    check(await page.locator('[data-write="admin"]').count() === 0 && await page.getByRole('button', { name: 'View' }).count() === 0,
      'operator sees no admin-only controls on the queue');
    await open(page, 'accounts');
    check(await page.locator('[data-write]').count() === 0, 'operator sees no account write controls');
    await snap(page, 'operator', 'accounts');
    await signOut(page);

    // ---- viewer: every page readable, no write control anywhere, the API refuses writes anyway
    const viewer = await issue('console-viewer', 'viewer');
    await signIn(page, viewer, 'viewer');
    for (const name of PAGES) {
      await open(page, name);
      check(await page.locator('[data-write]').count() === 0, `viewer sees no write control on ${name}`);
      check(await page.locator('#error:not([hidden])').count() === 0, `viewer's ${name} page drew without an error`);
      await snap(page, 'viewer', name);
    }
    const refusals = await page.evaluate(async ({ token, qid, domain }) => {
      const call = (method, p, body) => fetch('/api/v1' + p, { method, headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined }).then(r => r.status);
      return [await call('POST', `/queue/${qid}/hold`), await call('DELETE', `/queue/${qid}`),
        await call('POST', '/domains', { name: 'viewer-' + domain }), await call('DELETE', `/accounts/ann@${domain}`),
        await call('POST', '/queue/actions/delete?all=true')];
    }, { token: viewer, qid: QID, domain: DOMAIN });
    check(refusals.every(s => s === 403), `the API refuses the viewer's writes: ${refusals.join(' ')}`);
    const still = await api('GET', `/queue/${QID}`, viewer);
    check(still.status === 200, 'the message is still queued after the refused writes');
    await signOut(page);
    check(await page.evaluate(() => sessionStorage.length) === 0, 'signing out forgets the token');

    check(problems.length === 0, 'no script error or CSP violation: ' + problems.join('; '));
    console.log(`PASS ${shot} screenshots in ${SHOTS}`);
  } catch (e) {
    const page = ctx.pages()[0];
    if (page) {
      await page.screenshot({ path: path.join(SHOTS, 'failure.png'), fullPage: true }).catch(() => {});
      console.log('page at failure: ' + (await page.textContent('body').catch(() => '?')));
    }
    console.log('problems: ' + problems.join('; '));
    throw e;
  } finally {
    await ctx.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch(e => { console.error(e); process.exit(1); });
