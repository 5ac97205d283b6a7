// Councillors raising an enquiry for someone they raised one for before, and
// copying in a councillor by name: JavaScript on (axe on every page, the
// names filtered as you type) and off (every name listed, the same journey).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, openBrowser, checkA11y } from './support.mjs';
import { councillor, signInAs, raiseEnquiry } from './member_support.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

// Another councillor of the demo council, to copy in: the first by name.
function anotherCouncillor() {
  const name = execFileSync('sqlite3', [server.db, `SELECT name FROM members WHERE active = 1 AND id <>
    (SELECT member_id FROM users WHERE email = '${councillor.email}') ORDER BY name LIMIT 1`],
  { encoding: 'utf8', timeout: 10_000 }).trim();
  assert.ok(name, 'the demo council has other councillors');
  return name;
}

async function next(page, heading) {
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForSelector(`h1:has-text("${heading}")`);
}

// Raises an enquiry for Ada Lovelace (raised for before), copying in
// `member` by name; `filter` types part of the name into the search box
// first (JavaScript on). `check` runs on every page. Returns the reference.
async function raiseForAda(page, member, check, { filter = false } = {}) {
  await page.goto(`${server.url}/member/enquiries/new`);
  await page.waitForSelector('h1:has-text("Who is the enquiry for?")');
  // Nothing chosen: the error is on the choice.
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForSelector('.govuk-error-summary');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Select who the enquiry is for/);
  await check('who is it for, with an error');
  await page.getByLabel('Ada Lovelace').check();
  await next(page, 'What is the enquiry about?');
  await page.getByLabel('Service').selectOption({ label: 'General enquiry' });
  await page.getByLabel('Subject').fill('Street light out on Regents Park Road');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForSelector('h1:has-text("Where is it?")');
  await page.getByLabel('Street or place').fill('Regents Park Road');
  await next(page, 'Describe the enquiry');
  await page.getByLabel('Describe the enquiry').fill('Out for two weeks; Ada asked me to raise it again.');
  await next(page, 'Who else should be copied in?');
  await check('copies');
  const items = page.locator('[data-civicdesk-category]');
  const all = await items.count();
  assert.ok(all > 10, 'councillors and officers are listed');
  if (filter) {
    await page.getByLabel('Find a name').fill(member.split(' ').slice(1).join(' ').toLowerCase());
    const shown = await page.locator('[data-civicdesk-category]:not([hidden])').count();
    assert.ok(shown >= 1 && shown < all, `the list is filtered (${shown} of ${all})`);
    await check('copies, filtered');
  } else {
    assert.equal(await page.getByLabel('Find a name').isVisible(), false, 'no search box without JavaScript');
  }
  await page.getByLabel(member, { exact: true }).check();
  await next(page, 'Is the enquiry confidential?');
  await page.getByLabel('No', { exact: true }).check();
  await next(page, 'Check your answers');
  await check('check your answers');
  const summary = await page.locator('.govuk-summary-list').innerText();
  assert.match(summary, /Ada Lovelace/);
  assert.match(summary, /As the council holds them/);
  assert.ok(summary.includes(member), 'the councillor copied in, by name');
  await page.getByRole('button', { name: 'Raise the enquiry' }).click();
  await page.waitForSelector('.govuk-panel--confirmation');
  await check('confirmation');
  const reference = (await page.locator('.govuk-panel__body strong').innerText()).trim();
  await page.getByRole('link', { name: 'See the enquiry' }).click();
  await page.waitForSelector(`h1:has-text("${reference}")`);
  await check('the enquiry');
  assert.ok((await page.locator('main').innerText()).includes(member), 'listed among the people copied in');
  return reference;
}

// Ada is offered once the councillor has raised an enquiry for her.
async function ensureAdaKnown(page, check) {
  await page.goto(`${server.url}/member/enquiries/new`);
  if (!(await page.getByLabel('Ada Lovelace').count())) await raiseEnquiry(page, server.url, check);
}

test('with JavaScript a councillor picks someone they raised for and copies in a councillor by name', async () => {
  const browser = await openBrowser({ js: true });
  try {
    const { page } = browser;
    const check = (label) => checkA11y(page, label);
    await signInAs(page, server.url, councillor);
    await ensureAdaKnown(page, check);
    await page.goto(`${server.url}/member/enquiries/new`);
    await check('who is it for, people offered');
    await raiseForAda(page, anotherCouncillor(), check, { filter: true });
    assert.deepEqual(browser.errors, [], 'no script errors');
  } finally {
    await browser.close();
  }
});

test('without JavaScript the same journey works', async () => {
  const browser = await openBrowser({ js: false });
  try {
    const { page } = browser;
    await signInAs(page, server.url, councillor);
    await ensureAdaKnown(page, async () => {});
    const reference = await raiseForAda(page, anotherCouncillor(), async () => {});
    assert.match(reference, /^[A-Z]+-\d+$/);
    assert.ok(await page.locator('body:not(.js-enabled)').count(), 'JavaScript really is off');
  } finally {
    await browser.close();
  }
});
