// The asker's journey as a person makes it, at phone and desktop width: ask, keep the
// receipt, follow the question, see what will be published, send a follow-up, withdraw.
// BUDGET: 3 questions (phone, desktop, no JavaScript) and 2 follow-ups from this file.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, launch, openContext, assertClean, goto, submitBy, assertPublicPage, assertVisible,
  screenshot, checkAxe, askerText, fillAskForm,
} from './lib/harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const vp of ['phone', 'desktop']) {
  describe(`asker (${vp})`, () => {
    test('ask, open the receipt, see the redacted text, follow up and withdraw', async () => {
      const { context, guard } = await openContext(browser, vp);
      const page = await context.newPage();
      try {
        // The ask form, reached from the home page as people do.
        await goto(page, '/');
        await submitBy(page, page.getByRole('link', { name: 'Ställ en egen fråga' }));
        assert.equal(new URL(page.url()).pathname, '/stall-en-fraga');
        await assertPublicPage(page);

        // While the title is typed, answered questions like it are suggested (JavaScript).
        // The draft title travels in a POST body, never in a URL that proxies would log.
        const q = askerText(vp);
        const asked = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/v1/suggestions');
        await page.getByLabel('Rubrik').fill(q.title);
        const suggestions = page.locator('#liknande');
        await suggestions.locator('li a').first().waitFor({ state: 'visible' });
        const sent = await asked;
        assert.equal(sent.method(), 'POST', 'suggestions are asked for with POST');
        assert.equal(new URL(sent.url()).search, '', 'no query string');
        assert.equal(sent.postDataJSON().title, q.title.trim(), 'the title is in the JSON body');
        assert.match(await suggestions.innerText(), /^Liknande frågor som redan har besvarats:/);
        assert.match(await suggestions.locator('li a').first().getAttribute('href'), /^\/fraga\/\d+$/);
        await screenshot(page, `${vp}-ask`);

        const res = await fillAskForm(page, { ...q, category: 'ekonomiskt-bistand' });
        assert.equal(res.status(), 200, 'the question is received');
        assert.equal(res.headers()['cache-control'], 'no-store', 'the receipt is not cached');

        // The receipt: the one-time link and the code.
        await assertVisible(page.getByRole('heading', { level: 1, name: /din fråga har kommit fram/ }));
        const link = page.locator('.receipt-link a');
        const href = await link.getAttribute('href');
        assert.match(href, /^\/kvitto\/[0-9A-HJKMNP-TV-Z]{28}$/, 'a receipt link with a code without confusable characters');
        const token = href.slice('/kvitto/'.length);
        assert.equal(await link.textContent(), `${BASE}${href}`, 'the full link is shown to copy');
        const code = (await page.locator('.receipt-code').textContent()).trim();
        assert.equal(code.replace(/-/g, ''), token, 'the code is the token in groups');
        assert.match(code, /^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$/, 'the code is grouped by four for writing down');
        await assertVisible(page.getByRole('button', { name: 'Kopiera länken' }), 'copy button with JavaScript');
        await screenshot(page, `${vp}-receipt-created`);
        await checkAxe(page, 'receipt-created', vp);

        // The form's POST answered with a redirect (303): reloading the receipt page
        // asks nothing again; it shows the same code, never a second question's.
        assert.equal(res.request().method(), 'GET', 'the receipt page is reached by GET');
        assert.equal(new URL(page.url()).pathname, `${href}/ny`);
        const posted = [];
        page.on('request', (r) => { if (r.method() === 'POST') posted.push(r.url()); });
        const again = await page.reload({ waitUntil: 'load' });
        assert.equal(again.status(), 200);
        assert.deepEqual(posted, [], 'a reload posts nothing');
        assert.equal(await page.locator('.receipt-link a').getAttribute('href'), href, 'the same receipt after a reload');

        // Open the receipt: by the link on the desktop, by typing the code on the phone.
        if (vp === 'desktop') {
          await submitBy(page, page.getByRole('link', { name: 'Gå till din fråga' }));
        } else {
          await goto(page, '/kvitto');
          await checkAxe(page, 'receipt-lookup', vp);
          // Typed as people write it down: lower case, spaces instead of dashes.
          await page.getByLabel('Din kod').fill(code.toLowerCase().replace(/-/g, ' '));
          await submitBy(page, page.getByRole('button', { name: 'Visa min fråga' }));
        }
        assert.equal(new URL(page.url()).pathname, href);
        await assertPublicPage(page);
        await assertVisible(page.getByRole('heading', { name: 'Status: Mottagen' }));
        const fresh = await context.request.get(BASE + href);
        assert.equal(fresh.headers()['cache-control'], 'no-store', 'the receipt page is not cached');
        assert.match(await page.locator('meta[name="robots"]').getAttribute('content'), /noindex/);

        // What will be published: the redactor has removed the name and the phone number.
        const preview = page.locator('.question-preview');
        const text = await preview.innerText();
        // Removed details are quiet marks, not brackets: "namn", read out as "borttaget: namn".
        assert.ok(!text.includes('['), `no bracketed placeholders: ${text}`);
        const removed = await preview.locator('.removed').allTextContents();
        assert.ok(removed.includes('borttaget: namn'), `the name shows as a mark: ${removed}`);
        assert.ok(removed.includes('borttaget: telefonnummer'), `the phone number shows as a mark: ${removed}`);
        assert.ok(!text.includes('Lindqvist'), 'the surname is not in the published text');
        assert.ok(!/070.?123/.test(text), 'the phone number is not in the published text');
        assert.ok(text.includes('Hur överklagar jag beslutet'), 'the title is there');
        assert.ok(text.includes('Ekonomiskt bistånd'), 'the chosen category is there');
        await screenshot(page, `${vp}-receipt`);
        await checkAxe(page, 'receipt', vp);

        // A follow-up lands under the question, redacted too.
        await page.getByLabel('Skriv en följdfråga').fill('Jag glömde säga: mitt nya nummer är 073-555 12 34. Hur lång tid tar det?');
        await submitBy(page, page.getByRole('button', { name: 'Skicka följdfrågan' }));
        assert.equal(new URL(page.url()).pathname, href);
        await assertVisible(page.getByRole('status').filter({ hasText: 'Din följdfråga har skickats.' }));
        const fu = await page.locator('.follow-up').innerText();
        assert.ok(fu.includes('Hur lång tid tar det?'), 'the follow-up is listed');
        assert.ok(!fu.includes('555 12 34'), `the follow-up's phone number is removed: ${fu}`);

        // Withdraw: the checkbox, then the button; the receipt is gone afterwards.
        await page.getByLabel('Ja, ta bort min fråga och allt jag har skrivit').check();
        const gone = await submitBy(page, page.getByRole('button', { name: 'Ta bort frågan' }));
        assert.equal(gone.status(), 200);
        await assertVisible(page.getByRole('heading', { level: 1, name: 'Din fråga är borttagen' }));
        await goto(page, href, 404);
        await assertPublicPage(page);
        const api = await context.request.get(`${BASE}/api/v1/receipts/${token}`);
        assert.equal(api.status(), 404, 'the API does not know the receipt either');
        assertClean(guard);
      } finally {
        await context.close();
      }
    });

    test('errors on the ask form are summarised and tied to their fields', async () => {
      const { context, guard } = await openContext(browser, vp);
      const page = await context.newPage();
      try {
        await goto(page, '/stall-en-fraga');
        await page.getByLabel('Rubrik').fill('Hej');
        await page.getByLabel('Din fråga').fill('För kort');
        const res = await submitBy(page, page.getByRole('button', { name: 'Skicka frågan' }));
        assert.equal(res.status(), 400);
        assert.match(await page.title(), /^Rätta felen/, 'the title says there are errors');

        const summary = page.locator('.error-summary');
        await assertVisible(summary);
        // With JavaScript the summary gets focus, so it is read out first.
        assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'fel');
        assert.equal(await summary.getAttribute('role'), 'alert');
        await assertVisible(summary.getByRole('heading', { name: 'Något behöver rättas' }));
        const links = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        assert.deepEqual(links.sort(), ['#f-fraga', '#f-rubrik'], 'the summary links to each field with an error');

        for (const [id, label, message] of [
          ['f-rubrik', 'Rubrik', /minst 5 tecken/],
          ['f-fraga', 'Din fråga', /minst 20 tecken/],
        ]) {
          const field = page.getByLabel(label, { exact: true });
          assert.equal(await field.getAttribute('id'), id);
          assert.equal(await field.getAttribute('aria-invalid'), 'true', `${label} is marked invalid`);
          const described = (await field.getAttribute('aria-describedby')).split(/\s+/);
          const texts = [];
          for (const ref of described) {
            assert.equal(await page.locator(`#${ref}`).count(), 1, `aria-describedby ${ref} exists`);
            texts.push(await page.locator(`#${ref}`).innerText());
          }
          assert.ok(texts.some((t) => message.test(t)), `${label}'s error is in its description: ${texts}`);
          await assertVisible(page.locator(`#${id}`).locator('xpath=preceding-sibling::p[contains(@class,"error-text")][1]'));
          // The browser's accessible description of the field includes the error.
          const desc = await field.evaluate((el) => el.getAttribute('aria-describedby').split(' ')
            .map((r) => document.getElementById(r).textContent).join(' '));
          assert.match(desc, message);
        }
        // Fields without errors are not marked, and what was typed is kept.
        assert.equal(await page.getByLabel('Signatur (valfri)').getAttribute('aria-invalid'), null);
        assert.equal(await page.getByLabel('Rubrik').inputValue(), 'Hej');
        assert.equal(await page.getByLabel('Din fråga').inputValue(), 'För kort');

        // Following a summary link brings the field into view.
        await summary.getByRole('link').first().click();
        assert.ok(['#f-rubrik', '#f-fraga'].includes(new URL(page.url()).hash));
        await screenshot(page, `${vp}-ask-errors`);
        await checkAxe(page, 'ask-errors', vp);
        assertClean(guard);
      } finally {
        await context.close();
      }
    });
  });
}

