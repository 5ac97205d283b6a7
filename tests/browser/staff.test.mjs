// The staff console in a real browser (JavaScript on, axe on every page):
// an officer signs in, filters the work queue, opens a case and works it —
// a note, a delay, assigning, responding, closing — sees a stale-version
// error, and a member of staff with a second factor enters their code
// (computed here as RFC 6238 says). Then a keyboard-only pass: queue → case
// → note.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, checkA11y, apiToken, callApi, seedStaffWork, totp } from './support.mjs';

const password = 'civicdesk-demo';
const officer = { email: 'officer@barnet.example', password };

let server;
let browser;
let enquiryRef;
before(async () => {
  server = await startServer();
  browser = await openBrowser({ js: true });
  ({ enquiryRef } = await seedStaffWork(server, officer.email));
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signInAsStaff(page, who) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('an officer works a case from the queue to closing it', async () => {
  const { page } = browser;
  await signInAsStaff(page, officer);
  await page.waitForURL(/\/staff$/);
  await checkA11y(page, 'work queue');
  assert.ok(await page.getByRole('link', { name: 'Log a contact' }).count());

  // Filter: the delivery unit's open cases, overdue only.
  await page.getByLabel("A delivery unit's cases").check();
  await page.getByLabel('Overdue only').check();
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForURL(/overdue=yes/);
  await checkA11y(page, 'filtered queue');
  const tags = await page.locator('tbody .govuk-tag--red').count();
  const rows = await page.locator('tbody tr').count();
  assert.ok(rows > 0, 'the demo council has overdue cases');
  assert.equal(tags, rows, 'every overdue case has a red tag');

  // Open the first case and add a note (an error first).
  await page.locator('tbody a').first().click();
  await page.waitForURL(/\/staff\/cases\//);
  await checkA11y(page, 'case page');
  await page.getByText('Add a note').click();
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.waitForSelector('.govuk-error-summary');
  await checkA11y(page, 'note error');
  await page.getByLabel('Note', { exact: true }).fill('Called the crew supervisor');
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  assert.ok(await page.getByText('Called the crew supervisor').count());
  await checkA11y(page, 'note added');

  // A Members' Enquiry in the officer's service: delay, assign, respond, close.
  const ref = enquiryRef;
  await page.goto(`${server.url}/staff/cases/${ref}`);
  await checkA11y(page, 'enquiry page');
  const later = new Date(Date.now() + 20 * 24 * 3600 * 1000);
  await page.getByText('Advise a delay').click();
  await page.getByLabel('Day').fill(String(later.getUTCDate()));
  await page.getByLabel('Month').fill(String(later.getUTCMonth() + 1));
  await page.getByLabel('Year').fill(String(later.getUTCFullYear()));
  await page.locator('#delay_reason').fill('Waiting for a contractor');
  await page.getByRole('button', { name: 'Advise delay' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  await checkA11y(page, 'delay advised');

  await page.getByText('Assign', { exact: true }).first().click();
  await page.locator('#assign_officer').selectOption({ index: 2 });
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await page.waitForSelector('.govuk-notification-banner--success');

  await page.getByText('Respond', { exact: true }).click();
  await page.locator('#respond_text').fill('The repair is booked for next week.');
  await page.getByRole('button', { name: 'Send response' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');

  await page.getByText('Close the case').click();
  await page.locator('#close_outcome').check();
  await page.getByRole('button', { name: 'Close case' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  assert.ok(await page.locator('dd .govuk-tag', { hasText: 'Closed' }).count());
  await checkA11y(page, 'closed case');
});

test('a stale version is refused and nothing changes', async () => {
  const { page, context } = browser;
  await page.goto(`${server.url}/staff`);
  await page.locator('tbody a').first().click();
  await page.waitForURL(/\/staff\/cases\//);
  const url = page.url();
  const other = await context.newPage();
  await other.goto(url);
  await other.getByText('Add a note').click();
  await other.getByLabel('Note', { exact: true }).fill('Meanwhile, in another tab');
  await other.getByRole('button', { name: 'Add note' }).click();
  await other.waitForSelector('.govuk-notification-banner--success');
  await other.close();

  await page.getByText('Add a note').click();
  await page.getByLabel('Note', { exact: true }).fill('From the stale page');
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.waitForSelector('.govuk-error-summary');
  assert.ok(await page.getByText('Someone else changed this case').count());
  assert.equal(await page.locator('.civicdesk-timeline').getByText('From the stale page').count(), 0);
  await checkA11y(page, 'stale version');
});

test('staff with a second factor enter the code from their app', async () => {
  const lead = { email: 'lead@barnet.example', password };
  const token = apiToken(server, lead.email);
  const { secret } = await callApi(server, token, 'POST', '/api/v1/account/totp');
  await callApi(server, token, 'POST', '/api/v1/account/totp/confirm', { secret, code: totp(secret) });

  const b = await openBrowser({ js: true });
  try {
    const { page } = b;
    await signInAsStaff(page, lead);
    await page.waitForURL(/\/sign-in\/code/);
    await checkA11y(page, 'code page');
    await page.getByLabel('Enter the code from your authenticator app').fill('12');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.govuk-error-summary');
    await checkA11y(page, 'code error');
    await page.getByLabel('Enter the code from your authenticator app').fill(totp(secret));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/staff$/);
    assert.ok(await page.getByRole('heading', { name: 'My cases' }).count());
  } finally {
    await b.close();
  }
});

// Tabs until the focused element matches `predicate` (at most 80 presses).
async function tabTo(page, description, predicate) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(predicate)) return;
  }
  assert.fail(`could not reach ${description} with Tab`);
}

test('keyboard only: queue, case, note', async () => {
  const { page } = browser;
  await page.goto(`${server.url}/staff`);
  await tabTo(page, 'a case in the queue', () => document.activeElement.closest('tbody') !== null &&
    document.activeElement.tagName === 'A');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/staff\/cases\//);
  await tabTo(page, 'Add a note', () => document.activeElement.textContent.trim() === 'Add a note');
  await page.keyboard.press('Enter');
  await tabTo(page, 'the note', () => document.activeElement.id === 'note_text');
  await page.keyboard.type('Typed with the keyboard only');
  await tabTo(page, 'Add note', () => document.activeElement.textContent.trim() === 'Add note');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.govuk-notification-banner--success');
  assert.ok(await page.getByText('Typed with the keyboard only').count());
});
