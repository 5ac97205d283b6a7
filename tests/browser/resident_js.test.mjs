// Residents' pages with JavaScript on: every page visited is checked with
// axe-core (WCAG 2.2 AA tags) and must have no violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, checkA11y, signIn, answerQuestions } from './support.mjs';
import { png } from './fixtures/png.mjs';

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

test('public pages: home, accessibility statement, sign in, register, reset, not found', async () => {
  const { page } = browser;
  await page.goto(server.url);
  await checkA11y(page, 'home');
  assert.ok(await page.locator('body.js-enabled.govuk-frontend-supported').count(), 'the external script marks the body');
  assert.match(await page.locator('.govuk-generic-header').innerText(), /Barnet/);
  await page.getByRole('link', { name: 'Accessibility statement' }).click();
  await page.waitForURL(/\/accessibility$/);
  await checkA11y(page, 'accessibility statement');
  for (const path of ['/sign-in', '/register', '/reset-password', '/no-such-page']) {
    await page.goto(server.url + path);
    await checkA11y(page, path);
  }
  // An error summary, and the fields it links to.
  await page.goto(`${server.url}/register`);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForSelector('.govuk-error-summary');
  await checkA11y(page, 'register with errors');
  assert.equal(await page.title(), 'Error: Create an account – London Borough of Barnet');
  assert.deepEqual(browser.errors, [], 'no script errors');
});

