// The reader's journey at phone and desktop width: read an answer from the home page,
// browse a category, search in Swedish as people write (inflected forms, misspellings),
// vote, and leave the site quickly.
// BUDGET: one "ja" vote per viewport, on different questions. No questions asked.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, EXIT_URL, launch, openContext, assertClean, goto, submitBy, assertPublicPage, assertVisible,
  screenshot,
} from './lib/harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Runs fn with a fresh page at the viewport and checks the guard afterwards.
async function withPage(vp, fn, opts) {
  const { context, guard } = await openContext(browser, vp, opts);
  const page = await context.newPage();
  try {
    await fn(page, context);
    assertClean(guard);
  } finally {
    await context.close();
  }
}

async function count(locator) {
  const m = /\((\d+)\)/.exec(await locator.innerText());
  assert.ok(m, `a count in "${await locator.innerText()}"`);
  return Number(m[1]);
}

for (const vp of ['phone', 'desktop']) {
  describe(`reader (${vp})`, () => {
    test('read a published answer from the home page', () => withPage(vp, async (page) => {
      await goto(page, '/');
      await assertPublicPage(page);
      await assertVisible(page.getByRole('search'));
      await assertVisible(page.getByRole('heading', { name: 'Senaste svaren' }));
      const items = page.locator('section[aria-labelledby="nya-rubrik"] .question-list > li');
      assert.ok(await items.count() >= 5, 'the newest answers are listed');
      await screenshot(page, `${vp}-home`);

      const first = items.first().locator('h3 a');
      const title = (await first.innerText()).trim();
      await submitBy(page, first);
      assert.match(new URL(page.url()).pathname, /^\/fraga\/\d+$/);
      await assertPublicPage(page);
      assert.equal((await page.locator('h1').innerText()).trim(), title);
      const answer = page.locator('section.answer');
      await assertVisible(answer.getByRole('heading', { name: 'Svar' }));
      assert.ok((await answer.locator('.answer-text').innerText()).trim().length > 80, 'the answer is shown');
      assert.match(await answer.locator('.signature').innerText(), /Socialrådgivningen/);
      await assertVisible(page.getByText(/Fråga från/));
      await assertVisible(page.getByRole('heading', { name: 'Hjälpte svaret dig?' }));
      await assertVisible(page.getByRole('button', { name: /Jag har samma fråga/ }));
      await screenshot(page, `${vp}-question`);
    }));

    test('browse a category', () => withPage(vp, async (page) => {
      await goto(page, '/');
      const cat = page.locator('ul.categories a').filter({ hasText: 'Barn och familj' });
      await submitBy(page, cat);
      assert.equal(new URL(page.url()).pathname, '/amne/barn-och-familj');
      await assertPublicPage(page);
      assert.match(await page.locator('h1').innerText(), /Barn och familj/);
      assert.ok(await page.locator('.question-list > li').count() > 0, 'the category lists answers');
      await screenshot(page, `${vp}-category`);
    }));

    test('search with an inflected Swedish query: highlighted snippets and facets', () => withPage(vp, async (page) => {
      await goto(page, '/');
      await page.getByRole('searchbox').fill('barnen');
      await submitBy(page, page.getByRole('search').getByRole('button', { name: 'Sök' }));
      const url = new URL(page.url());
      assert.equal(url.pathname, '/sok');
      assert.equal(url.searchParams.get('q'), 'barnen');
      await assertPublicPage(page);
      assert.match(await page.getByRole('status').innerText(), /för ”barnen”/);
      const hits = page.locator('.search-results .question-list > li');
      assert.ok(await hits.count() > 0, 'results for "barnen"');
      // The snippets mark the words found: "barn", "barnen", "barnet" … all from "barnen".
      const marks = await page.locator('.search-results .excerpt mark').allInnerTexts();
      assert.ok(marks.length > 0, 'snippets with <mark>');
      assert.ok(marks.some((m) => /^barn/i.test(m)), `marked words: ${marks.slice(0, 10)}`);
      assert.ok(marks.some((m) => m.toLowerCase() !== 'barnen'), `other forms than "barnen" are found: ${marks.slice(0, 10)}`);
      // Facets: categories with counts; choosing one narrows the results.
      const facets = page.getByRole('navigation', { name: 'Filtrera på ämne' });
      await assertVisible(facets);
      const facetItems = await facets.locator('li').allInnerTexts();
      assert.ok(facetItems.length > 0 && facetItems.every((t) => /\(\d+\)$/.test(t.trim())), `facets with counts: ${facetItems}`);
      await screenshot(page, `${vp}-search`);
      const facetItem = facets.locator('li').filter({ has: page.locator('a') }).filter({ hasNotText: 'Alla ämnen' }).first();
      const facet = facetItem.locator('a');
      const name = (await facet.innerText()).trim();
      const n = await count(facetItem);
      await submitBy(page, facet);
      assert.ok(new URL(page.url()).searchParams.get('amne'), 'the facet filters by category');
      const current = page.getByRole('navigation', { name: 'Filtrera på ämne' }).locator('[aria-current="true"]');
      assert.equal((await current.innerText()).trim(), `${name} (${n})`);
      assert.ok(await hits.count() <= n && await hits.count() > 0);
      await assertVisible(page.getByRole('link', { name: 'Alla ämnen' }));

      // Two words, inflected: "beslutet överklaga" finds answers about "beslut" and appeals.
      await goto(page, `/sok?q=${encodeURIComponent('beslutet överklaga')}`);
      assert.ok(await hits.count() > 0, 'results for "beslutet överklaga"');
      const marks2 = (await page.locator('.search-results .excerpt mark').allInnerTexts()).map((m) => m.toLowerCase());
      assert.ok(marks2.some((m) => m.startsWith('beslut')), `"beslut…" is marked: ${marks2.slice(0, 10)}`);
      assert.ok(marks2.some((m) => m.startsWith('överklag')), `"överklag…" is marked: ${marks2.slice(0, 10)}`);
    }));

    test('"Menade du …?" for a misspelt query', () => withPage(vp, async (page) => {
      await goto(page, `/sok?q=${encodeURIComponent('försörjnigsstöd')}`);
      const dym = page.locator('.did-you-mean');
      await assertVisible(dym);
      assert.match(await dym.innerText(), /^Menade du försörjningsstöd\?$/);
      await submitBy(page, dym.getByRole('link', { name: 'försörjningsstöd' }));
      assert.equal(new URL(page.url()).searchParams.get('q'), 'försörjningsstöd');
      assert.ok(await page.locator('.search-results .question-list > li').count() > 0, 'the suggestion finds answers');
      assert.equal(await page.locator('.did-you-mean').count(), 0, 'no suggestion for a correct word');
    }));

    test('vote "Ja" and see the counter go up', () => withPage(vp, async (page) => {
      // Different questions at the two widths: one vote of each kind per question and client.
      await goto(page, '/');
      const nth = vp === 'phone' ? 1 : 2;
      await submitBy(page, page.locator('section[aria-labelledby="nya-rubrik"] .question-list > li h3 a').nth(nth));
      const path = new URL(page.url()).pathname;
      const yes = page.getByRole('button', { name: /^Ja \(/ });
      const before = await count(yes);
      const sameBefore = await count(page.getByRole('button', { name: /Jag har samma fråga/ }));
      await submitBy(page, yes);
      const url = new URL(page.url());
      assert.equal(url.pathname, path);
      assert.equal(url.searchParams.get('tack'), '1');
      await assertVisible(page.getByRole('status').filter({ hasText: 'Tack!' }));
      assert.equal(await count(page.getByRole('button', { name: /^Ja \(/ })), before + 1, 'the yes counter went up by one');
      assert.equal(await count(page.getByRole('button', { name: /Jag har samma fråga/ })), sameBefore, 'other counters unchanged');
      // A second "Ja" from the same person is thanked but not counted.
      await submitBy(page, page.getByRole('button', { name: /^Ja \(/ }));
      assert.equal(await count(page.getByRole('button', { name: /^Ja \(/ })), before + 1, 'one vote per person');
    }));

    test('the quick-exit button leaves the site and the page is not in the back history', () => withPage(vp, async (page) => {
      await goto(page, '/');
      await goto(page, '/om');
      await assertPublicPage(page);
      await screenshot(page, `${vp}-about`);
      const exit = page.getByRole('link', { name: 'Lämna sidan snabbt' });
      // Visible at the top of the page without scrolling, and still there after scrolling.
      const box = await exit.boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= page.viewportSize().height, 'quick exit in the first screen');
      await page.mouse.wheel(0, 2000);
      await page.waitForTimeout(100);
      assert.ok(await exit.isVisible() && (await exit.boundingBox()).y < 80, 'quick exit stays at the top when scrolling');
      await Promise.all([page.waitForURL(EXIT_URL), exit.click()]);
      assert.equal(page.url(), EXIT_URL);
      // location.replace: going back does not show the page that was left.
      await page.goBack({ waitUntil: 'load' });
      assert.equal(page.url(), `${BASE}/`, 'back goes to the page before, not the one that was left');
      // Esc twice quickly does the same.
      await goto(page, '/sok?q=hyra');
      await page.keyboard.press('Escape');
      await Promise.all([page.waitForURL(EXIT_URL), page.keyboard.press('Escape')]);
      assert.equal(page.url(), EXIT_URL);
    }));
  });
}

test('not found: a plain Swedish 404 page', () => withPage('desktop', async (page) => {
  await goto(page, '/fraga/987654321', 404);
  await assertPublicPage(page);
  await screenshot(page, 'desktop-404');
  await goto(page, '/finns-inte', 404);
  await goto(page, '/kvitto/AAAAAAAAAAAAAAAAAAAAAAAA', 404);
}));

test('keyboard: the skip link comes first and moves to the content; quick exit is next', () => withPage('desktop', async (page) => {
  await goto(page, '/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Hoppa till innehållet' });
  assert.ok(await skip.evaluate((el) => el === document.activeElement), 'the skip link gets focus first');
  const box = await skip.boundingBox();
  assert.ok(box && box.x >= 0 && box.y >= 0, 'the skip link is on screen when focused');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'lamna-sidan', 'quick exit is next');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'innehall', 'focus moves to the main content');
}));

test('security headers on public pages', () => withPage('desktop', async (page) => {
  for (const p of ['/', '/sok?q=hyra', '/stall-en-fraga']) {
    const h = (await goto(page, p)).headers();
    const csp = h['content-security-policy'] || '';
    assert.ok(csp && !csp.includes('unsafe-inline'), `${p}: a CSP without unsafe-inline`);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(h['x-content-type-options'], 'nosniff');
    assert.equal(h['referrer-policy'], 'no-referrer');
  }
}));

test('feed, sitemap and robots.txt', () => withPage('desktop', async (page, context) => {
  const feed = await context.request.get(`${BASE}/feed.atom`);
  assert.equal(feed.status(), 200);
  assert.match(feed.headers()['content-type'], /atom\+xml/);
  assert.match(await feed.text(), /<entry>/);
  const sitemap = await context.request.get(`${BASE}/sitemap.xml`);
  assert.equal(sitemap.status(), 200);
  assert.match(await sitemap.text(), /\/fraga\/\d+/);
  const robots = await context.request.get(`${BASE}/robots.txt`);
  assert.equal(robots.status(), 200);
  assert.match(await robots.text(), /Disallow: \/kvitto/);
}));
