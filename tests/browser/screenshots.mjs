// `make screenshots`: the main pages as PNGs (docs/screenshots/), from the
// real server with a fresh demo council, for the README.
//   node tests/browser/screenshots.mjs OUT_DIR
import { mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, openBrowser, signIn, answerQuestions, seedStaffWork, apiToken, callApi, resident } from './support.mjs';
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
  // The map on "Report a problem" (no tiles: nothing but the server is reached).
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(`${server.url}/report`);
  await page.getByRole('radio', { name: 'Graffiti' }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await answerQuestions(page);
  await page.locator('#map').waitFor({ state: 'visible' });
  await page.getByRole('button', { name: 'Use the centre of the map' }).click();
  await page.waitForTimeout(500);  // the outline and nearby reports arrive
  await shot('report-map');
  // Administration: users and roles.
  await browser.context.clearCookies();
  await page.goto(`${server.url}/sign-in?next=%2Fadmin%2Fusers`);
  await page.getByLabel('Email address').fill('administrator@barnet.example');
  await page.getByLabel('Password').fill('civicdesk-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/admin\/users$/);
  await shot('admin-users');
  // Administration: a service's editor, and integrations with a webhook.
  await page.goto(`${server.url}/admin/services/missed-bin`);
  await shot('admin-category');
  await page.goto(`${server.url}/admin/integrations/webhooks/new`);
  await page.getByLabel('Name', { exact: true }).fill('street-scene-system');
  await page.getByLabel('Address', { exact: true }).fill('https://streetscene.example/civicdesk');
  await page.getByRole('button', { name: 'Add webhook' }).click();
  await page.goto(`${server.url}/admin/integrations`);
  await page.getByLabel('Service', { exact: true }).selectOption({ label: 'Missed bin collection' });
  await page.getByRole('button', { name: 'Save forwarding' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  await shot('admin-integrations');
  // Staff (frontdesk): the contact screen with a customer's single view, the
  // customer page and the dashboards.
  await page.setViewportSize({ width: 1100, height: 900 });
  const staffIn = async (email, next) => {
    await browser.context.clearCookies();
    await page.goto(`${server.url}/sign-in?next=${encodeURIComponent(next)}`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill('civicdesk-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === next);
  };
  const [postcode, customerId] = execFileSync('sqlite3', [server.db, `SELECT a.postcode, c.customer_id FROM cases c
    JOIN customer_addresses a ON a.customer_id = c.customer_id WHERE c.status <> 'closed' AND a.postcode <> ''
    ORDER BY c.id LIMIT 1`], { encoding: 'utf8' }).trim().split('|');
  await staffIn('advisor@barnet.example', '/staff/contact');
  await page.goto(`${server.url}/staff/contact?q=${encodeURIComponent(postcode)}&customer=${customerId}`);
  await shot('staff-contact');
  await page.goto(`${server.url}/staff/customers/${customerId}`);
  await shot('staff-customer');
  await staffIn('manager@barnet.example', '/staff/reports');
  // The page is long (five reports): the top, and the contacts report's charts.
  await page.setViewportSize({ width: 1100, height: 1400 });
  await page.screenshot({ path: join(out, 'staff-reports.png') });
  console.log(`${out}/staff-reports.png`);
  await page.locator('#contacts').scrollIntoViewIfNeeded();
  await page.evaluate(() => document.getElementById('contacts').scrollIntoView());
  await page.screenshot({ path: join(out, 'staff-reports-contacts.png') });
  console.log(`${out}/staff-reports-contacts.png`);
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
    // Raising another: the people this councillor raised enquiries for are offered.
    await cpage.goto(`${server.url}/member/enquiries/new`);
    await cshot('member-raise-known');
  } finally {
    await cb.close();
  }
  // A resident asks for an answered complaint to be looked at again (stage 2).
  const rb = await openBrowser({ js: true, viewport: { width: 1100, height: 900 } });
  try {
    const complaint = await callApi(server, apiToken(server, resident.email), 'POST', '/api/v1/cases', {
      type: 'complaint', category: 'complaint', answers: { stage: '1' },
      description: 'The crew was rude to me when I asked about my bin.' });
    await callApi(server, apiToken(server, 'manager@barnet.example'), 'POST',
      `/api/v1/cases/${complaint.reference}/transitions`, { to: 'closed', outcome: 'not_upheld' });
    await signIn(rb.page, server.url);
    await rb.page.goto(`${server.url}/requests/${complaint.reference}/stage-2`);
    await rb.page.getByLabel('Why are you unhappy with our response?').fill('Nobody apologised and my bin is still missed.');
    await rb.page.screenshot({ path: join(out, 'complaint-stage2.png'), fullPage: true });
    console.log(`${out}/complaint-stage2.png`);
    await rb.page.getByRole('button', { name: 'Ask for a stage 2 review' }).click();
    await rb.page.waitForSelector('.govuk-panel--confirmation');
    await rb.page.screenshot({ path: join(out, 'complaint-stage2-done.png'), fullPage: true });
    console.log(`${out}/complaint-stage2-done.png`);
  } finally {
    await rb.close();
  }
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
  // The Members' Enquiries team's triage on an enquiry, and setting up
  // two-step verification, as the demo manager.
  const triage = await openBrowser({ js: true, viewport: { width: 1100, height: 900 } });
  try {
    const shotTriage = async (name) => {
      await triage.page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
      console.log(`${out}/${name}.png`);
    };
    const { enquiryRef } = await seedStaffWork(server, 'officer@barnet.example');
    await triage.page.goto(`${server.url}/sign-in`);
    await triage.page.getByLabel('Email address').fill('manager@barnet.example');
    await triage.page.getByLabel('Password').fill('civicdesk-demo');
    await triage.page.getByRole('button', { name: 'Sign in' }).click();
    await triage.page.waitForURL(/\/staff$/);
    await triage.page.goto(`${server.url}/staff/cases/${enquiryRef}`);
    await triage.page.getByText('Route to a delivery unit').click();
    await shotTriage('staff-enquiry-triage');
    await triage.page.goto(`${server.url}/account/security`);
    await shotTriage('account-security');
  } finally {
    await triage.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
