// The contact centre and the reports dashboards (JavaScript on, axe on every
// page): an advisor finds a customer by postcode, sees their open cases,
// logs a phone contact resolved at first contact and, with the keyboard
// only, another that becomes a case; a manager opens the dashboards,
// changes the period and downloads CSV and XLSX.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, openBrowser, checkA11y } from './support.mjs';

const advisor = { email: 'advisor@barnet.example', password: 'civicdesk-demo' };
const manager = { email: 'manager@barnet.example', password: 'civicdesk-demo' };

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await openBrowser({ js: true });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

function sql(query) {
  return execFileSync('sqlite3', [server.db, query], { encoding: 'utf8', timeout: 10_000 }).trim();
}

// A demo customer with a postcode and at least one open case (and the one
// case that is theirs, to look for).
function customerWithOpenCase() {
  const row = sql(`SELECT a.postcode, c.customer_id, c.reference FROM cases c
    JOIN customer_addresses a ON a.customer_id = c.customer_id AND a.tenant_id = c.tenant_id
    JOIN categories k ON k.code = c.category AND k.tenant_id = c.tenant_id
    WHERE c.status <> 'closed' AND a.postcode <> '' AND k.restricted = 0
    AND (SELECT count(*) FROM customer_addresses b WHERE b.postcode = a.postcode) = 1
    ORDER BY c.id LIMIT 1`);
  const [postcode, id, reference] = row.split('|');
  assert.ok(postcode && id && reference, `no demo customer with an open case: ${row}`);
  return { postcode, id, reference };
}

async function signInAs(page, who, next) {
  await page.goto(`${server.url}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => u.pathname === next);
}

// Tabs until the focused element matches `predicate` (at most 60 presses).
async function tabTo(page, description, predicate) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(predicate)) return;
  }
  assert.fail(`could not reach ${description} with Tab`);
}

const contactsLogged = () => Number(sql('SELECT count(*) FROM contacts'));

test('an advisor finds a customer by postcode and logs contacts', async () => {
  const { page } = browser;
  const who = customerWithOpenCase();
  await signInAs(page, advisor, '/staff/contact');
  await checkA11y(page, 'contact page');
  // The search box has the focus: type the postcode and press Enter.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
  await page.keyboard.type(who.postcode);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#customer-results');
  await checkA11y(page, 'search results');
  await page.locator(`#customer-results a[href^="/staff/contact?customer=${who.id}&"]`).click();
  await page.waitForSelector('#single-view');
  // The single view: their open case, linked to its case page.
  assert.ok(await page.locator(`#single-view a[href="/staff/cases/${who.reference}"]`).count());
  await checkA11y(page, 'single view');

  // An error keeps what was typed: signposted, but not said where, and
  // nothing asked.
  await page.getByLabel('Face to face').check();
  await page.getByLabel('Signposted elsewhere').check();
  await page.getByRole('button', { name: 'Log the contact' }).click();
  await page.waitForSelector('.govuk-error-summary');
  assert.equal(await page.locator('.govuk-error-summary a').count(), 2);
  assert.ok(await page.getByLabel('Face to face').isChecked());
  assert.ok(await page.getByLabel('Signposted elsewhere').isChecked());
  await checkA11y(page, 'contact errors');
  await page.getByLabel('Phone').check();
  await page.getByLabel('Resolved at first contact').check();

  // A phone call resolved at first contact: the defaults, plus what was asked.
  const before = contactsLogged();
  await page.getByLabel('What did they ask?').fill('When is the garden waste collected?');
  await page.getByRole('button', { name: 'Log the contact' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  assert.equal(contactsLogged(), before + 1);
  assert.equal(sql(`SELECT outcome || ',' || channel FROM contacts ORDER BY id DESC LIMIT 1`),
    'resolved_at_first_contact,telephone');
  assert.ok(await page.locator('#single-view').getByText('When is the garden waste collected?').count());
  await checkA11y(page, 'contact logged');
});

test('with the keyboard only, a contact becomes a case', async () => {
  const { page } = browser;
  const who = customerWithOpenCase();
  const service = sql(`SELECT name FROM categories WHERE active = 1 AND restricted = 0 AND location_required = 0
    AND code NOT IN (SELECT parent FROM categories WHERE parent <> '')
    AND (questions IS NULL OR questions = '' OR questions = '[]') ORDER BY name LIMIT 1`);
  assert.ok(service, 'a demo service without questions');
  await page.goto(`${server.url}/staff/contact`);
  // The search box takes the focus by itself; type only once it has it
  // (typing earlier lost the first characters in one run).
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'q');
  await page.keyboard.type(who.postcode);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#customer-results');
  await tabTo(page, 'the customer', () => document.activeElement.closest('#customer-results') !== null);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#single-view');
  // What was asked has the focus once the customer is chosen.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'reason');
  await page.keyboard.type('Overgrown hedge blocking the pavement');
  await page.keyboard.press('Tab');  // the channel: phone is already chosen
  assert.equal(await page.evaluate(() => document.activeElement.value), 'telephone');
  await page.keyboard.press('Tab');  // the service: type to choose it
  assert.equal(await page.evaluate(() => document.activeElement.id), 'category');
  await page.keyboard.type(service);
  assert.equal(await page.evaluate(() => document.activeElement.selectedOptions[0].textContent), service);
  await page.keyboard.press('Tab');  // the outcome: down to "Became a case"
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.value), 'case_created');
  await tabTo(page, 'Log the contact', () => document.activeElement.id === 'log-contact');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#logged-case');
  const reference = (await page.locator('#logged-case').textContent()).trim();
  assert.equal(sql(`SELECT customer_id FROM cases WHERE reference = '${reference}'`), who.id);
  assert.equal(sql(`SELECT outcome FROM contacts ORDER BY id DESC LIMIT 1`), 'case_created');
  await checkA11y(page, 'case created');
  // The customer page lists it with the rest of their cases.
  await page.goto(`${server.url}/staff/customers/${who.id}`);
  assert.ok(await page.locator(`a[href="/staff/cases/${reference}"]`).count());
  await checkA11y(page, 'customer page');
});

test('a manager opens the dashboards, changes the period and downloads', async () => {
  const { page, context } = browser;
  await context.clearCookies();
  await signInAs(page, manager, '/staff/reports');
  assert.equal(await page.locator('main table').count(), 6);
  assert.ok(await page.locator('svg[role="img"]').count() >= 1);
  await checkA11y(page, 'dashboards');

  await page.getByLabel('From month').fill('2025-04');
  await page.getByLabel('To month').fill('2026-03');
  await page.getByRole('button', { name: 'Show reports' }).click();
  await page.waitForURL(/from=2025-04/);
  assert.match(await page.locator('#period-shown').textContent(), /From 2025-04 to 2026-03/);
  await checkA11y(page, 'dashboards for a period');

  await page.getByLabel('From month').fill('April');
  await page.getByRole('button', { name: 'Show reports' }).click();
  await page.waitForSelector('.govuk-error-summary');
  assert.equal(await page.getByLabel('From month').inputValue(), 'April');
  await checkA11y(page, 'dashboard errors');
  await page.goBack();

  for (const [format, start] of [['csv', 'Month,Items due'], ['xlsx', 'PK']]) {
    const link = page.locator(`a[href^="/staff/reports/me-monthly/${format}?"]`);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    const bytes = Buffer.concat(chunks);
    assert.equal(bytes.subarray(0, start.length).toString('latin1'), start, format);
    assert.match(download.suggestedFilename(), new RegExp(`^me-monthly_2025-04_2026-03\\.${format}$`));
  }
});
