// `make screenshots`: the main pages as PNGs (docs/screenshots/), from the
// real server with a fresh demo council, for the README.
//   node tests/browser/screenshots.mjs OUT_DIR
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, openBrowser, signIn, answerQuestions, seedStaffWork } from './support.mjs';

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
  // The staff console, as the demo officer: the work queue and a case.
  const staff = await openBrowser({ js: true, viewport: { width: 1100, height: 900 } });
  try {
    const shotStaff = async (name) => {
      await staff.page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
      console.log(`${out}/${name}.png`);
    };
    await seedStaffWork(server, 'officer@barnet.example');
    await staff.page.goto(`${server.url}/sign-in`);
    await staff.page.getByLabel('Email address').fill('officer@barnet.example');
    await staff.page.getByLabel('Password').fill('civicdesk-demo');
    await staff.page.getByRole('button', { name: 'Sign in' }).click();
    await staff.page.waitForURL(/\/staff$/);
    await staff.page.goto(`${server.url}/staff?queue=unit`);
    await shotStaff('staff-queue');
    await staff.page.locator('tbody a').first().click();
    await staff.page.waitForURL(/\/staff\/cases\//);
    await staff.page.getByText('Add a note').click();
    await shotStaff('staff-case');
  } finally {
    await staff.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
