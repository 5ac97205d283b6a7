// Shared by the councillors' browser tests: signing in as the demo
// councillor, and raising an enquiry through its question pages.
import assert from 'node:assert/strict';

export const councillor = { email: 'councillor@barnet.example', password: 'civicdesk-demo' };

export async function signInAs(page, url, who) {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

async function next(page, heading) {
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForSelector(`h1:has-text("${heading}")`);
}

// From "Who is the enquiry for?" to the confirmation; `check(label)` runs on
// every page (axe with JavaScript on). Starts with an empty name to see the
// error summary. Returns the reference.
export async function raiseEnquiry(page, url, check = async () => {}, { change = false } = {}) {
  await page.goto(`${url}/member/enquiries/new`);
  await page.waitForSelector('h1:has-text("Who is the enquiry for?")');
  await check('resident');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForSelector('.govuk-error-summary');
  await check('resident with errors');
  assert.match(await page.title(), /^Error: /);
  // A councillor who raised enquiries before chooses "Someone else" for a new resident.
  const someoneElse = page.getByLabel('Someone else', { exact: true });
  if (await someoneElse.count()) await someoneElse.check();
  await page.getByLabel('Full name').fill('Ada Lovelace');
  await page.getByLabel('Email address').fill('ada@example.com');
  await page.getByLabel('Postcode').fill('N3 1AB');
  await next(page, 'What is the enquiry about?');
  await check('subject');
  await page.getByLabel('Service').selectOption({ label: 'Fly-tipping' });
  await page.getByLabel('Subject').fill('Fly-tipping behind the shops on Station Road');
  await page.getByRole('button', { name: 'Continue' }).click();
  // The service's own questions, if it has any: the first choice of each, a number or a date.
  await page.waitForSelector('h1:has-text("Tell us more"), h1:has-text("Where is it?")');
  if (await page.getByRole('heading', { name: 'Tell us more' }).count()) {
    await check('questions');
    for (const group of await page.locator('.govuk-radios').all()) await group.locator('input').first().check();
    for (const box of await page.locator('.govuk-checkboxes').all()) await box.locator('input').first().check();
    for (const input of await page.locator('main input.govuk-input').all()) {
      const dated = (await input.getAttribute('aria-describedby') || '').includes('-hint');
      await input.fill(dated ? '2026-03-01' : '2');
    }
    await next(page, 'Where is it?');
  }
  await check('location');
  await page.getByLabel('Street or place').fill('Station Road, behind number 12');
  await next(page, 'Describe the enquiry');
  await check('description');
  await page.getByLabel('Describe the enquiry').fill('Mattresses and bags left for a week. Residents asked me to chase it.');
  await next(page, 'Who else should be copied in?');
  await check('copies');
  await page.getByLabel('Other people, by email address').fill('clerk@barnet.example\nneighbour@example.com');
  await next(page, 'Is the enquiry confidential?');
  await check('confidential');
  await page.getByLabel('No', { exact: true }).check();
  await next(page, 'Check your answers');
  await check('check your answers');
  if (change) {
    // "Change" goes back to that page with everything kept; continuing returns here.
    await page.getByRole('button', { name: 'Change Subject' }).click();
    await page.waitForSelector('h1:has-text("What is the enquiry about?")');
    assert.equal(await page.getByLabel('Subject').inputValue(), 'Fly-tipping behind the shops on Station Road');
    await page.getByLabel('Subject').fill('Fly-tipping behind the Station Road shops');
    for (let i = 0; i < 8 && !(await page.getByRole('heading', { name: /Check your answers/ }).count()); i++) {
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForLoadState();
    }
    const summary = await page.locator('.govuk-summary-list').innerText();
    assert.match(summary, /behind the Station Road shops/);
    assert.match(summary, /Mattresses and bags/);
    assert.match(summary, /neighbour@example\.com/);
  }
  await page.getByRole('button', { name: 'Raise the enquiry' }).click();
  await page.waitForSelector('.govuk-panel--confirmation');
  await check('confirmation');
  const reference = (await page.locator('.govuk-panel__body strong').innerText()).trim();
  assert.match(reference, /^[A-Z]+-\d+$/);
  assert.match(await page.locator('main').innerText(), /The council will respond by \d+ \w+ \d{4}/);
  return reference;
}

// Opens the enquiry from My enquiries, chases (after an empty try) and escalates.
export async function chaseAndEscalate(page, url, reference, check = async () => {}) {
  await page.goto(`${url}/member/enquiries`);
  await check('my enquiries');
  await page.getByRole('link', { name: reference }).click();
  await page.waitForSelector(`h1:has-text("${reference}")`);
  await check('enquiry');
  assert.match(await page.locator('main').innerText(), /neighbour@example\.com/);
  await page.getByRole('button', { name: 'Chase' }).click();
  await page.waitForSelector('.govuk-error-summary');
  await check('chase with errors');
  await page.getByLabel('Your note to the officer').fill('Any news? The residents are asking.');
  await page.getByRole('button', { name: 'Chase' }).click();
  await page.waitForSelector('.govuk-notification-banner--success');
  await check('chased');
  await page.getByLabel('Why are you escalating it?').fill('No response and the rubbish is still there.');
  await page.getByRole('button', { name: 'Escalate' }).click();
  // Escalated, or refused with the reason when the service has no senior officer named.
  await page.waitForSelector('.govuk-notification-banner--success, .govuk-error-summary');
  await check('escalated');
  const text = await page.locator('main').innerText();
  assert.match(text, /You have escalated the enquiry|cannot be escalated now/);
  assert.match(text, /Chased/);
}
