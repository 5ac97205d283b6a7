// Complaints' stage 2: a resident whose stage 1 complaint was answered asks
// for it to be looked at again from its request page, with JavaScript on
// (axe on every page, the error state included) and off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, checkA11y, signIn, apiToken, callApi, resident } from './support.mjs';

let server;
let residentToken;
let managerToken;
before(async () => {
  server = await startServer();
  residentToken = apiToken(server, resident.email);
  managerToken = apiToken(server, 'manager@barnet.example');
});
after(async () => {
  await server?.stop();
});

// A stage 1 complaint of the demo resident, answered (closed) by the council.
async function answeredComplaint(description) {
  const made = await callApi(server, residentToken, 'POST', '/api/v1/cases', {
    type: 'complaint', category: 'complaint', description, answers: { stage: '1' },
  });
  await callApi(server, managerToken, 'POST', `/api/v1/cases/${made.reference}/transitions`,
    { to: 'closed', outcome: 'not_upheld', outcome_notes: 'The crew followed the policy.' });
  return made.reference;
}

async function askForStage2(page, reference, check) {
  await page.goto(`${server.url}/requests`);
  await page.getByRole('link', { name: reference }).click();
  await page.waitForSelector(`h1:has-text("${reference}")`);
  await check('the answered complaint');
  assert.match(await page.locator('main').innerText(), /You can ask for your complaint to be looked at again \(stage 2\) until \d+ \w+ \d{4}/);
  await page.getByRole('link', { name: 'Ask for your complaint to be looked at again (stage 2)' }).click();
  await page.waitForSelector('h1:has-text("Ask for your complaint to be looked at again")');
  await check('the stage 2 form');
  await page.getByRole('button', { name: 'Ask for a stage 2 review' }).click();
  await page.waitForSelector('.govuk-error-summary');
  assert.match(await page.title(), /^Error: /);
  await check('the stage 2 form with an error');
  await page.getByLabel('Why are you unhappy with our response?').fill('Nobody apologised and the bins are still missed.');
  await page.getByRole('button', { name: 'Ask for a stage 2 review' }).click();
  await page.waitForSelector('.govuk-panel--confirmation');
  await check('stage 2 requested');
  const text = await page.locator('main').innerText();
  assert.match(text, /We will acknowledge it by \d+ \w+ \d{4}\./);
  assert.match(text, /within 20 working days of acknowledging it, by \d+ \w+ \d{4} at the latest/);
  const stage2 = (await page.locator('.govuk-panel__body strong').innerText()).trim();
  assert.match(stage2, /^[A-Z]+-\d+$/);
  assert.notEqual(stage2, reference);
  // Back on the stage 1 complaint: no second offer, the review linked.
  await page.getByRole('link', { name: 'Back to your complaint' }).click();
  await page.waitForSelector(`h1:has-text("${reference}")`);
  await check('the complaint after asking');
  assert.equal(await page.getByRole('link', { name: /Ask for your complaint to be looked at again/ }).count(), 0);
  await page.getByRole('link', { name: stage2 }).first().click();
  await page.waitForSelector(`h1:has-text("${stage2}")`);
  await check('the stage 2 review');
  assert.match(await page.locator('main').innerText(), /This is a stage 2 review/);
  return stage2;
}

test('with JavaScript a resident asks for stage 2 of an answered complaint', async () => {
  const reference = await answeredComplaint('The crew was rude to me when I asked about my bin.');
  const browser = await openBrowser({ js: true });
  try {
    const { page } = browser;
    await signIn(page, server.url);
    await askForStage2(page, reference, (label) => checkA11y(page, label));
    assert.deepEqual(browser.errors, [], 'no script errors');
  } finally {
    await browser.close();
  }
});

test('without JavaScript a resident asks for stage 2 of an answered complaint', async () => {
  const reference = await answeredComplaint('My missed bin was never collected.');
  const browser = await openBrowser({ js: false });
  try {
    const { page } = browser;
    await signIn(page, server.url);
    await askForStage2(page, reference, async () => {});
    assert.ok(await page.locator('body:not(.js-enabled)').count(), 'JavaScript really is off');
  } finally {
    await browser.close();
  }
});
