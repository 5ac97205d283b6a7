// `make screenshots`: the main pages as PNGs (docs/screenshots/), from the
// real server with a fresh demo council, for the README.
//   node tests/browser/screenshots.mjs OUT_DIR
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, openBrowser, signIn, answerQuestions } from './support.mjs';
import { councillor, signInAs, raiseEnquiry } from './member_support.mjs';

const out = process.argv[2] || 'docs/screenshots';
mkdirSync(out, { recursive: true });
const server = await startServer();
const browser = await openBrowser({ js: true, viewport: { width: 1100, height: 900 } });
const { page } = browser;
const shot = async (name) => {
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
  console.log(`${out}/${name}.png`);
};
try {
  await page.goto(server.url);
  await shot('home');
  await page.goto(`${server.url}/register`);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForSelector('.govuk-error-summary');
  await shot('register-errors');
  await signIn(page, server.url);
  await page.goto(`${server.url}/report`);
  await page.getByLabel('Search for a problem').fill('bin');
  await shot('report-category');
  await page.getByRole('radio', { name: 'Missed bin collection' }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await answerQuestions(page);
  await page.getByLabel(/Street name or place/).fill('Ballards Lane, outside number 12');
  await page.getByLabel('Postcode').fill('N3 1XX');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Describe the problem').fill('The green recycling bin was not emptied on Tuesday.');
  await page.getByRole('button', { name: 'Continue' }).click();
  await shot('report-check');
  await page.getByRole('button', { name: 'Send report' }).click();
  await page.waitForSelector('.govuk-panel--confirmation');
  await shot('report-confirmation');
  await page.goto(`${server.url}/requests`);
  await shot('my-requests');
  await page.locator('tbody a').first().click();
  await shot('request');
  // A phone's width.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${server.url}/requests`);
  await shot('my-requests-phone');
  // Councillors' pages and the complaint form (a second browser: the councillor).
  const cb = await openBrowser({ js: true, viewport: { width: 1100, height: 900 } });
  try {
    const cpage = cb.page;
    const cshot = async (name) => {
      await cpage.screenshot({ path: join(out, `${name}.png`), fullPage: true });
      console.log(`${out}/${name}.png`);
    };
    await cpage.goto(`${server.url}/complaint`);
    await cpage.getByRole('button', { name: 'Continue' }).click();
    await cpage.waitForSelector('.govuk-error-summary');
    await cshot('complaint-errors');
    await signInAs(cpage, server.url, councillor);
    const reference = await raiseEnquiry(cpage, server.url);
    await cpage.goto(`${server.url}/member/enquiries`);
    await cshot('member-enquiries');
    await cpage.goto(`${server.url}/member/enquiries/${reference}`);
    await cpage.getByLabel('Your note to the officer').fill('Any news? The residents are asking.');
    await cpage.getByRole('button', { name: 'Chase' }).click();
    await cpage.waitForSelector('.govuk-notification-banner--success');
    await cshot('member-enquiry');
  } finally {
    await cb.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
