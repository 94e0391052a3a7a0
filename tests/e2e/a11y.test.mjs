// axe-core (WCAG 2.1 A and AA rules) on each public page type at phone and desktop width:
// no serious or critical violations. The receipt pages and the ask form with errors are
// checked in asker.test.mjs, where a question exists. Details: artifacts/axe-*.json.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openContext, assertClean, goto, checkAxe, screenshot } from './lib/harness.mjs';

let browser;
let questionPath;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const pages = [
  ['home', '/'],
  ['question', null], // the newest answer, found from the home page
  ['category', '/amne/ekonomiskt-bistand'],
  ['search', `/sok?q=${encodeURIComponent('försörjningsstöd hyra')}`],
  ['search-did-you-mean', `/sok?q=${encodeURIComponent('försörjnigsstöd')}`],
  ['search-empty', '/sok'],
  ['ask', '/stall-en-fraga'],
  ['about', '/om'],
  ['not-found', '/finns-inte', 404],
];

for (const vp of ['phone', 'desktop']) {
  describe(`axe (${vp})`, () => {
    for (const [name, route, status = 200] of pages) {
      test(`${name}: no serious or critical violations`, async () => {
        const { context, guard } = await openContext(browser, vp);
        const page = await context.newPage();
        try {
          if (route) {
            await goto(page, route, status);
          } else {
            if (!questionPath) {
              await goto(page, '/');
              questionPath = await page.locator('section[aria-labelledby="nya-rubrik"] .question-list a').first().getAttribute('href');
            }
            await goto(page, questionPath);
          }
          if (name === 'search') {
            assert.ok(await page.locator('.search-results mark').count() > 0, 'the search page has results');
          }
          await checkAxe(page, name, vp);
          if (name === 'search-did-you-mean' || name === 'ask') await screenshot(page, `${vp}-${name}`);
          assertClean(guard);
        } finally {
          await context.close();
        }
      });
    }
  });
}