test('a resident reports a problem and follows it up', async () => {
  const { page } = browser;
  await signIn(page, server.url);
  await checkA11y(page, 'my account');
  await page.getByRole('link', { name: 'Report a problem' }).first().click();
  await checkA11y(page, 'choose a category');
  // The live search (JavaScript only) narrows the list.
  await page.getByLabel('Search for a problem').fill('fly');
  const visible = await page.locator('[data-civicdesk-category]:visible').count();
  assert.ok(visible > 0 && visible < 10, `search shows a few categories (${visible})`);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForSelector('.govuk-error-summary');
  await checkA11y(page, 'category error');
  await page.locator('[data-civicdesk-category]:visible input').first().check();
  await page.getByRole('button', { name: 'Continue' }).click();
  // Questions (if the category has any), then where.
  await page.waitForSelector('h1:has-text("Tell us more"), h1:has-text("Where is the problem?")');
  if (await page.getByRole('heading', { name: 'Tell us more' }).count()) await checkA11y(page, 'questions');
  await answerQuestions(page);
  await page.waitForSelector('h1:has-text("Where is the problem?")');
  await checkA11y(page, 'location');
  await page.getByLabel('Postcode').fill('not a postcode');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForSelector('.govuk-error-summary');
  await checkA11y(page, 'location error');
  await page.getByLabel(/Street name or place/).fill('Ballards Lane, outside the library');
  await page.getByLabel('Postcode').fill('N3 1XX');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForSelector('label:has-text("Describe the problem")');
  await checkA11y(page, 'description');
  await page.getByLabel('Describe the problem').fill('Rubbish dumped on the pavement <b>since Monday</b>');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForSelector('h1:has-text("Check your answers")');
  await checkA11y(page, 'check your answers');
  await page.getByRole('button', { name: 'Send report' }).click();
  await page.waitForSelector('.govuk-panel--confirmation');
  await checkA11y(page, 'confirmation');
  const reference = (await page.locator('.govuk-panel__body strong').innerText()).trim();
  assert.match(reference, /^[A-Z]+-\d+$/);

  await page.goto(`${server.url}/requests`);
  await checkA11y(page, 'my requests');
  await page.getByRole('link', { name: new RegExp(reference) }).click();
  await checkA11y(page, 'request page');
  assert.match(await page.locator('main').innerText(), /since Monday/);
  await page.getByRole('button', { name: 'Send update' }).click();
  await page.waitForSelector('.govuk-error-summary');
  await checkA11y(page, 'update error');
  await page.getByLabel('What do you want to tell us?').fill('It is blocking the pavement now.');
  await page.getByRole('button', { name: 'Send update' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  await checkA11y(page, 'update added');
  assert.match(await page.locator('main').innerText(), /blocking the pavement/);

  await page.goto(`${server.url}/account/preferences`);
  await checkA11y(page, 'preferences');
  await page.getByLabel('Email').check();
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  await checkA11y(page, 'preferences saved');
  assert.deepEqual(browser.errors, [], 'no script errors');
});

// The map (Leaflet; no tiles in tests, every request but the server's is
// refused) and a photo sent with the report. Keyboard first: the map is
// panned with the arrow keys and the button uses its centre.
test('the map places the problem and a photo goes with the report', async () => {
  const { page } = browser;
  await page.goto(`${server.url}/report`);
  if (page.url().includes('/sign-in')) await signIn(page, server.url);
  await page.goto(`${server.url}/report`);
  await page.getByLabel('Search for a problem').fill('graffiti');
  await page.locator('[data-civicdesk-category]:visible input').first().check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await answerQuestions(page);
  await page.waitForSelector('h1:has-text("Where is the problem?")');
  const map = page.locator('#map');
  await map.waitFor({ state: 'visible' });
  await checkA11y(page, 'location with the map');

  await map.focus();
  await page.keyboard.press('ArrowUp');
  // Leaflet's zoom buttons come first inside the map; Tab on to our button.
  const use = page.getByRole('button', { name: 'Use the centre of the map' });
  for (let i = 0; i < 8 && !(await use.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
  assert.ok(await use.evaluate((b) => b === document.activeElement), 'the button is reached with Tab');
  await page.keyboard.press('Enter');
  const lat = page.locator('input[name="lat"]');
  const fromKeys = await lat.inputValue();
  assert.match(fromKeys, /^51\.\d{6}$/);
  assert.equal(await page.locator('.leaflet-marker-icon').count(), 1);
  assert.match(await page.locator('[data-civicdesk-map-status]').innerText(), /Location chosen/);

  // A click moves the marker there.
  const box = await map.boundingBox();
  await page.mouse.click(box.x + box.width / 2 + 60, box.y + box.height / 2 + 50);
  await page.waitForFunction((before) => document.querySelector('input[name="lat"]').value !== before, fromKeys);
  assert.equal(await page.locator('.leaflet-marker-icon').count(), 1);
  await checkA11y(page, 'location with a marker');
  await page.getByRole('button', { name: 'Continue' }).click();

  // Reported nearby already? Not one of these.
  await page.waitForSelector('h1:has-text("Is it one of these?"), label:has-text("Describe the problem")');
  if (await page.getByRole('heading', { name: 'Is it one of these?' }).count()) {
    await checkA11y(page, 'nearby reports');
    await page.getByRole('button', { name: 'My problem is not one of these' }).click();
  }
  await page.getByLabel('Describe the problem').fill('A tag sprayed on the wall of the library');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForSelector('h1:has-text("Check your answers")');

  // Not a photo: a field error, and nothing lost.
  await page.setInputFiles('#photos', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') });
  await page.getByRole('button', { name: 'Send report' }).click();
  await page.waitForSelector('.govuk-error-summary');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /must be a JPEG or PNG/);
  await checkA11y(page, 'photo error');
  assert.match(await page.locator('.govuk-summary-list').innerText(), /sprayed on the wall/);
  await page.setInputFiles('#photos', { name: 'wall.png', mimeType: 'image/png', buffer: png() });
  await page.getByRole('button', { name: 'Send report' }).click();
  await page.waitForSelector('.govuk-panel--confirmation');
  const reference = (await page.locator('.govuk-panel__body strong').innerText()).trim();

  await page.goto(`${server.url}/requests/${reference}`);
  const photo = page.getByRole('img', { name: 'Photo 1 of this request' });
  await photo.waitFor();
  assert.ok(await photo.evaluate((img) => img.complete && img.naturalWidth === 40), 'the photo is shown');
  await checkA11y(page, 'request with a photo');
  assert.deepEqual(browser.errors, [], 'no script errors');
});
