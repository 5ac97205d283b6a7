// The staff console with JavaScript off (functional: axe needs JavaScript):
// an officer signs in, filters the work queue, opens a case from it, adds a
// note (after an error), advises a delay and closes it; then logs a phone
// contact for a customer found by postcode at the contact centre.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, openBrowser, seedStaffWork } from './support.mjs';

const officer = { email: 'officer@barnet.example', password: 'civicdesk-demo' };

let server;
let browser;
let enquiryRef;
before(async () => {
  server = await startServer();
  browser = await openBrowser({ js: false });
  ({ enquiryRef } = await seedStaffWork(server, officer.email));
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

function sql(query) {
  return execFileSync('sqlite3', [server.db, query], { encoding: 'utf8', timeout: 10_000 }).trim();
}

test('without JavaScript an officer works a case from the queue to closing it', async () => {
  const { page } = browser;
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email address').fill(officer.email);
  await page.getByLabel('Password').fill(officer.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/staff$/);
  assert.ok(await page.locator('body:not(.js-enabled)').count(), 'JavaScript really is off');

  // The filters are a plain GET form.
  await page.getByLabel("A delivery unit's cases").check();
  await page.getByLabel('Overdue only').check();
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForURL(/overdue=yes/);
  const rows = await page.locator('tbody tr').count();
  assert.ok(rows > 0, 'the seeded work has overdue cases');
  assert.equal(await page.locator('tbody .govuk-tag--red').count(), rows, 'every overdue case has a red tag');

  // The delivery unit's open cases list the Members' Enquiry: open it from the queue.
  await page.getByLabel('Overdue only').uncheck();
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForURL((u) => !u.search.includes('overdue=yes'));
  await page.getByRole('link', { name: enquiryRef }).click();
  await page.waitForURL(new RegExp(`/staff/cases/${enquiryRef}$`));
  await page.waitForSelector(`h1:has-text("${enquiryRef}")`);

  // A note: an empty one first (the error keeps the form open), then a real one.
  await page.getByText('Add a note').click();
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.waitForSelector('.govuk-error-summary');
  assert.match(await page.title(), /^Error: /);
  await page.getByLabel('Note', { exact: true }).fill('Called the crew supervisor, no JavaScript needed');
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  assert.ok(await page.getByText('Called the crew supervisor, no JavaScript needed').count());

  // Advise a delay: a new date and the reason.
  const later = new Date(Date.now() + 20 * 24 * 3600 * 1000);
  await page.getByText('Advise a delay').click();
  await page.getByLabel('Day').fill(String(later.getUTCDate()));
  await page.getByLabel('Month').fill(String(later.getUTCMonth() + 1));
  await page.getByLabel('Year').fill(String(later.getUTCFullYear()));
  await page.locator('#delay_reason').fill('Waiting for a contractor');
  await page.getByRole('button', { name: 'Advise delay' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  assert.equal(sql(`SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id
    WHERE c.reference = '${enquiryRef}' AND e.kind = 'delay_advised'`), '1');

  // Close it.
  await page.getByText('Close the case').click();
  await page.locator('#close_outcome').check();
  await page.getByRole('button', { name: 'Close case' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  assert.ok(await page.locator('dd .govuk-tag', { hasText: 'Closed' }).count());
  assert.equal(sql(`SELECT status FROM cases WHERE reference = '${enquiryRef}'`), 'closed');
});

test('without JavaScript an officer logs a contact at the contact centre', async () => {
  const { page } = browser;
  const row = sql(`SELECT a.postcode, a.customer_id FROM customer_addresses a
    WHERE a.postcode <> '' AND (SELECT count(*) FROM customer_addresses b WHERE b.postcode = a.postcode) = 1
    ORDER BY a.customer_id LIMIT 1`);
  const [postcode, id] = row.split('|');
  assert.ok(postcode && id, `a demo customer with a postcode: ${row}`);
  await page.goto(`${server.url}/staff/contact`);
  await page.locator('#q').fill(postcode);
  await page.locator('#q').press('Enter');
  await page.waitForSelector('#customer-results');
  await page.locator(`#customer-results a[href^="/staff/contact?customer=${id}&"]`).click();
  await page.waitForSelector('#single-view');

  const before = Number(sql('SELECT count(*) FROM contacts'));
  await page.getByLabel('What did they ask?').fill('When is the garden waste collected?');
  await page.getByRole('button', { name: 'Log the contact' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  assert.equal(Number(sql('SELECT count(*) FROM contacts')), before + 1);
  assert.equal(sql('SELECT customer_id || \',\' || outcome || \',\' || channel FROM contacts ORDER BY id DESC LIMIT 1'),
    `${id},resolved_at_first_contact,telephone`);
  assert.ok(await page.locator('#single-view').getByText('When is the garden waste collected?').count());
});
