// The administrators' pages with JavaScript on: axe-core on every page
// visited (error states included), one change on each page; a service level
// and a service with a question that a resident is then asked, a service's
// own message wording, a webhook (its secret shown once) that a service is
// forwarded to; and a keyboard-only pass adding a service.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, checkA11y, signIn, resident } from './support.mjs';

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

// Signs in afresh as the administrator, landing on /admin.
async function signInAsAdmin(page) {
  await browser.context.clearCookies();
  await page.goto(`${server.url}/sign-in?next=%2Fadmin`);
  await page.getByLabel('Email address').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/admin$/);
}

test('an administrator changes a role, invites staff, edits a service and a message, and changes the calendar', async () => {
  const { page } = browser;
  await signInAsAdmin(page);
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

const yesNo = (page, legend, answer) => page.getByRole('group', { name: legend }).getByLabel(answer, { exact: true }).check();

test('an administrator makes a service with a question and a service level; a resident is asked it', async () => {
  const { page } = browser;
  await signInAsAdmin(page);

  // A service level, with an error on the way.
  await page.getByRole('link', { name: 'Service levels' }).click();
  await page.waitForSelector('h1:has-text("Service levels")');
  await checkA11y(page, 'service levels');
  await page.getByRole('button', { name: 'Add a service level' }).click();
  await page.waitForSelector('h1:has-text("Add a service level")');
  await checkA11y(page, 'add a service level');
  await page.getByLabel('Name', { exact: true }).fill('Urgent: 3 working days');
  await page.getByLabel('First response within').fill('5');
  await page.getByLabel('Resolved within', { exact: true }).fill('3');
  await page.getByRole('button', { name: 'Add service level' }).click();
  await page.waitForSelector('.govuk-error-summary');
  await checkA11y(page, 'add a service level, errors');
  assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Urgent: 3 working days');
  await page.getByLabel('First response within').fill('1');
  await page.getByRole('button', { name: 'Add service level' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  await checkA11y(page, 'service levels, added');
  await page.getByRole('link', { name: 'Urgent: 3 working days' }).click();
  await page.waitForSelector('h1:has-text("Urgent: 3 working days")');
  await checkA11y(page, 'a service level');

  // A service using it, with errors on the way.
  await page.goto(`${server.url}/admin/services`);
  await page.getByRole('button', { name: 'Add a service' }).click();
  await page.waitForSelector('h1:has-text("Add a service")');
  await checkA11y(page, 'add a service');
  await page.getByLabel('Name', { exact: true }).fill('Abandoned trolley');
  await page.getByRole('button', { name: 'Add service' }).click();
  await page.waitForSelector('.govuk-error-summary');
  await checkA11y(page, 'add a service, errors');
  assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Abandoned trolley');
  await page.getByLabel('Service level').selectOption({ label: 'Urgent: 3 working days' });
  await yesNo(page, 'Must residents say where the problem is?', 'No');
  // The long list of teams is folded away until needed.
  assert.equal(await page.getByRole('group', { name: 'Teams who can see its cases' }).isVisible(), false);
  await page.getByText("Teams who can see a restricted service's cases").click();
  assert.equal(await page.getByRole('group', { name: 'Teams who can see its cases' }).isVisible(), true);
  await checkA11y(page, 'add a service, teams shown');
  await yesNo(page, 'Is it restricted?', 'No');
  await page.getByRole('button', { name: 'Add service' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  await checkA11y(page, 'a new service');
  assert.match(await page.locator('.govuk-caption-l').innerText(), /abandoned-trolley/);

  // Its question.
  await page.getByLabel('Question', { exact: true }).fill('Which shop is it from?');
  await page.getByLabel('One choice from a list').check();
  await page.getByLabel('Choices (for a list)').fill('Supermarket\nDIY store\nDo not know');
  await yesNo(page, 'Must residents answer it?', 'Yes');
  await page.getByRole('button', { name: 'Add a question' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  await checkA11y(page, 'a new service, question added');
  await page.getByRole('link', { name: /Change\s+Which shop is it from\?/ }).click();
  await page.waitForSelector('h1:has-text("Change a question")');
  await checkA11y(page, 'change a question');
  await page.getByLabel('A number').check();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForSelector('.govuk-error-summary');
  await checkA11y(page, 'change a question, errors');
  await page.getByLabel('One choice from a list').check();
  await page.getByLabel('Question', { exact: true }).fill('Which shop is the trolley from?');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');

  // Its own wording of the acknowledgement.
  await page.getByRole('link', { name: 'Messages for this service' }).click();
  await page.waitForSelector('h1:has-text("Messages for this service")');
  await checkA11y(page, "a service's messages");
  await page.getByRole('link', { name: 'case_acknowledgement' }).click();
  await checkA11y(page, "a service's message");
  await page.getByLabel('Subject').fill('Your trolley report ((reference))');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  assert.match(await page.locator('tr', { hasText: 'case_acknowledgement' }).innerText(), /This service's own/);
  await page.getByRole('link', { name: 'case_acknowledgement' }).click();
  await checkA11y(page, "a service's own message");
  await page.getByRole('button', { name: "Use the council's wording" }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  assert.doesNotMatch(await page.locator('tr', { hasText: 'case_acknowledgement' }).innerText(), /This service's own/);

  // A resident reporting it is asked the question.
  await browser.context.clearCookies();
  await signIn(page, server.url, resident);
  await page.goto(`${server.url}/report`);
  await page.getByLabel('Abandoned trolley').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForSelector('h1:has-text("Tell us more")');
  await checkA11y(page, 'the new question, for a resident');
  assert.match(await page.locator('main').innerText(), /Which shop is the trolley from\?/);
  await page.getByLabel('DIY store').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForSelector('h1:has-text("Where is the problem?")');
  assert.deepEqual(browser.errors, [], 'no script errors');
});

test('an administrator adds a webhook, copies its secret once and forwards a service to it', async () => {
  const { page } = browser;
  await signInAsAdmin(page);
  await page.getByRole('link', { name: 'Integrations' }).click();
  await page.waitForSelector('h1:has-text("Integrations")');
  await checkA11y(page, 'integrations');
  await page.getByRole('button', { name: 'Add a webhook' }).click();
  await page.waitForSelector('h1:has-text("Add a webhook")');
  await checkA11y(page, 'add a webhook');
  await page.getByLabel('Name', { exact: true }).fill('Trolley Finder');
  await page.getByLabel('Address', { exact: true }).fill('trolleys.example/in');
  await page.getByRole('button', { name: 'Add webhook' }).click();
  await page.waitForSelector('.govuk-error-summary');
  await checkA11y(page, 'add a webhook, errors');
  await page.getByLabel('Name', { exact: true }).fill('trolley-finder');
  await page.getByLabel('Address', { exact: true }).fill('https://trolleys.example/in');
  await page.getByRole('button', { name: 'Add webhook' }).click();
  await page.waitForSelector('.govuk-panel--confirmation');
  await checkA11y(page, 'webhook added, its secret');
  const secret = await page.getByLabel('Signing secret').inputValue();
  assert.match(secret, /^whsec_/);
  await page.getByRole('link', { name: /go to the webhook/ }).click();
  await page.waitForSelector('h1:has-text("trolley-finder")');
  await checkA11y(page, 'a webhook');
  assert.ok(!(await page.content()).includes(secret), 'the secret is not shown again');

  await page.goto(`${server.url}/admin/integrations`);
  await page.getByLabel('Service', { exact: true }).selectOption({ label: 'Abandoned trolley' });
  await page.getByLabel('Forward to').selectOption('trolley-finder');
  await page.getByRole('button', { name: 'Save forwarding' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  await checkA11y(page, 'integrations, forwarded');
  assert.match(await page.locator('tr', { hasText: 'Abandoned trolley' }).innerText(), /trolley-finder/);

  // Not deleted while forwarded to.
  await page.getByRole('link', { name: 'trolley-finder' }).click();
  await page.getByRole('button', { name: 'Delete webhook' }).click();
  await page.waitForSelector('.govuk-error-summary');
  await checkA11y(page, 'a webhook, in use');
  assert.deepEqual(browser.errors, [], 'no script errors');
});

// Tabs until the focused element matches `predicate` (at most 60 presses).
async function tabTo(page, description, predicate) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(predicate)) return;
  }
  assert.fail(`could not reach ${description} with Tab`);
}

test('an administrator adds a service with the keyboard only', async () => {
  const { page } = browser;
  await signInAsAdmin(page);
  await page.goto(`${server.url}/admin/services`);
  await tabTo(page, 'Add a service', () => document.activeElement.textContent.trim() === 'Add a service');
  await page.keyboard.press('Enter');
  await page.waitForSelector('h1:has-text("Add a service")');
  await tabTo(page, 'the name', () => document.activeElement.id === 'name');
  await page.keyboard.type('Shopping trolley in a river');
  // Everything else keeps its first choice except the two yes/no questions
  // with no answer yet, chosen with the arrow keys' first stop: Space.
  await tabTo(page, 'where the problem is', () => document.activeElement.name === 'location_required');
  await page.keyboard.press('Space');
  await tabTo(page, 'restricted', () => document.activeElement.name === 'restricted');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.value), 'no');
  await tabTo(page, 'Add service', () => document.activeElement.textContent.trim() === 'Add service');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.govuk-notification-banner--success');
  assert.match(await page.locator('h1').innerText(), /Shopping trolley in a river/);
});
