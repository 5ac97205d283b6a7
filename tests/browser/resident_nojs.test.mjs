// The resident journeys with JavaScript off (functional runs: axe needs
// JavaScript, so it runs in resident_js.test.mjs): register, confirm the
// email from the link in the queued message, sign in, report a problem
// (with an error on the way that loses nothing), see it in My requests,
// add an update, reset the password, sign out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, answerQuestions } from './support.mjs';
import { png } from './fixtures/png.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await openBrowser({ js: false });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const person = { name: 'Nia Jones', email: 'nia.jones@example.com', password: 'three unrelated words' };

test('register, confirm the email address and sign in', async () => {
  const { page } = browser;
  await page.goto(`${server.url}/register`);
  assert.equal(await page.locator('body.js-enabled').count(), 0, 'no JavaScript ran');
  await page.getByLabel('Full name').fill(person.name);
  await page.getByLabel('Email address').fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByLabel('Confirm password').fill('something else');
  await page.getByRole('button', { name: 'Create account' }).click();
  // The error keeps the name and email typed (never the passwords).
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Passwords must match/);
  assert.equal(await page.getByLabel('Full name').inputValue(), person.name);
  assert.equal(await page.getByLabel('Email address').inputValue(), person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByLabel('Confirm password').fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForSelector('h1:has-text("Check your email")');

  // Not confirmed yet: signing in is refused.
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email address').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  assert.match(await page.locator('.govuk-error-summary').innerText(), /confirm your email address first/);

  const message = server.lastMessage(person.email);
  const link = message.match(/\/verify-email\?token=[A-Za-z0-9_-]+/);
  assert.ok(link, `a verification link in the queued email: ${message}`);
  await page.goto(server.url + link[0]);
  await page.getByRole('button', { name: 'Confirm email address' }).click();
  await page.waitForSelector('h1:has-text("Your email address is confirmed")');

  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email address').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/account$/);
  assert.match(await page.locator('main').innerText(), /Nia Jones/);
});

test('report a problem without JavaScript, see it and add an update', async () => {
  const { page } = browser;
  await page.goto(`${server.url}/report`);
  // The search box is a JavaScript enhancement: hidden without it.
  assert.equal(await page.getByLabel('Search for a problem').isVisible(), false);
  await page.getByRole('radio', { name: 'Graffiti' }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await answerQuestions(page);
  await page.getByLabel(/Street name or place/).fill('Regents Park Road bus shelter');
  await page.getByRole('button', { name: 'Continue' }).click();
  // Sending an empty description loses nothing typed before.
  await page.getByRole('button', { name: 'Continue' }).click();
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Describe the problem/);
  await page.getByLabel('Describe the problem').fill('Tags sprayed across the shelter glass');
  await page.getByRole('button', { name: 'Continue' }).click();
  const summary = await page.locator('.govuk-summary-list').innerText();
  assert.match(summary, /Graffiti/);
  assert.match(summary, /Regents Park Road bus shelter/);
  // Change the location from check your answers, and come back.
  await page.getByRole('button', { name: 'Change Location' }).click();
  assert.equal(await page.getByLabel(/Street name or place/).inputValue(), 'Regents Park Road bus shelter');
  await page.getByLabel(/Street name or place/).fill('Regents Park Road, the bus shelter by the church');
  await page.getByRole('button', { name: 'Continue' }).click();
  assert.equal(await page.getByLabel('Describe the problem').inputValue(), 'Tags sprayed across the shelter glass');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Send report' }).click();
  const reference = (await page.locator('.govuk-panel__body strong').innerText()).trim();

  await page.getByRole('link', { name: 'My requests' }).click();
  const row = page.locator('tr', { hasText: reference });
  assert.match(await row.innerText(), /Received/);
  assert.match(await row.innerText(), /by the church/);
  await row.getByRole('link').click();
  await page.getByLabel('What do you want to tell us?').fill('There is more on the bench too.');
  await page.getByRole('button', { name: 'Send update' }).click();
  assert.match(await page.locator('main').innerText(), /There is more on the bench too/);
});

test('a photo goes with a report without JavaScript; the map is not shown', async () => {
  const { page } = browser;
  await page.goto(`${server.url}/report`);
  await page.getByRole('radio', { name: 'Graffiti' }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await answerQuestions(page);
  assert.equal(await page.locator('#map').isVisible(), false, 'the map needs JavaScript');
  await page.getByLabel(/Street name or place/).fill('Hendon Lane, the underpass');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Describe the problem').fill('Paint on the underpass walls');
  await page.getByRole('button', { name: 'Continue' }).click();
  // Too many photos: an error that keeps the report.
  const many = [1, 2, 3, 4].map((n) => ({ name: `wall${n}.png`, mimeType: 'image/png', buffer: png(8, 8) }));
  await page.setInputFiles('#photos', many);
  await page.getByRole('button', { name: 'Send report' }).click();
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Choose 3 photos or fewer/);
  assert.match(await page.locator('.govuk-summary-list').innerText(), /Hendon Lane, the underpass/);
  await page.setInputFiles('#photos', [{ name: 'wall.png', mimeType: 'image/png', buffer: png() }]);
  await page.getByRole('button', { name: 'Send report' }).click();
  const reference = (await page.locator('.govuk-panel__body strong').innerText()).trim();
  await page.goto(`${server.url}/requests/${reference}`);
  const photo = page.getByRole('img', { name: 'Photo 1 of this request' });
  assert.ok(await photo.evaluate((img) => img.complete && img.naturalWidth === 40), 'the photo is shown');
});

test('reset a forgotten password, then sign out', async () => {
  const { page } = browser;
  await page.goto(`${server.url}/reset-password`);
  await page.getByLabel('Email address').fill(person.email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await page.waitForSelector('h1:has-text("Check your email")');
  const link = server.lastMessage(person.email).match(/\/reset-password\?token=[A-Za-z0-9_-]+/);
  assert.ok(link, 'a reset link in the queued email');
  await page.goto(server.url + link[0]);
  await page.getByLabel('Password', { exact: true }).fill('a brand new password');
  await page.getByLabel('Confirm password').fill('a brand new password');
  await page.getByRole('button', { name: 'Save new password' }).click();
  await page.waitForSelector('h1:has-text("Your password has been changed")');
  // The reset ended every session: the account page asks to sign in again.
  await page.goto(`${server.url}/account`);
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel('Email address').fill(person.email);
  await page.getByLabel('Password').fill('a brand new password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/account$/);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForSelector('h1:has-text("You have signed out")');
  await page.goto(`${server.url}/requests`);
  await page.waitForURL(/\/sign-in/);
});
