// Script payloads typed into every field people can type into. They must never run
// (a dialog would open) and must come back as text, not markup.
// BUDGET: 1 question and 1 follow-up.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, launch, openContext, assertClean, goto, submitBy, assertVisible, fillAskForm,
} from './lib/harness.mjs';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// No element the payloads could have made, and only the site's own script.
async function assertNoInjection(page) {
  const found = await page.evaluate(() => ({
    scripts: [...document.scripts].map((s) => s.getAttribute('src')),
    imgs: document.querySelectorAll('img').length,
    handlers: [...document.querySelectorAll('*')].filter((el) =>
      [...el.attributes].some((a) => a.name.startsWith('on'))).map((el) => el.outerHTML.slice(0, 80)),
  }));
  assert.ok(found.scripts.every((s) => s && s.startsWith('/static/app.js')), `only the site's script: ${found.scripts}`);
  assert.equal(found.imgs, 0, 'no <img> from a payload');
  assert.deepEqual(found.handlers, [], 'no event-handler attributes');
}

test('payloads in the ask form, the receipt, the follow-up, search and the code field', async () => {
  const { context, guard } = await openContext(browser, 'desktop');
  const page = await context.newPage();
  try {
    // 1. The ask form with errors echoes what was typed: as values, not markup.
    await goto(page, '/stall-en-fraga');
    await page.getByLabel('Rubrik').fill(`Fråga ${SCRIPT}`);
    // Typing in the title asks for similar questions (JavaScript) with the payload too.
    await page.getByLabel('Rubrik').pressSequentially(' hyra', { delay: 20 });
    await page.waitForTimeout(600);
    // A category that is not in the list (a tampered form) makes the server send the form back.
    await page.locator('#f-amne').evaluate((sel, v) => { sel.add(new Option('Annat', v)); sel.value = v; }, IMG);
    const res = await fillAskForm(page, { title: `Fråga ${SCRIPT} hyra`, body: `${IMG} ${SCRIPT}`, pseudonym: IMG });
    assert.equal(res.status(), 400, 'an unknown category is refused');
    await assertVisible(page.locator('.error-summary'));
    assert.equal(await page.getByLabel('Rubrik').inputValue(), `Fråga ${SCRIPT} hyra`);
    assert.equal(await page.getByLabel('Din fråga').inputValue(), `${IMG} ${SCRIPT}`);
    assert.equal(await page.getByLabel('Signatur (valfri)').inputValue(), IMG);
    await assertNoInjection(page);
    const raw = await res.text();
    assert.ok(!raw.includes(SCRIPT) && !raw.includes('<img src=x'), 'the page source has the payloads escaped');

    // 2. Sent for real: the receipt shows them as text.
    const body = `Mitt problem är det här: ${IMG} och ${SCRIPT} – vad gäller om hyran?`;
    await fillAskForm(page, { title: `Fråga ${SCRIPT} hyra`, body, pseudonym: IMG, category: '' });
    await assertVisible(page.getByRole('heading', { level: 1, name: /din fråga har kommit fram/ }));
    await assertNoInjection(page);
    await submitBy(page, page.getByRole('link', { name: 'Gå till din fråga' }));
    const receipt = page.url();
    const preview = page.locator('.question-preview');
    const text = await preview.innerText();
    assert.ok(text.includes(SCRIPT), `the title's payload is shown as text: ${text}`);
    assert.ok(text.includes('onerror=alert(1)>'), `the body's payload is shown as text: ${text}`);
    await assertNoInjection(page);
    const src = await (await context.request.get(receipt)).text();
    assert.ok(!src.includes(SCRIPT) && !src.includes('<img src=x'), 'the receipt source has the payloads escaped');

    // 3. A follow-up with both payloads.
    await page.getByLabel('Skriv en följdfråga').fill(`${SCRIPT} ${IMG}`);
    await submitBy(page, page.getByRole('button', { name: 'Skicka följdfrågan' }));
    assert.ok((await page.locator('.follow-up').innerText()).includes(SCRIPT), 'the follow-up is shown as text');
    await assertNoInjection(page);

    // 4. Search: the query comes back in the field, the status line and the links.
    for (const q of [SCRIPT, IMG, `barn ${IMG}`]) {
      await goto(page, '/sok');
      await page.getByRole('searchbox').fill(q);
      await submitBy(page, page.getByRole('search').getByRole('button', { name: 'Sök' }));
      assert.equal(await page.getByRole('searchbox').inputValue(), q);
      const status = page.getByRole('status');
      if (await status.count()) assert.ok((await status.innerText()).includes(q), 'the query is shown as text');
      await assertNoInjection(page);
    }
    // … and in the filters given in the address.
    await page.goto(`${BASE}/sok?q=barn&amne=${encodeURIComponent(IMG)}&fran=${encodeURIComponent(SCRIPT)}&ordning=${encodeURIComponent(IMG)}`);
    await assertNoInjection(page);

    // 5. The code field on "Följ din fråga".
    await goto(page, '/kvitto');
    await page.getByLabel('Din kod').fill(IMG);
    const r = await submitBy(page, page.getByRole('button', { name: 'Visa min fråga' }));
    assert.equal(r.status(), 404);
    await assertNoInjection(page);

    // 6. Withdraw to leave nothing behind.
    await page.goto(receipt);
    await page.getByLabel('Ja, ta bort min fråga och allt jag har skrivit').check();
    await submitBy(page, page.getByRole('button', { name: 'Ta bort frågan' }));
    await assertVisible(page.getByRole('heading', { level: 1, name: 'Din fråga är borttagen' }));

    assertClean(guard);
  } finally {
    await context.close();
  }
});

test('payloads in the address of public pages are not echoed raw', async () => {
  const { context, guard } = await openContext(browser, 'phone');
  const page = await context.newPage();
  try {
    for (const p of [`/fraga/${encodeURIComponent(SCRIPT)}`, `/amne/${encodeURIComponent(IMG)}`,
      `/kvitto/${encodeURIComponent(SCRIPT)}`, `/${encodeURIComponent(IMG)}`]) {
      const res = await page.goto(BASE + p);
      assert.ok(res.status() >= 400 && res.status() < 500, `${p} gives a 4xx (got ${res.status()})`);
      const src = await res.text();
      assert.ok(!src.includes(SCRIPT) && !src.includes('<img src=x'), `${p} does not echo the payload raw`);
      await assertNoInjection(page);
    }
    assertClean(guard);
  } finally {
    await context.close();
  }
});
