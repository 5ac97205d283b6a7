// Councillors' pages with JavaScript off: the same journey works (raise an
// enquiry with an error and a "Change" on the way, see it listed, open it,
// chase, escalate).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser } from './support.mjs';
import { councillor, signInAs, raiseEnquiry, chaseAndEscalate } from './member_support.mjs';

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

test('without JavaScript a councillor raises, chases and escalates an enquiry', async () => {
  const { page } = browser;
  await signInAs(page, server.url, councillor);
  const reference = await raiseEnquiry(page, server.url, async () => {}, { change: true });
  await chaseAndEscalate(page, server.url, reference);
  // The ward's list shows it too.
  await page.goto(`${server.url}/member/ward?show=all`);
  assert.match(await page.locator('h1').innerText(), /^Enquiries in /);
  assert.ok(await page.getByRole('link', { name: reference }).count(), 'in the ward list too');
  assert.ok(await page.locator('body:not(.js-enabled)').count(), 'JavaScript really is off');
});
