// Councillors' pages with JavaScript on: axe-core on every page visited
// (error states included) while raising an enquiry, listing it, opening it,
// chasing and escalating; then a keyboard-only pass of raising one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, checkA11y } from './support.mjs';
import { councillor, signInAs, raiseEnquiry, chaseAndEscalate } from './member_support.mjs';

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

test('a councillor raises an enquiry, sees it listed, chases and escalates it', async () => {
  const { page } = browser;
  await signInAs(page, server.url, councillor);
  await page.goto(`${server.url}/member/enquiries`);
  await checkA11y(page, 'my enquiries');
  const check = (label) => checkA11y(page, label);
  const reference = await raiseEnquiry(page, server.url, check);
  await chaseAndEscalate(page, server.url, reference, check);
  for (const path of ['/member/enquiries?show=closed', '/member/enquiries?show=all', '/member/ward',
    '/member/ward?show=all', '/member/enquiries/NOPE-0000001']) {
    await page.goto(server.url + path);
    await checkA11y(page, path);
  }
  assert.deepEqual(browser.errors, [], 'no script errors');
});

// Tab to the element with `id` (at most 60 presses), as a keyboard user would.
async function tabTo(page, id) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((want) => document.activeElement?.id === want, id)) return;
  }
  assert.fail(`could not reach #${id} with Tab`);
}
async function tabToButton(page, name) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((want) => document.activeElement?.tagName === 'BUTTON' &&
      document.activeElement.textContent.trim() === want, name)) return;
  }
  assert.fail(`could not reach the ${name} button with Tab`);
}

test('raising an enquiry with the keyboard only', async () => {
  const { page } = browser;
  await page.goto(`${server.url}/member/enquiries/new`);
  const step = async (heading) => page.waitForSelector(`h1:has-text("${heading}")`);
  await step('Who is the enquiry for?');
  // Ada, raised for in the first test, is offered first: choose her.
  await tabTo(page, 'person_known');
  await page.keyboard.press('Space');
  await tabToButton(page, 'Continue');
  await page.keyboard.press('Enter');
  await step('What is the enquiry about?');
  await tabTo(page, 'category');
  await page.keyboard.type('General enquiry');
  await tabTo(page, 'subject');
  await page.keyboard.type('Broken street light');
  await page.keyboard.press('Enter');
  await step('Where is it?');
  await tabTo(page, 'street');
  await page.keyboard.type('Regents Park Road');
  await page.keyboard.press('Enter');
  await step('Describe the enquiry');
  await tabTo(page, 'description');
  await page.keyboard.type('Out for two weeks.');
  await tabToButton(page, 'Continue');
  await page.keyboard.press('Enter');
  await step('Who else should be copied in?');
  // Type a councillor's name to filter the list, then tick it.
  const name = await page.evaluate(() => document.querySelector('[data-civicdesk-category] label').textContent.trim());
  await tabTo(page, 'copy-search');
  await page.keyboard.type(name.toLowerCase());
  const first = await page.evaluate(() =>
    document.querySelector('[data-civicdesk-category]:not([hidden]) input').id);
  await tabTo(page, first);
  await page.keyboard.press('Space');
  await tabToButton(page, 'Continue');
  await page.keyboard.press('Enter');
  await step('Is the enquiry confidential?');
  await tabTo(page, 'confidential');
  await page.keyboard.press('Space');
  await tabToButton(page, 'Continue');
  await page.keyboard.press('Enter');
  await step('Check your answers');
  assert.match(await page.locator('.govuk-summary-list').innerText(), /Ada Lovelace[\s\S]*Cllr /);
  await tabToButton(page, 'Raise the enquiry');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.govuk-panel--confirmation');
  assert.match(await page.locator('.govuk-panel__body strong').innerText(), /^[A-Z]+-\d+$/);
});
