// The pages behind the links in residents' messages (unsubscribe, survey):
// no account needed, opening a link changes nothing, axe-core on every page
// with JavaScript on, and the same journey with JavaScript off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, openBrowser, checkA11y, bin } from './support.mjs';

let server;
let links;

// A case for a demo customer with an email address, closed through the API:
// the acknowledgement carries an unsubscribe link, the survey its rating links.
async function caseWithLinks(s) {
  const sql = (q) => execFileSync('sqlite3', [s.db, q], { encoding: 'utf8', timeout: 10_000 }).trim();
  const token = execFileSync(bin, ['--db', `sqlite:${s.db}`, '--log-level', 'error', 'users', 'token',
    'advisor@barnet.example', '--name', 'links-test'], { encoding: 'utf8', timeout: 30_000 }).trim().split('\n').pop();
  const customer = Number(sql('SELECT customer_id FROM customer_emails ORDER BY customer_id LIMIT 1'));
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const post = async (path, body) => {
    const r = await fetch(s.url + path, { method: 'POST', headers, body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000) });
    const text = await r.text();
    assert.ok(r.ok, `${path}: ${r.status} ${text}`);
    return JSON.parse(text);
  };
  const made = await post('/api/v1/cases', { category: 'missed-bin', description: 'Bin not collected',
    customer_id: customer, answers: { bin_type: 'refuse' }, location: { postcode: 'N3 1AB' } });
  await post(`/api/v1/cases/${made.reference}/transitions`, { to: 'closed', outcome: 'resolved',
    outcome_notes: 'Collected the next morning.' });
  const bodies = sql(`SELECT body FROM outbox WHERE case_id = (SELECT id FROM cases WHERE reference = '${made.reference}')`);
  const find = (path) => {
    const m = bodies.match(new RegExp(`https?://[^\\s]*(${path}\\?token=[A-Za-z0-9_-]+)`));
    assert.ok(m, `no ${path} link in ${bodies}`);
    return m[1];
  };
  return { reference: made.reference, unsubscribe: find('/unsubscribe'), survey: find('/survey') };
}

before(async () => {
  server = await startServer();
  links = await caseWithLinks(server);
});
after(async () => server?.stop());

test('with JavaScript: answer the survey from a one-click rating link, then unsubscribe', async () => {
  const browser = await openBrowser({ js: true });
  try {
    const { page } = browser;
    await page.goto(`${server.url}${links.survey}&rating=4`);
    assert.match(await page.locator('h1').innerText(), new RegExp(links.reference));
    assert.ok(await page.getByLabel('Satisfied', { exact: true }).isChecked(), 'the clicked rating is chosen');
    await checkA11y(page, 'survey');
    await page.goto(`${server.url}${links.survey}`);
    await page.getByLabel('How could we improve? (optional)').fill('Quicker next time');
    await page.getByRole('button', { name: 'Send feedback' }).click();
    await page.waitForSelector('.govuk-error-summary');
    await checkA11y(page, 'survey with an error');
    assert.equal(await page.getByLabel('How could we improve? (optional)').inputValue(), 'Quicker next time');
    await page.getByLabel('Satisfied', { exact: true }).check();
    await page.getByRole('button', { name: 'Send feedback' }).click();
    await page.waitForSelector('h1:has-text("Thank you for your feedback")');
    await checkA11y(page, 'survey thanks');

    await page.goto(server.url + links.unsubscribe);
    await checkA11y(page, 'unsubscribe');
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.waitForSelector('h1:has-text("You have unsubscribed")');
    await checkA11y(page, 'unsubscribed');
    await page.goto(`${server.url}/unsubscribe?token=not-a-real-link`);
    assert.equal(await page.locator('h1').innerText(), 'This link does not work');
    await checkA11y(page, 'bad link');
    assert.deepEqual(browser.errors, [], 'no script errors');
  } finally {
    await browser.close();
  }
});

test('without JavaScript (after the answer above): the survey keeps its first answer, unsubscribing twice is harmless', async () => {
  const browser = await openBrowser({ js: false });
  try {
    const { page } = browser;
    await page.goto(`${server.url}${links.survey}&rating=1`);
    assert.match(await page.locator('h1').innerText(), /already answered/);
    await page.goto(server.url + links.unsubscribe);
    assert.match(await page.locator('main').innerText(), /already unsubscribed/);
  } finally {
    await browser.close();
  }
});
