// The experts' dashboard as two social workers use it, at desktop width (and the queue
// once at phone width): enrolment through one-time links, claiming a question, redaction
// review, a house template, four-eyes review, signed publication checked in Node; stored
// XSS never runs in the dashboard; forged CSRF tokens and missing or ended sessions change
// nothing; axe-core on every dashboard page.
//
// run.sh gives this file a server of its own (RADFRAGA_E2E_EXPERT_URL) with a fresh data
// folder and the accounts anna (expert) and bo (admin), invited with enrolment links:
// each chooses a password and enrols TOTP here, once.
// The tests run in order and share the two experts' browser contexts. BUDGET: three
// questions asked (the main one, the XSS one and the no-script editor's); each account uses one TOTP code.
import './lib/use-expert-server.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import {
  BASE, launch, openContext, assertClean, goto, submitBy, checkAxe, screenshot, fillAskForm, assertVisible,
} from './lib/harness.mjs';
import {
  EXPERTS, totp, passwordLogin, readEnrolmentKey, submitCode, submitEnrolment, enrolmentPath, csrfOf,
} from './lib/expert.mjs';

// The asker's question: a name and a phone number the redactor must find.
const ASKED = {
  title: 'Får vi behålla barnbidraget när vi söker försörjningsstöd?',
  body: 'Hej! Jag heter Karin Sjöberg och är ensam med tre barn. Socialtjänsten räknar barnbidraget som inkomst ' +
    'och nu räcker pengarna inte till hyran. Stämmer det? Ring mig på 073-555 12 34 efter klockan fem.',
  pseudonym: 'Trebarnsmamma',
};
const ANSWER_TEXT = 'Ja, barnbidraget räknas som inkomst när försörjningsstödet beräknas. ' +
  'Du kan ändå ansöka om **bistånd till hyran** och få ett skriftligt beslut som du kan överklaga.';
// Stored XSS: both payloads in the title and in the text.
const PAYLOAD = '<script>alert(1)</script> "><img src=x onerror=alert(1)>';
const XSS = {
  title: `Fråga om bostadsbidrag ${PAYLOAD}`,
  body: `Jag undrar hur bostadsbidraget räknas ${PAYLOAD} när man får försörjningsstöd varje månad.`,
};

let browser, pub, a, b, anna, bo, asker;
const shared = {}; // question ids, filled in as the tests go

before(async () => {
  browser = await launch();
  pub = await openContext(browser, 'desktop');
  a = await openContext(browser, 'desktop');
  b = await openContext(browser, 'desktop');
  asker = await pub.context.newPage();
  anna = await a.context.newPage();
  bo = await b.context.newPage();
});
after(async () => {
  for (const x of [pub, a, b]) await x?.context.close().catch(() => {});
  await browser?.close();
});

// Nothing that must never happen happened; cleared afterwards so one failure is
// reported by the test it happened in.
function clean(...guards) {
  try {
    for (const g of guards) assertClean(g);
  } finally {
    for (const g of guards) for (const k of Object.keys(g)) g[k].length = 0;
  }
}

// The queue row for a question, found by its link.
function queueRow(page, title) {
  return page.locator('table.queue tbody tr').filter({ has: page.getByRole('link', { name: title, exact: true }) });
}

async function mainText(page) {
  return (await page.locator('main').textContent()).replace(/\s+/g, ' ');
}

async function askQuestion(fields) {
  await goto(asker, '/stall-en-fraga');
  const res = await fillAskForm(asker, fields);
  assert.equal(res.status(), 200, 'the question is received');
  await assertVisible(asker.getByRole('heading', { level: 1, name: /din fråga har kommit fram/ }), 'the asker gets a receipt');
  return asker.locator('.receipt-link a').getAttribute('href');
}

