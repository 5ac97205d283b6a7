// Residents' enquiries, complaints and compliments: a guest's complaint
// (with errors on the way) and a signed-in resident's compliment, seen in My
// requests, with JavaScript on and axe on every page; a guest's enquiry
// with JavaScript off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, checkA11y, resident } from './support.mjs';
import { signInAs } from './member_support.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

// Home -> the journey's link -> details -> (contact) -> check -> confirmation.
async function journey(page, url, { link, about, text, guest, check = async () => {} }) {
  await page.goto(url);
  await page.getByRole('link', { name: link }).click();
  await page.waitForSelector('form[method="post"]');
  await check(`${link}: details`);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForSelector('.govuk-error-summary');
  await check(`${link}: details with errors`);
  await page.locator('#about').fill(about);
  await page.locator('#description').fill(text);
  await page.getByRole('button', { name: 'Continue' }).click();
  if (guest) {
    await page.waitForSelector('h1:has-text("How can we reply to you?")');
    await check(`${link}: contact`);
    await page.getByLabel('Full name').fill('Ada Lovelace');
    await page.getByLabel('Phone number').fill('12');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.govuk-error-summary');
    await check(`${link}: contact with errors`);
    assert.equal(await page.locator('#person_name').inputValue(), 'Ada Lovelace', 'what was typed is kept');
    await page.getByLabel('Phone number').fill('');
    await page.getByLabel('Email address').fill('ada@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
  }
  await page.waitForSelector('h1:has-text("Check your answers")');
  await check(`${link}: check your answers`);
  assert.match(await page.locator('main').innerText(), new RegExp(about));
  await page.getByRole('button', { name: 'Send' }).click();
  await page.waitForSelector('.govuk-panel--confirmation');
  await check(`${link}: confirmation`);
  const reference = (await page.locator('.govuk-panel__body strong').innerText()).trim();
  assert.match(reference, /^[A-Z]+-\d+$/);
  return reference;
}

test('with JavaScript: a guest complains, a resident pays a compliment and finds it in My requests', async () => {
  const browser = await openBrowser({ js: true });
  try {
    const { page } = browser;
    const check = (label) => checkA11y(page, label);
    await journey(page, server.url, { link: 'Make a complaint', about: 'Bin collections',
      text: 'The crew left rubbish all over the street.', guest: true, check });
    assert.match(await page.locator('main').innerText(), /acknowledge your complaint by \d+ \w+ \d{4}/);
    await signInAs(page, server.url, resident);
    const reference = await journey(page, server.url, { link: 'Pay a compliment', about: 'The library team',
      text: 'Very helpful with my printing.', guest: false, check });
    await page.getByRole('link', { name: 'Follow it in My requests' }).click();
    await page.waitForURL(new RegExp(`/requests/${reference}$`));
    await checkA11y(page, 'the compliment in My requests');
    await page.goto(`${server.url}/requests`);
    await checkA11y(page, 'my requests');
    assert.match(await page.locator('main').innerText(), new RegExp(reference));
    assert.deepEqual(browser.errors, [], 'no script errors');
  } finally {
    await browser.close();
  }
});

test('without JavaScript: a guest makes an enquiry', async () => {
  const browser = await openBrowser({ js: false });
  try {
    const { page } = browser;
    await journey(page, server.url, { link: 'Make an enquiry', about: 'Council tax',
      text: 'When is my next payment due?', guest: true });
    assert.match(await page.locator('main').innerText(), /We aim to reply by/);
  } finally {
    await browser.close();
  }
});
