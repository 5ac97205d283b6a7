// The browser suite's harness: the real civicdesk binary serving a fresh,
// small demo council on 127.0.0.1, and Debian's chromium driven by
// playwright-core (never a downloaded browser), with axe-core checks.
//
//   const s = await startServer();            // s.url, s.db, s.stop()
//   const b = await openBrowser({ js: true }); // b.page, b.close()
//   await checkA11y(b.page);                  // fails on any violation
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { createHmac } from 'node:crypto';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const bin = process.env.CIVICDESK_BIN || join(root, 'build', 'src', 'cli', 'civicdesk');
export const chromiumPath = process.env.CIVICDESK_CHROMIUM || '/usr/bin/chromium';
export const resident = { email: 'resident@barnet.example', password: 'civicdesk-demo' };
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function waitForHealth(url, child, deadline) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`civicdesk exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (r.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('civicdesk did not answer /healthz within 30 s');
}

// A small demo council (the same seed every time) in a fresh database.
export async function startServer() {
  assert.ok(existsSync(bin), `no civicdesk binary at ${bin}: build it first`);
  const dir = mkdtempSync(join(tmpdir(), 'civicdesk-browser-'));
  const db = join(dir, 'demo.db');
  execFileSync(bin, ['--db', `sqlite:${db}`, '--log-level', 'warn', 'demo', '--customers', '200', '--contacts', '200',
    '--cases', '300'], { stdio: 'ignore', timeout: 120_000 });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(bin, ['--db', `sqlite:${db}`, '--log-level', 'warn', 'serve', '--address', '127.0.0.1',
    '--port', String(port), '--rate-limit', '0', '--write-rate-limit', '0', '--public-rate-limit', '0',
    '--outbox-workers', '0', '--reminders-every', '0'], { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForHealth(url, child, Date.now() + 30_000);
  return {
    url, db,
    // The newest message queued for `recipient` (emails are not sent in tests).
    lastMessage(recipient) {
      return execFileSync('sqlite3', [db, `SELECT body FROM outbox WHERE recipient = '${recipient.replace(/'/g, "''")}' ORDER BY id DESC LIMIT 1`],
        { encoding: 'utf8', timeout: 10_000 });
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => { if (child.exitCode !== null) r(); else child.once('exit', r); });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Chromium with a fresh profile; `js: false` for the no-JavaScript runs.
export async function openBrowser({ js = true, viewport = { width: 1024, height: 800 } } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'civicdesk-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    javaScriptEnabled: js,
    viewport,
    timeout: 30_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(20_000);
  // Nothing but the server under test: any other request is refused.
  await context.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => route.abort());
  const page = context.pages()[0] || await context.newPage();
  const errors = [];
  // Script errors, and assets that fail to load. (Pages answering 4xx are
  // expected: validation errors are 400, unknown pages 404.)
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') errors.push(`${r.status()} ${r.url()}`);
  });
  return {
    page, context, errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// axe-core on the page as it is now; fails listing every violation.
export async function checkA11y(page, label = page.url()) {
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  const found = result.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
  assert.deepEqual(found, [], `axe found accessibility violations on ${label}`);
  return result;
}

export async function signIn(page, url, who = resident) {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/(account|requests|report)/);
}

// Answers the category's question pages (if any) with the first choice of
// each list, a number or a date; at most three rounds.
export async function answerQuestions(page) {
  for (let round = 0; round < 3; round++) {
    // Whichever comes next once the previous page has gone.
    await page.waitForSelector('h1:has-text("Tell us more"), h1:has-text("Where is the problem?")');
    if (!(await page.getByRole('heading', { name: 'Tell us more' }).count())) return;
    for (const group of await page.locator('.govuk-radios').all()) await group.locator('input').first().check();
    for (const box of await page.locator('.govuk-checkboxes').all()) await box.locator('input').first().check();
    for (const input of await page.locator('main input.govuk-input').all()) {
      if (await input.inputValue()) continue;
      const dated = (await input.getAttribute('aria-describedby') || '').includes('-hint');
      await input.fill(dated ? '2026-03-01' : '2');
    }
    await page.getByRole('button', { name: 'Continue' }).click();
  }
  assert.fail('still on the questions page after three tries');
}

// An API token for a demo user (the CLI, as an administrator would make one).
export function apiToken(server, email) {
  const out = execFileSync(bin, ['--db', `sqlite:${server.db}`, '--log-level', 'warn', 'users', 'token', email,
    '--name', `browser-${Date.now()}-${Math.random().toString(36).slice(2)}`], { encoding: 'utf8', timeout: 30_000 });
  return out.trim().split('\n').pop().trim();
}

// A request to the API with a bearer token; the parsed JSON answer.
export async function callApi(server, token, method, path, body) {
  const r = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  assert.ok(r.ok, `${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

// The small demo council's history is mostly closed: gives the staff user
// `email`'s service open work (missed bins, two overdue, two assigned to
// them) and a Members' Enquiry. Returns { token, enquiryRef }.
export async function seedStaffWork(server, email) {
  const token = apiToken(server, email);
  const me = await callApi(server, token, 'GET', '/api/v1/session');
  const daysAgo = (n) => new Date(Date.now() - n * 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const bin = { category: 'missed-bin', answers: { bin_type: 'refuse' }, location: { postcode: 'N3 1AB' } };
  const add = (extra) => callApi(server, token, 'POST', '/api/v1/cases', { ...bin, ...extra });
  await add({ description: 'Grey bin missed again', received_at: daysAgo(30), assignee_id: me.officer_id });
  await add({ description: 'Recycling not collected', received_at: daysAgo(25) });
  await add({ description: 'Food waste caddy left behind', assignee_id: me.officer_id, priority: 'high' });
  await add({ description: 'Garden waste bin not emptied', received_at: daysAgo(9) });
  const members = await callApi(server, token, 'GET', '/api/v1/members');
  const enquiry = await add({ type: 'member_enquiry', member_id: members.items[0].id,
    description: 'Residents of Station Road say their bins were missed twice this month' });
  return { token, enquiryRef: enquiry.reference };
}

// RFC 6238 (TOTP, SHA-1, 30 s, 6 digits) over RFC 4648 base32.
export function totp(base32, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of base32.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}
