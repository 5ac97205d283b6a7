// The staff case page's triage, watchers, unlinking and photos, and setting
// up two-step verification, in a real browser (JavaScript on, axe on every
// page, error states included): the Members' Enquiries team (the demo
// manager) routes an enquiry, copies someone in, adds a task and unlinks it,
// adds a photo and hides it; the delivery unit's officer accepts it. Then a
// member of staff sets up an authenticator app from /account/security (the
// code computed here as RFC 6238 says) and is asked for a code at the next
// sign-in. A keyboard-only pass routes an enquiry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, checkA11y, seedStaffWork, totp } from './support.mjs';
import { png } from './fixtures/png.mjs';

const password = 'civicdesk-demo';
const manager = { email: 'manager@barnet.example', password };
const officer = { email: 'officer@barnet.example', password };

let server;
let enquiryRef;
let secondRef;
before(async () => {
  server = await startServer();
  ({ enquiryRef } = await seedStaffWork(server, officer.email));
  ({ enquiryRef: secondRef } = await seedStaffWork(server, officer.email));
});
after(async () => {
  await server?.stop();
});

async function signInAs(page, who) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/staff$|\/sign-in\/code/);
}

async function done(page, label) {
  await page.waitForSelector('.govuk-notification-banner--success');
  await checkA11y(page, label);
}

