// Shared pieces for the end-to-end tests: the browser (Debian's Chromium, never a
// downloaded one), contexts at phone and desktop width, a guard that records dialogs,
// CSP violations, page errors and any request that leaves the site, the axe-core check
// and screenshots.
//
// run.sh starts the server and sets RADFRAGA_E2E_URL. The server rate-limits by client
// (all tests come from 127.0.0.1): at most 5 questions per 12 minutes, 5 follow-ups, one
// vote of each kind per question. The tests stay within that: see BUDGET in the files.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

export const BASE = (process.env.RADFRAGA_E2E_URL || 'http://127.0.0.1:18090').replace(/\/$/, '');
export const ORIGIN = new URL(BASE).origin;
export const ARTIFACTS = process.env.RADFRAGA_E2E_ARTIFACTS || path.resolve(here, '..', 'artifacts');
// Where the quick-exit button sends people. No network here: the browser gets a stub page.
export const EXIT_URL = 'https://www.google.se/';

export const VIEWPORTS = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 },
  desktop: { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 },
};

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// Playwright gives every launched browser a fresh user-data-dir of its own, made under
// the temporary folder (run.sh points TMPDIR at a fresh folder for each run).
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

// A browser context as one person: a viewport, Swedish locale, JavaScript on or off.
// The returned guard collects what must never happen on any page.
export async function openContext(browser, kind, { javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({
    ...VIEWPORTS[kind],
    locale: 'sv-SE',
    javaScriptEnabled,
    serviceWorkers: 'block',
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(20_000);
  const guard = { dialogs: [], cspViolations: [], pageErrors: [], foreignRequests: [], serverErrors: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(ORIGIN + '/')) return route.continue();
    if (url.startsWith(EXIT_URL)) {
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8',
        body: '<!doctype html><html lang="sv"><title>Utgång</title><h1>Neutral sida</h1></html>' });
    }
    guard.foreignRequests.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('page', (page) => watchPage(page, guard));
  return { context, guard };
}

function watchPage(page, guard) {
  page.on('dialog', async (dialog) => {
    guard.dialogs.push(`${dialog.type()}: ${dialog.message()} on ${page.url()}`);
    await dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', (err) => guard.pageErrors.push(`${err.message} on ${page.url()}`));
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content.Security.Policy/i.test(text)) guard.cspViolations.push(`${text} on ${page.url()}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 500) guard.serverErrors.push(`${res.status()} ${res.url()}`);
  });
}

// Nothing of this must have happened during a test.
export function assertClean(guard) {
  assert.deepEqual(guard.dialogs, [], 'a dialog opened: a script ran that should not have');
  assert.deepEqual(guard.pageErrors, [], 'JavaScript errors on the page');
  assert.deepEqual(guard.cspViolations, [], 'the Content-Security-Policy refused something');
  assert.deepEqual(guard.foreignRequests, [], 'the page asked another site for something');
  assert.deepEqual(guard.serverErrors, [], 'the server answered 5xx');
}

export async function goto(page, route, expectStatus = 200) {
  const res = await page.goto(BASE + route, { waitUntil: 'load' });
  assert.ok(res, `no response for ${route}`);
  assert.equal(res.status(), expectStatus, `GET ${route}`);
  return res;
}

// Click something that submits a form and wait for the page it leads to.
export async function submitBy(page, locator) {
  const [res] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    locator.click(),
  ]);
  return res;
}

// Every public page: one h1, the main landmark, and the quick-exit link.
export async function assertPublicPage(page) {
  await assertVisible(page.locator('#lamna-sidan'));
  assert.equal(await page.locator('h1').count(), 1, 'one h1 per page');
  assert.equal(await page.locator('main').count(), 1, 'one main landmark');
}

export async function assertVisible(locator, message) {
  assert.ok(await locator.first().isVisible(), message || `${locator} is visible`);
}

export async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // From the top, so the sticky quick-exit bar is where people see it.
  await page.evaluate(() => window.scrollTo(0, 0)).catch(() => {});
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

// ---- axe-core ---------------------------------------------------------------------

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
// Best-practice rules that fail a page whatever their impact: content outside landmarks
// and skipped heading levels.
const AXE_REQUIRED = new Set(['region', 'heading-order']);
export const axeReport = []; // {page, viewport, violations:[{id, impact, nodes}]}

// Runs axe on the page as it is (evaluated through the DevTools protocol, so the page's
// CSP, which forbids inline scripts, stays on). WCAG 2.1 A/AA and axe's best practices;
// fails on serious or critical violations and on any `region` or `heading-order` one;
// the rest is written to artifacts/axe-*.json for people to read.
export async function checkAxe(page, name, viewport) {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  }, AXE_TAGS);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(path.join(ARTIFACTS, `axe-${viewport}-${name}.json`), JSON.stringify({ url: page.url(), violations: result }, null, 2));
  axeReport.push({ page: name, viewport, violations: result.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })) });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical' || AXE_REQUIRED.has(v.id));
  const describe = bad.map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => n.target).join(', ')}`).join('\n');
  assert.equal(bad.length, 0, `axe on ${name} (${viewport}) found:\n${describe}`);
  return result;
}

// ---- the asker's texts -------------------------------------------------------------

// A question as people write them: a name and a phone number the redactor must remove.
export function askerText(tag) {
  return {
    title: `Hur överklagar jag beslutet om försörjningsstöd ${tag}?`,
    body: `Hej! Jag heter Anna Lindqvist och fick avslag på försörjningsstöd för hyran i förra veckan. ` +
      `Min handläggare säger att jag kan överklaga beslutet, men hur gör jag? ` +
      `Ring mig gärna på 070-123 45 67 om ni behöver veta mer. (${tag})`,
    pseudonym: `Orolig ${tag}`,
  };
}

// Fills the ask form and sends it; returns the response of the page that follows.
export async function fillAskForm(page, { title, body, pseudonym, category }) {
  await page.getByLabel('Rubrik').fill(title);
  await page.getByLabel('Din fråga').fill(body);
  if (pseudonym !== undefined) await page.getByLabel('Signatur (valfri)').fill(pseudonym);
  if (category !== undefined) await page.getByLabel('Ämne (valfritt)').selectOption(category);
  return submitBy(page, page.getByRole('button', { name: 'Skicka frågan' }));
}