test('without JavaScript: ask a question and open the receipt (phone)', async () => {
  const { context, guard } = await openContext(browser, 'phone', { javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await goto(page, '/stall-en-fraga');
    await assertPublicPage(page);
    const q = askerText('utan-js');
    const res = await fillAskForm(page, q);
    assert.equal(res.status(), 200);
    const href = await page.locator('.receipt-link a').getAttribute('href');
    assert.match(href, /^\/kvitto\/[0-9A-HJKMNP-TV-Z]{28}$/);
    // The copy and print buttons need JavaScript, so they are not shown without it.
    assert.equal(await page.getByRole('button', { name: 'Kopiera länken' }).isVisible(), false);
    await screenshot(page, 'phone-nojs-receipt-created');
    await submitBy(page, page.getByRole('link', { name: 'Gå till din fråga' }));
    await assertVisible(page.getByRole('heading', { name: 'Status: Mottagen' }));
    const text = (await page.locator('.question-preview').textContent()).replace(/\s+/g, ' ');
    assert.ok(/borttaget: namn/.test(text) && /borttaget: telefonnummer/.test(text), text);
    assert.ok(text.includes('Orolig utan-js'), 'the pseudonym is shown');
    // The search works without JavaScript too.
    await goto(page, '/sok?q=hyra');
    assert.ok(await page.locator('.question-list > li').count() > 0, 'search results without JavaScript');
    // Quick exit is a plain link without JavaScript.
    await goto(page, '/');
    await submitBy(page, page.getByRole('link', { name: 'Lämna sidan snabbt' }));
    assert.equal(page.url(), 'https://www.google.se/');
    assertClean(guard);
  } finally {
    await context.close();
  }
});