test('two experts enrol through their one-time links, then log in with password and TOTP', async () => {
  // Anna: axe on the login page and on the enrolment page.
  await goto(anna, '/expert/logga-in');
  await checkAxe(anna, 'dashboard-login', 'desktop');
  await goto(anna, enrolmentPath('anna'));
  await assertVisible(anna.getByRole('heading', { level: 1, name: `Välkommen till Rådfråga, ${EXPERTS.anna.name}` }));
  const annaKey = await readEnrolmentKey(anna);
  await checkAxe(anna, 'dashboard-enrolment', 'desktop');
  // A common password is refused, and so is a wrong code, with the same key still shown.
  await submitEnrolment(anna, 'Sommar2024sommar', totp(annaKey));
  assert.match(await mainText(anna), /för vanligt/);
  assert.equal(await readEnrolmentKey(anna), annaKey, 'the same key after a refused password');
  await submitEnrolment(anna, EXPERTS.anna.password, totp(annaKey, { offsetSteps: 10 }));
  assert.match(await mainText(anna), /Koden stämmer inte/);
  assert.equal(await readEnrolmentKey(anna), annaKey, 'the same key after a wrong code');
  await submitEnrolment(anna, EXPERTS.anna.password, totp(annaKey));
  assert.match(anna.url(), /\/expert$/, 'Anna reaches the queue');
  await assertVisible(anna.getByRole('button', { name: `Logga ut (${EXPERTS.anna.name})` }));

  // Bo, in a separate browser context.
  await goto(bo, enrolmentPath('bo'));
  const boKey = await readEnrolmentKey(bo);
  assert.notEqual(boKey, annaKey, 'every expert gets a key of their own');
  const boCode = totp(boKey);
  await submitEnrolment(bo, EXPERTS.bo.password, boCode);
  assert.match(bo.url(), /\/expert$/, 'Bo reaches the queue');
  await assertVisible(bo.getByRole('button', { name: `Logga ut (${EXPERTS.bo.name})` }));

  // A link works once; Bo's code cannot be used again: a login with it stops at the
  // second factor.
  const x = await openContext(browser, 'desktop');
  try {
    const page = await x.context.newPage();
    await goto(page, enrolmentPath('bo'), 410);
    await assertVisible(page.getByRole('heading', { level: 1, name: 'Länken fungerar inte längre' }));
    await passwordLogin(page, 'bo');
    await assertVisible(page.getByRole('heading', { level: 1, name: 'Engångskod' }));
    assert.equal(await page.locator('#totp-nyckel').count(), 0, 'the key is never shown again');
    await submitCode(page, boCode);
    assert.match(page.url(), /\/expert\/tvafaktor$/);
    assert.match(await mainText(page), /Koden stämmer inte/, 'a replayed code is refused');
    await goto(page, '/expert');
    assert.match(page.url(), /\/expert\/tvafaktor$/, 'no queue without the second factor');
    clean(x.guard);
  } finally {
    await x.context.close();
  }
  clean(a.guard, b.guard);
});

