// The administrators' pages with JavaScript on: axe-core on every page
// visited (error states included), one change on each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, checkA11y } from './support.mjs';

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

const admin = { email: 'administrator@barnet.example', password: 'civicdesk-demo' };

test('an administrator changes a role, invites staff, edits a service and a message, and changes the calendar', async () => {
  const { page } = browser;
  await page.goto(`${server.url}/sign-in?next=%2Fadmin`);
  await page.getByLabel('Email address').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/admin$/);
  await checkA11y(page, 'administration');

  await page.getByRole('link', { name: 'Users and roles' }).click();
  await page.waitForSelector('h1:has-text("Users and roles")');
  await checkA11y(page, 'users');
  await page.getByRole('link', { name: 'Demo officer' }).click();
  await page.waitForSelector('h1:has-text("Demo officer")');
  await checkA11y(page, 'a user');
  await page.getByLabel('Team leader').check();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  await checkA11y(page, 'users, saved');
  assert.match(await page.locator('tr', { hasText: 'Demo officer' }).innerText(), /Team leader/);

  // Invite a member of staff, with an error on the way.
  await page.getByRole('button', { name: 'Add a member of staff' }).click();
  await page.waitForSelector('h1:has-text("Add a member of staff")');
  await checkA11y(page, 'add a member of staff');
  await page.getByLabel('Full name').fill('Gwen Adviser');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await page.waitForSelector('.govuk-error-summary');
  await checkA11y(page, 'add a member of staff, errors');
  assert.equal(await page.getByLabel('Full name').inputValue(), 'Gwen Adviser');
  await page.getByLabel('Email address').fill('gwen.adviser@barnet.example');
  await page.getByLabel('Advisor').check();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  assert.match(server.lastMessage('gwen.adviser@barnet.example'), /reset-password\?token=/);

  await page.goto(`${server.url}/admin/integrations`);
  await checkA11y(page, 'integrations');

  await page.goto(`${server.url}/admin/calendar`);
  await checkA11y(page, 'non-working days');
  await page.getByLabel('Day', { exact: true }).fill('31');
  await page.getByLabel('Month').fill('2');
  await page.getByLabel('Year').fill('2030');
  await page.getByRole('button', { name: 'Add day' }).click();
  await page.waitForSelector('.govuk-error-summary');
  await checkA11y(page, 'non-working days, errors');
  assert.equal(await page.getByLabel('Day', { exact: true }).inputValue(), '31');
  await page.getByLabel('Day', { exact: true }).fill('30');
  await page.getByLabel('Month').fill('12');
  await page.getByLabel('Year').fill(String(new Date().getFullYear()));
  await page.getByLabel('Name of the day').fill('Council closure day');
  await page.getByRole('button', { name: 'Add day' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  await checkA11y(page, 'non-working days, added');
  const row = page.locator('tr', { hasText: 'Council closure day' });
  assert.equal(await row.count(), 1);
  await row.getByRole('button', { name: /Remove/ }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  assert.equal(await page.locator('tr', { hasText: 'Council closure day' }).count(), 0);

  // A service: renamed, with an error on the way.
  await page.goto(`${server.url}/admin`);
  await page.getByRole('link', { name: 'Services' }).click();
  await page.waitForSelector('h1:has-text("Services")');
  await checkA11y(page, 'services');
  await page.getByRole('link', { name: 'Graffiti' }).first().click();
  await page.waitForSelector('h1:has-text("Graffiti")');
  await checkA11y(page, 'a service');
  await page.getByLabel('Name', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForSelector('.govuk-error-summary');
  await checkA11y(page, 'a service, errors');
  await page.getByLabel('Name', { exact: true }).fill('Graffiti and fly-posting');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  assert.equal(await page.getByRole('link', { name: 'Graffiti and fly-posting' }).count(), 1);
  // A question for it.
  await page.getByRole('link', { name: 'Graffiti and fly-posting' }).click();
  await page.getByLabel('Question', { exact: true }).fill('Is it offensive?');
  await page.getByLabel('One choice from a list').check();
  await page.getByRole('button', { name: 'Add a question' }).click();
  await page.waitForSelector('.govuk-error-summary');
  await checkA11y(page, 'a service, question errors');
  await page.getByLabel('Choices (for a list)').fill('Yes\nNo');
  await page.getByRole('group', { name: 'Must residents answer it?' }).getByLabel('No').check();
  await page.getByRole('button', { name: 'Add a question' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  await checkA11y(page, 'a service, question added');
  assert.match(await page.locator('main').innerText(), /Is it offensive\?/);

  // A notification template: previewed, then saved.
  await page.goto(`${server.url}/admin/templates`);
  await checkA11y(page, 'notification templates');
  await page.getByRole('link', { name: 'case_acknowledgement' }).click();
  await page.waitForSelector('h1:has-text("case_acknowledgement")');
  await checkA11y(page, 'a notification template');
  await page.getByLabel('Subject').fill('Thank you for your report ((reference))');
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.waitForSelector('h2:has-text("How the message will look")');
  await checkA11y(page, 'a notification template, previewed');
  assert.match(await page.locator('.govuk-inset-text').innerText(), /Thank you for your report \(\(reference\)\)/);
  await page.getByLabel('Subject').fill('');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForSelector('.govuk-error-summary');
  await checkA11y(page, 'a notification template, errors');
  await page.getByLabel('Subject').fill('Thank you for your report ((reference))');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  assert.match(await page.locator('tr', { hasText: 'case_acknowledgement' }).innerText(), /The council's own/);
  assert.deepEqual(browser.errors, [], 'no script errors');
});

test('a resident cannot see the administration pages', async () => {
  const { context } = browser;
  await context.clearCookies();
  const { page } = browser;
  await page.goto(`${server.url}/sign-in?next=%2Fadmin`);
  await page.getByLabel('Email address').fill('resident@barnet.example');
  await page.getByLabel('Password').fill('civicdesk-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForSelector('h1:has-text("You cannot see this page")');
  await checkA11y(page, 'administration, refused');
});
