// A keyboard-only journey: skip link, signing in and reporting a problem with
// Tab, Space and Enter only (JavaScript on), checking focus is visible.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, resident } from './support.mjs';

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

// Tabs until the focused element matches `predicate` (at most 40 presses).
async function tabTo(page, description, predicate) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(predicate)) return;
  }
  assert.fail(`could not reach ${description} with Tab`);
}

test('sign in and report a problem with the keyboard only', async () => {
  const { page } = browser;
  await page.goto(`${server.url}/sign-in`);
  // The first Tab reaches the skip link, which moves focus to the content.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'govuk-skip-link');
  await page.keyboard.press('Enter');
  await tabTo(page, 'the email field', () => document.activeElement.id === 'email');
  await page.keyboard.type(resident.email);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'password');
  await page.keyboard.type(resident.password);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/account$/);

  await tabTo(page, 'the report link', () => document.activeElement.textContent.trim() === 'Report a problem' &&
    document.activeElement.closest('main') !== null);
  await page.keyboard.press('Enter');
  await page.waitForSelector('h1:has-text("What is the problem?")');
  // Search, then Tab into the radios and choose with Space.
  await tabTo(page, 'the search box', () => document.activeElement.id === 'category-search');
  await page.keyboard.type('graffiti');
  await tabTo(page, 'a category', () => document.activeElement.name === 'category');
  await page.keyboard.press('Space');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement.nextElementSibling, '::before').boxShadow);
  assert.notEqual(outline, 'none', 'focus is visible on the radio');
  await tabTo(page, 'Continue', () => document.activeElement.textContent.trim() === 'Continue');
  await page.keyboard.press('Enter');
  await page.waitForSelector('h1:has-text("Tell us more"), h1:has-text("Where is the problem?")');
  for (let round = 0; round < 3 && await page.getByRole('heading', { name: 'Tell us more' }).count(); round++) {
    await tabTo(page, 'an answer', () => ['radio', 'checkbox', 'text', 'textarea'].includes(document.activeElement.type));
    if (await page.evaluate(() => ['radio', 'checkbox'].includes(document.activeElement.type))) await page.keyboard.press('Space');
    else await page.keyboard.type('2');
    await tabTo(page, 'Continue', () => document.activeElement.textContent.trim() === 'Continue');
    await page.keyboard.press('Enter');
    await page.waitForSelector('h1:has-text("Tell us more"), h1:has-text("Where is the problem?")');
  }
  await page.waitForSelector('h1:has-text("Where is the problem?")');
  await tabTo(page, 'the street field', () => document.activeElement.id === 'street');
  await page.keyboard.type('Hendon Lane');
  await page.keyboard.press('Enter');
  await page.waitForSelector('label:has-text("Describe the problem")');
  await tabTo(page, 'the description', () => document.activeElement.id === 'description');
  await page.keyboard.type('Graffiti on the wall by the bus stop');
  await tabTo(page, 'Continue', () => document.activeElement.textContent.trim() === 'Continue');
  await page.keyboard.press('Enter');
  await page.waitForSelector('h1:has-text("Check your answers")');
  await tabTo(page, 'Send report', () => document.activeElement.textContent.trim() === 'Send report');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.govuk-panel--confirmation');
});