test('Anna takes a new question, accepts the redactions and answers with the opening template', async () => {
  shared.receipt = await askQuestion(ASKED);

  await goto(anna, '/expert');
  const row = queueRow(anna, ASKED.title);
  await row.waitFor();
  assert.match(await row.textContent(), /Ny/, 'the question is new');
  await checkAxe(anna, 'dashboard-queue', 'desktop');
  await screenshot(anna, 'desktop-dashboard-queue');

  await submitBy(anna, row.getByRole('link', { name: ASKED.title }));
  shared.id = anna.url().match(/\/expert\/fraga\/(\d+)$/)[1];
  await submitBy(anna, anna.getByRole('button', { name: 'Ta frågan' }));
  assert.match(anna.url(), new RegExp(`/expert/fraga/${shared.id}\\?ok=tagen#meddelande$`));
  assert.match(await anna.locator('main > p.meta').textContent(), /Hos Anna Berg/);
  await assertVisible(anna.getByRole('status'), 'a confirmation is shown');

  // The original with the redactor's findings highlighted by type.
  const marks = anna.locator('.original mark.pii');
  const marked = await marks.evaluateAll((ms) => ms.map((m) => ({ type: m.dataset.type, text: m.textContent })));
  assert.ok(marked.some((m) => /Karin Sjöberg/.test(m.text) && /\[namn\]/.test(m.text)), `the name is marked: ${JSON.stringify(marked)}`);
  assert.ok(marked.some((m) => /073-555 12 34/.test(m.text) && /telefon/.test(m.text)), `the phone number is marked: ${JSON.stringify(marked)}`);
  assert.ok(new Set(marked.map((m) => m.type)).size >= 2, 'marked by type');
  const boxes = anna.getByRole('group', { name: 'Förslag' }).getByRole('checkbox');
  assert.ok(await boxes.count() >= 2, 'one checkbox per finding');
  for (const box of await boxes.all()) assert.ok(await box.isChecked(), 'findings are ticked by default');
  await checkAxe(anna, 'dashboard-case', 'desktop');
  await screenshot(anna, 'desktop-dashboard-case');
  assert.equal(await anna.locator('#lamna-sidan, footer').count(), 0, 'no public quick-exit bar or footer');

  // The case page at the narrowest phone width: nothing wider than the screen.
  await anna.setViewportSize({ width: 360, height: 740 });
  try {
    await anna.reload();
    const { overflow, wide } = await anna.evaluate(() => ({
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      wide: [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)}px)`),
    }));
    assert.ok(overflow <= 0, `the case page is ${overflow}px wider than a 360 px screen: ${wide.join(', ')}`);
    await checkAxe(anna, 'dashboard-case', 'phone');
    await screenshot(anna, 'phone-dashboard-case');
  } finally {
    await anna.setViewportSize({ width: 1280, height: 900 });
  }

  // One editor: the text to be published is the one source. A hand edit, then a proposal
  // switched off and on again: each toggle changes only its own span, the hand edit stays.
  const textBox = anna.getByLabel('Text som publiceras');
  const initial = await textBox.inputValue();
  assert.doesNotMatch(initial, /Karin|Sjöberg|073-555/, 'the ticked proposals are applied in the text');
  await textBox.fill(initial.replace('Stämmer det?', 'Stämmer det verkligen?'));
  const phoneBox = anna.getByRole('checkbox', { name: /073-555 12 34/ });
  await phoneBox.uncheck();
  assert.match(await textBox.inputValue(), /073-555 12 34/, 'unticked: the number is back in its place');
  assert.match(await textBox.inputValue(), /Stämmer det verkligen\?/, 'the hand edit stays');
  await phoneBox.check();
  assert.match(await textBox.inputValue(), /Stämmer det verkligen\?/, 'the hand edit stays');
  await submitBy(anna, anna.getByRole('button', { name: 'Spara texten som granskad' }));
  assert.match(anna.url(), /\?ok=granskad#meddelande$/);
  const text = await anna.getByLabel('Text som publiceras').inputValue();
  assert.match(text, /Stämmer det verkligen\?/, 'the hand edit is saved');
  assert.doesNotMatch(text, /Karin|Sjöberg|073-555|12 34/, 'no name or phone number left');
  assert.match(text, /\[namn\]/);
  assert.match(text, /Socialtjänsten räknar barnbidraget som inkomst/, 'the rest of the text is kept');
  await assertVisible(anna.locator('.tag', { hasText: 'Granskad' }));

  // The opening template, inserted at the cursor without a round trip, then her answer.
  const answer = anna.getByLabel(/^Svar \(Markdown/);
  assert.equal(await answer.inputValue(), '', 'no draft yet');
  await anna.getByLabel('Husmall').selectOption({ label: 'Inledning' });
  const before = anna.url();
  await anna.getByRole('button', { name: 'Infoga mallen' }).click();
  assert.equal(anna.url(), before, 'inserting the template needs no round trip');
  assert.match(await answer.inputValue(), /^Hej!\s+Tack för att du skriver till oss\./);
  await answer.focus();
  await anna.keyboard.press('Control+End');
  await anna.keyboard.type(`\n\n${ANSWER_TEXT}`);
  assert.match(await answer.inputValue(), /Tack för att du skriver till oss\.\n\nJa, barnbidraget/);

  // The plain-language panel follows the typing (JavaScript): a LIX gauge against the
  // target and the jargon with its plain alternative; it blocks nothing.
  const panel = anna.locator('#klarsprak');
  await panel.locator('meter#lix-matare').waitFor();
  assert.match(await panel.textContent(), /målet är högst 40/);
  await panel.locator('mark.jargon', { hasText: /^bistånd$/ }).waitFor();
  assert.match((await panel.textContent()).replace(/\s+/g, ' '), /skriv hellre: hjälp, stöd/);
  await answer.focus();
  await anna.keyboard.type(' Den enskildes biståndsbedömning och insatsernas verkställighet utreds av handläggaren.');
  await panel.locator('mark.jargon', { hasText: 'verkställighet' }).waitFor();

  await submitBy(anna, anna.getByRole('button', { name: 'Skicka till granskning' }));
  assert.match(anna.url(), /\?ok=skickad#meddelande$/);
  assert.match(await anna.locator('main > p.meta').textContent(), /Väntar på kollega/);
  clean(pub.guard, a.guard);
});

test('Anna cannot publish her own answer, in the page or by a hand-made request', async () => {
  assert.ok(shared.id, 'the previous test made the question');
  const panel = anna.locator('section', { has: anna.getByRole('heading', { name: 'Granskning' }) });
  assert.match(await panel.textContent(), /Du skrev svaret\. En kollega måste granska och publicera det\./);
  assert.equal(await anna.getByRole('button', { name: 'Godkänn och publicera' }).count(), 0);
  assert.equal(await anna.getByRole('button', { name: 'Skicka tillbaka' }).count(), 0);

  // A POST with her own, valid CSRF token: refused by the four-eyes rule.
  const res = await a.context.request.post(`${BASE}/expert/fraga/${shared.id}/publicera`, {
    form: { csrf: await csrfOf(anna) }, maxRedirects: 0,
  });
  assert.equal(res.status(), 303);
  assert.match(res.headers().location, /\?fel=own_answer#meddelande$/);
  const back = new URL(res.headers().location, BASE);
  await goto(anna, back.pathname + back.search);
  assert.match(await anna.getByRole('alert').textContent(), /\S/, 'the refusal is explained');
  assert.match(await anna.locator('main > p.meta').textContent(), /Väntar på kollega/, 'still awaiting review');
  assert.equal((await fetch(`${BASE}/fraga/${shared.id}`)).status, 404, 'nothing published');
  assert.equal((await fetch(`${BASE}/api/v1/questions/${shared.id}`)).status, 404, 'nothing in the API');
  clean(a.guard);
});

test('Bo approves; the public page shows the redacted question, the answer and a signature that verifies', async () => {
  assert.ok(shared.id, 'the previous tests made the question');
  await goto(bo, '/expert');
  const row = queueRow(bo, ASKED.title);
  assert.match(await row.textContent(), /Väntar på kollega/, 'Bo sees it awaiting review');
  await submitBy(bo, row.getByRole('link', { name: ASKED.title }));
  assert.match(await bo.locator('section', { has: bo.getByRole('heading', { name: 'Granskning' }) }).textContent(),
    /Skrivet av Anna Berg/, 'Bo sees who wrote it');

  const preview = bo.locator('.preview');
  const shown = (await preview.textContent()).replace(/\s+/g, ' ');
  assert.match(shown, /borttaget: namn/);
  assert.doesNotMatch(shown, /Karin|Sjöberg|073-555/, 'the reviewer sees what will be published');
  assert.match(shown, /bistånd till hyran/);
  assert.equal(await preview.locator('strong', { hasText: 'bistånd till hyran' }).count(), 1, 'Markdown rendered');
  await assertVisible(bo.getByRole('button', { name: 'Godkänn och publicera' }));
  // The reviewer checks the redaction: the original beside the public text, what was
  // removed struck through.
  const check = bo.locator('.redaction-check');
  const removed = await check.locator('del').allTextContents();
  assert.ok(removed.some((t) => /Karin Sjöberg/.test(t)), `the removed name is shown: ${removed}`);
  assert.ok(removed.some((t) => /073-555 12 34/.test(t)), `the removed number is shown: ${removed}`);
  assert.match(await check.locator('ins').first().textContent(), /\[(namn|telefonnummer)\]/);
  await checkAxe(bo, 'dashboard-review', 'desktop');

  await submitBy(bo, bo.getByRole('button', { name: 'Godkänn och publicera' }));
  assert.match(bo.url(), /\?ok=publicerad#meddelande$/);
  assert.match(await bo.locator('main > p.meta').textContent(), /Publicerad/);
  await assertVisible(bo.getByRole('link', { name: 'Se den publika sidan' }));

  // The public page.
  await goto(asker, `/fraga/${shared.id}`);
  const page = await mainText(asker);
  assert.doesNotMatch(page, /Karin|Sjöberg|073-555|12 34/, 'no name or phone number in public');
  assert.match(page, /borttaget: namn/);
  assert.match(page, /Socialtjänsten räknar barnbidraget som inkomst/);
  assert.match(page, /Stämmer det verkligen\?/, 'the hand edit is published');
  assert.match(page, /Tack för att du skriver till oss/);
  assert.match(page, /bistånd till hyran/);
  assert.match(page, /elektroniskt signerat/);

  // The signature, checked with the published key over the canonical record.
  const api = await fetch(`${BASE}/api/v1/questions/${shared.id}`);
  assert.equal(api.status, 200);
  const r = await api.json();
  const keyRes = await fetch(`${BASE}/.well-known/radfraga-signing-key.pem`);
  assert.equal(keyRes.status, 200);
  const pem = await keyRes.text();
  assert.match(pem, /^-----BEGIN PUBLIC KEY-----/);
  const publicKey = crypto.createPublicKey(pem);
  assert.equal(publicKey.asymmetricKeyType, 'ed25519');
  assert.doesNotMatch(r.question, /Karin|073-555/, 'the API has the redacted question');
  assert.match(r.answer, /bistånd till hyran/);
  const field = (name, value) => {
    const v = Buffer.from(String(value), 'utf8');
    return Buffer.concat([Buffer.from(`${name}:${v.length}:`), v, Buffer.from('\n')]);
  };
  const record = (x) => Buffer.concat([Buffer.from('radfraga-answer-v1\n'),
    field('question_id', x.id), field('version', x.answer_version), field('published_at', x.answered_at),
    field('title', x.title), field('question', x.question), field('answer', x.answer),
    field('signature_name', x.signature)]);
  assert.match(r.answer_signature, /^[A-Za-z0-9_-]{86}$/, 'unpadded base64url of 64 bytes');
  const signature = Buffer.from(r.answer_signature, 'base64url');
  assert.equal(signature.length, 64);
  assert.ok(crypto.verify(null, record(r), publicKey, signature), 'the Ed25519 signature verifies');
  assert.ok(!crypto.verify(null, record({ ...r, answer: r.answer + ' ' }), publicKey, signature), 'a changed answer does not');
  assert.ok(!crypto.verify(null, record({ ...r, answer_version: r.answer_version + 1 }), publicKey, signature), 'nor a changed version');
  clean(pub.guard, b.guard);
});

test('the asker says on the receipt, without JavaScript, whether the answer was understood', async () => {
  assert.ok(shared.receipt, 'the first test asked the question');
  const nojs = await openContext(browser, 'desktop', { javaScriptEnabled: false });
  try {
    const page = await nojs.context.newPage();
    await goto(page, shared.receipt);
    const section = page.locator('section#forstod');
    await assertVisible(section.getByRole('heading', { name: 'Förstod du svaret?' }));
    await section.getByLabel('Delvis').check();
    await submitBy(page, section.getByRole('button', { name: 'Skicka' }));
    assert.match(page.url(), /\?forstod=tack#forstod$/);
    await assertVisible(page.getByText('Tack! Ditt svar är sparat.'));
    assert.ok(await page.locator('section#forstod').getByLabel('Delvis').isChecked(), 'the vote is shown');
    // Changeable: one vote per receipt (a change replaces the comment too).
    await page.locator('section#forstod').getByLabel('Ja').check();
    await page.locator('section#forstod').getByLabel(/Vill du berätta vad som var svårt/).fill('Ordet bistånd var svårt.');
    await submitBy(page, page.locator('section#forstod').getByRole('button', { name: 'Skicka' }));
    assert.ok(await page.locator('section#forstod').getByLabel('Ja').isChecked());
    clean(nojs.guard);
  } finally {
    await nojs.context.close().catch(() => {});
  }
  // The comment is for the admins' statistics page only, redacted; never public.
  await goto(bo, '/expert/statistik');
  assert.match(await mainText(bo), /Förstod frågeställarna svaren\?/);
  assert.match(await mainText(bo), /Ordet bistånd var svårt\./);
  await goto(asker, `/fraga/${shared.id}`);
  assert.doesNotMatch(await mainText(asker), /Ordet bistånd var svårt/);
  clean(pub.guard, b.guard);
});

test('stored XSS in a question never runs in the queue, the case page or the review', async () => {
  await askQuestion(XSS);
  const noInjectedMarkup = async (page, where) => {
    assert.equal(await page.locator('img[src="x"], img[onerror]').count(), 0, `no injected image in ${where}`);
    const scripts = await page.locator('script').evaluateAll((ss) => ss.map((s) => s.src || s.textContent));
    assert.ok(scripts.every((s) => /\/static\/app\.js/.test(s)), `only the site's script in ${where}: ${scripts}`);
  };

  await goto(anna, '/expert');
  const link = anna.getByRole('link', { name: XSS.title, exact: true });
  await link.waitFor();
  await noInjectedMarkup(anna, 'the queue');
  await submitBy(anna, link);
  shared.xssId = anna.url().match(/\/expert\/fraga\/(\d+)$/)[1];
  assert.equal(await anna.getByRole('heading', { level: 1 }).textContent(), XSS.title, 'the title shows as text');
  await noInjectedMarkup(anna, 'the unclaimed case page');

  await submitBy(anna, anna.getByRole('button', { name: 'Ta frågan' }));
  assert.ok((await anna.locator('.original').textContent()).includes(PAYLOAD), 'the original shows the payload as text');
  assert.equal(await anna.getByLabel('Rubrik som publiceras').inputValue(), XSS.title, 'attribute values are escaped');
  assert.ok((await anna.getByLabel('Text som publiceras').inputValue()).includes(PAYLOAD));
  await noInjectedMarkup(anna, 'the claimed case page');
  await submitBy(anna, anna.getByRole('button', { name: 'Spara texten som granskad' }));
  await anna.getByLabel(/^Svar \(Markdown/).fill(`Svar med ${PAYLOAD} i texten.`);
  await submitBy(anna, anna.getByRole('button', { name: 'Skicka till granskning' }));
  await noInjectedMarkup(anna, 'her review panel');

  // Bo reviews it (the preview renders question and answer) and sends it back with a
  // comment that holds the payload too; Anna reads the comment.
  await goto(bo, `/expert/fraga/${shared.xssId}`);
  await noInjectedMarkup(bo, 'the review preview');
  assert.ok((await bo.locator('.preview').textContent()).includes(PAYLOAD));
  await bo.getByLabel('Skicka tillbaka med kommentar').fill(`Skriv om: ${PAYLOAD}`);
  await submitBy(bo, bo.getByRole('button', { name: 'Skicka tillbaka' }));
  assert.match(bo.url(), /\?ok=tillbaka#meddelande$/);
  await goto(anna, `/expert/fraga/${shared.xssId}`);
  assert.ok((await anna.getByRole('note').filter({ hasText: 'Kommentar från granskningen' }).textContent()).includes(PAYLOAD));
  await noInjectedMarkup(anna, 'the returned case page');
  // The harness records any dialog (alert) and any CSP report: there must be none.
  clean(pub.guard, a.guard, b.guard);
});

// The one redaction editor without JavaScript: the server applies the proposals the
// expert toggled ("Använd de valda förslagen"), each to its own span, and a hand edit
// made in the same form stays. Anna's session is carried over into a context without
// script (a new login would need a second TOTP code).
const NOJS = {
  title: 'Kan jag få hjälp med elräkningen när jag har skulder?',
  body: 'Hej, jag heter Tove Lindqvist och har skulder hos Kronofogden. Elbolaget hotar att stänga av strömmen. ' +
    'Kan socialtjänsten hjälpa till med räkningen? Nå mig på 070-123 45 67.',
  pseudonym: 'Elräkningen',
};
test('without JavaScript: the redaction editor keeps hand edits while proposals are toggled; the plain-language check shows on saving', async () => {
  await askQuestion(NOJS);
  const noJs = await openContext(browser, 'desktop', { javaScriptEnabled: false });
  try {
    await noJs.context.addCookies(await a.context.cookies());
    const page = await noJs.context.newPage();
    await goto(page, '/expert');
    await submitBy(page, page.getByRole('link', { name: NOJS.title, exact: true }));
    await submitBy(page, page.getByRole('button', { name: 'Ta frågan' }));
    const textBox = page.getByLabel('Text som publiceras');
    const initial = await textBox.inputValue();
    assert.doesNotMatch(initial, /Tove|Lindqvist|070-123/, 'the ticked proposals are applied by the server');

    // A hand edit and an untick in one submission of the no-script button.
    await textBox.fill(initial.replace('hjälpa till med räkningen?', 'hjälpa mig med räkningen?'));
    await page.getByRole('checkbox', { name: /070-123 45 67/ }).uncheck();
    await submitBy(page, page.getByRole('button', { name: 'Använd de valda förslagen' }));
    let text = await page.getByLabel('Text som publiceras').inputValue();
    assert.match(text, /hjälpa mig med räkningen\?/, 'the hand edit stays');
    assert.match(text, /070-123 45 67/, 'unticked: the number is back in its place');
    assert.doesNotMatch(text, /Tove|Lindqvist/, 'the name stays removed');
    assert.equal(await page.getByRole('checkbox', { name: /070-123 45 67/ }).isChecked(), false);

    // Ticked again and saved: the number goes, the hand edit is what is saved.
    await page.getByRole('checkbox', { name: /070-123 45 67/ }).check();
    await submitBy(page, page.getByRole('button', { name: 'Spara texten som granskad' }));
    assert.match(page.url(), /\?ok=granskad#meddelande$/);
    text = await page.getByLabel('Text som publiceras').inputValue();
    assert.match(text, /hjälpa mig med räkningen\?/, 'the hand edit is saved');
    assert.doesNotMatch(text, /Tove|Lindqvist|070-123|45 67/, 'no name or number left');

    // The plain-language check without script: saving the draft shows it on the page
    // (LIX gauge, jargon with its alternative), and it blocks nothing.
    await page.getByLabel(/^Svar \(Markdown/).fill('Hej! Din ansökan om ekonomiskt bistånd handläggs enligt ' +
      'biståndsbedömningen. Den enskilde får ett beslut om insatsens verkställighet.');
    await submitBy(page, page.getByRole('button', { name: 'Spara utkast' }));
    const panel = page.locator('#klarsprak');
    assert.equal(await panel.locator('meter#lix-matare').count(), 1, 'the LIX gauge is drawn by the server');
    const said = (await panel.textContent()).replace(/\s+/g, ' ');
    assert.match(said, /Läsbarhet: LIX \d+/);
    assert.match(said, /målet är högst 40/);
    assert.ok(await panel.locator('mark.jargon', { hasText: 'verkställighet' }).count() >= 1, `jargon marked: ${said}`);
    assert.match(said, /skriv hellre:/);
    // (No axe run here: axe is a script, and this context runs none.)
    clean(noJs.guard);
  } finally {
    await noJs.context.close().catch(() => {});
  }
});

test('admins see templates and statistics; the queue works at phone width', async () => {
  await goto(bo, '/expert/mallar');
  await assertVisible(bo.getByRole('heading', { level: 1 }));
  await checkAxe(bo, 'dashboard-templates', 'desktop');
  await goto(bo, '/expert/statistik');
  await assertVisible(bo.getByRole('heading', { level: 1 }));
  await checkAxe(bo, 'dashboard-statistics', 'desktop');

  // Anna is no admin: no links to those pages and no access.
  await goto(anna, '/expert');
  assert.equal(await anna.getByRole('link', { name: 'Mallar' }).count(), 0);
  assert.equal((await a.context.request.get(`${BASE}/expert/statistik`)).status(), 403);
  assert.equal((await a.context.request.get(`${BASE}/expert/mallar`)).status(), 403);

  // The queue at phone width: nothing wider than the screen, axe clean.
  await anna.setViewportSize({ width: 390, height: 844 });
  try {
    await goto(anna, '/expert');
    await queueRow(anna, XSS.title).waitFor();
    const { overflow, wide } = await anna.evaluate(() => ({
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      wide: [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)}px)`),
    }));
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone screen: ${wide.join(', ')}`);
    await checkAxe(anna, 'dashboard-queue', 'phone');
    await screenshot(anna, 'phone-dashboard-queue');
  } finally {
    await anna.setViewportSize({ width: 1280, height: 900 });
  }
  clean(a.guard, b.guard);
});

test('a forged or missing CSRF token is refused with 403 and changes nothing', async () => {
  assert.ok(shared.xssId, 'the XSS test made the question');
  const here = `/expert/fraga/${shared.xssId}`;
  await goto(anna, here);
  const historyBefore = await anna.locator('ol.history li').count();
  const draftBefore = await anna.getByLabel(/^Svar \(Markdown/).inputValue();

  // "Lämna tillbaka frågan till kön" with a changed token, posted by the page itself.
  const release = anna.locator('form', { has: anna.getByRole('button', { name: 'Lämna tillbaka frågan till kön' }) });
  await release.locator('input[name="csrf"]').evaluate((i) => { i.value = i.value.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')); });
  let res = await submitBy(anna, release.getByRole('button'));
  assert.equal(res.status(), 403);
  assert.match(await anna.locator('body').textContent(), /Ogiltig förfrågan/);

  // "Skicka till granskning" with no token at all.
  await goto(anna, here);
  const answerForm = anna.locator('#svarsformular');
  await answerForm.locator('input[name="csrf"]').evaluate((i) => i.remove());
  await anna.getByLabel(/^Svar \(Markdown/).fill('Ett annat svar som inte får sparas.');
  res = await submitBy(anna, anna.getByRole('button', { name: 'Skicka till granskning' }));
  assert.equal(res.status(), 403);

  // Logout with a forged token does not end the session.
  await goto(anna, '/expert');
  await anna.locator('form[action="/expert/logga-ut"] input[name="csrf"]').evaluate((i) => { i.value = 'forged'; });
  res = await submitBy(anna, anna.getByRole('button', { name: /Logga ut/ }));
  assert.equal(res.status(), 403);

  // Nothing changed: still hers, same state, same draft, no new history.
  await goto(anna, here);
  assert.match(await anna.locator('main > p.meta').textContent(), /Hos Anna Berg/);
  assert.match(await anna.locator('main > p.meta').textContent(), /Utkast/);
  assert.equal(await anna.getByLabel(/^Svar \(Markdown/).inputValue(), draftBefore);
  assert.equal(await anna.locator('ol.history li').count(), historyBefore, 'no new history');
  clean(a.guard);
});

test('without a session, or after logout, the dashboard sends people to the login page', async () => {
  const x = await openContext(browser, 'desktop');
  try {
    // No cookie, and a cookie no session has.
    const page = await x.context.newPage();
    for (const route of ['/expert', `/expert/fraga/${shared.id || 1}`, '/expert/statistik']) {
      await goto(page, route);
      assert.match(page.url(), /\/expert\/logga-in$/, `${route} without a session`);
    }
    const refused = await x.context.request.post(`${BASE}/expert/fraga/${shared.xssId || 1}/ta`, { form: { csrf: 'x' }, maxRedirects: 0 });
    assert.equal(refused.status(), 403, 'a POST without a session is refused');
    const cookies = await b.context.cookies(BASE);
    const session = cookies.find((c) => c.name.includes('radfraga'));
    assert.ok(session, 'Bo has a session cookie');
    assert.ok(session.httpOnly, 'HttpOnly');
    assert.equal(session.sameSite, 'Strict');
    await x.context.addCookies([{ ...session, value: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }]);
    await goto(page, '/expert');
    assert.match(page.url(), /\/expert\/logga-in$/, 'an unknown session');

    // Bo logs out; his old cookie no longer works anywhere (ended server-side).
    await goto(bo, '/expert');
    await submitBy(bo, bo.getByRole('button', { name: /Logga ut/ }));
    assert.match(bo.url(), /\/expert\/logga-in$/);
    await goto(bo, '/expert');
    assert.match(bo.url(), /\/expert\/logga-in$/);
    await x.context.clearCookies();
    await x.context.addCookies([session]);
    await goto(page, '/expert');
    assert.match(page.url(), /\/expert\/logga-in$/, 'the old session cookie is dead');
    clean(x.guard, b.guard);
  } finally {
    await x.context.close();
  }
});