test('the Members\' Enquiries team triages an enquiry and the delivery unit accepts it', async () => {
  const b = await openBrowser({ js: true });
  try {
    const { page } = b;
    await signInAs(page, manager);
    await page.goto(`${server.url}/staff/cases/${enquiryRef}`);
    await checkA11y(page, 'enquiry before triage');

    // Route: an error first, then Street Scene.
    await page.getByText('Route to a delivery unit').click();
    await page.getByRole('button', { name: 'Route enquiry' }).click();
    await page.waitForSelector('.govuk-error-summary');
    await checkA11y(page, 'route error');
    await page.locator('#route_unit').selectOption({ label: 'Street Scene' });
    await page.locator('#route_note').fill('Station Road, round 7');
    await page.getByRole('button', { name: 'Route enquiry' }).click();
    await done(page, 'routed');
    assert.ok(await page.getByText('Waiting to be accepted').count());

    // Copy someone in by email address (an error first) and a councillor; remove one.
    await page.getByText('Copy someone in').click();
    await page.getByLabel('Email address', { exact: true }).fill('not an address');
    await page.getByRole('button', { name: 'Copy in by email' }).click();
    await page.waitForSelector('.govuk-error-summary');
    await checkA11y(page, 'watcher error');
    await page.getByLabel('Email address', { exact: true }).fill('resident.group@example.com');
    await page.getByLabel('Their name (optional)').fill('Station Road residents');
    await page.getByRole('button', { name: 'Copy in by email' }).click();
    await done(page, 'copied in');
    assert.ok(await page.locator('#watchers + dl').getByText('Station Road residents').count());
    await page.getByText('Copy someone in').click();
    await page.locator('#watch_member').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Copy in the councillor' }).click();
    await done(page, 'councillor copied in');
    await page.getByRole('button', { name: 'Remove Station Road residents' }).click();
    await done(page, 'watcher removed');
    assert.equal(await page.getByText('Station Road residents').count(), 0);

    // A task for another delivery unit, then unlinked.
    await page.getByText('Add a task for another delivery unit').click();
    await page.locator('#task_unit').selectOption({ index: 2 });
    await page.getByRole('button', { name: 'Add task' }).click();
    await done(page, 'task added');
    const unlink = page.getByRole('button', { name: /^Unlink / });
    assert.equal(await unlink.count(), 1);
    await unlink.click();
    await done(page, 'unlinked');
    assert.equal(await page.getByRole('button', { name: /^Unlink / }).count(), 0);

    // A photo: a wrong file first, then a PNG shown to the customer, then hidden.
    await page.getByText('Add photos').first().click();
    await page.setInputFiles('#photo_files', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') });
    await page.getByRole('button', { name: 'Add photos' }).click();
    await page.waitForSelector('.govuk-error-summary');
    assert.ok(await page.getByText('must be a JPEG or PNG').count());
    await checkA11y(page, 'photo error');
    await page.setInputFiles('#photo_files', { name: 'bins.png', mimeType: 'image/png', buffer: png() });
    await page.getByLabel('Show them to the customer').check();
    await page.getByRole('button', { name: 'Add photos' }).click();
    await done(page, 'photo added');
    await page.getByRole('button', { name: 'Hide photo 1' }).click();
    await done(page, 'photo hidden');
    assert.ok(await page.locator('.civicdesk-photos').getByText('Hidden').count());
    assert.ok(await page.getByRole('button', { name: 'Show again photo 1' }).count());
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }

  // The delivery unit's officer accepts it.
  const o = await openBrowser({ js: true });
  try {
    const { page } = o;
    await signInAs(page, officer);
    await page.goto(`${server.url}/staff/cases/${enquiryRef}`);
    await checkA11y(page, 'enquiry waiting to be accepted');
    assert.equal(await page.getByText('Route to a delivery unit').count(), 0, 'routing is the ME team\'s');
    await page.getByText('Accept this enquiry').click();
    await page.getByRole('button', { name: 'Accept enquiry' }).click();
    await done(page, 'accepted');
    assert.ok(await page.locator('.govuk-summary-list__value', { hasText: /^Accepted$/ }).count());
  } finally {
    await o.close();
  }
});

test('a member of staff sets up two-step verification and is asked for a code next time', async () => {
  const lead = { email: 'lead@barnet.example', password };
  const b = await openBrowser({ js: true });
  try {
    const { page } = b;
    await signInAs(page, lead);
    await page.goto(`${server.url}/account`);
    await checkA11y(page, 'account');
    await page.getByRole('link', { name: 'Two-step verification' }).click();
    await page.waitForURL(/\/account\/security$/);
    await checkA11y(page, 'security page');
    const secret = (await page.locator('#secret').innerText()).replace(/^.*:\s*/, '').replace(/\s+/g, '');
    assert.match(secret, /^[A-Z2-7]{32}$/);
    await page.getByText('If your app asks for a link').click();
    assert.match(await page.locator('#uri').innerText(), /^otpauth:\/\/totp\//);

    await page.getByLabel('Code from your app').fill('12');
    await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
    await page.waitForSelector('.govuk-error-summary');
    await checkA11y(page, 'security code error');
    // The same key is still shown: the app already set up keeps working.
    assert.equal((await page.locator('#secret').innerText()).replace(/^.*:\s*/, '').replace(/\s+/g, ''), secret);
    await page.getByLabel('Code from your app').fill(totp(secret));
    await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
    await done(page, 'two-step verification on');
    assert.ok(await page.getByText('Two-step verification is on for your account').count());
  } finally {
    await b.close();
  }
  const again = await openBrowser({ js: true });
  try {
    await signInAs(again.page, lead);
    assert.match(again.page.url(), /\/sign-in\/code/);
  } finally {
    await again.close();
  }
});

// Tabs until the focused element matches `predicate` (at most 120 presses).
async function tabTo(page, description, predicate) {
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(predicate)) return;
  }
  assert.fail(`could not reach ${description} with Tab`);
}

test('keyboard only: route an enquiry', async () => {
  const b = await openBrowser({ js: true });
  try {
    const { page } = b;
    await signInAs(page, manager);
    await page.goto(`${server.url}/staff/cases/${secondRef}`);
    await tabTo(page, 'Route to a delivery unit', () => document.activeElement.textContent.trim() === 'Route to a delivery unit');
    await page.keyboard.press('Enter');
    await tabTo(page, 'the delivery unit', () => document.activeElement.id === 'route_unit');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, 'Route enquiry', () => document.activeElement.textContent.trim() === 'Route enquiry');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.govuk-notification-banner--success');
    assert.ok(await page.getByText('Waiting to be accepted').count());
  } finally {
    await b.close();
  }
});
