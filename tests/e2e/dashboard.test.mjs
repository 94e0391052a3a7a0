// The experts' dashboard as two social workers use it: login with TOTP, claiming,
// redaction review, a house template, four-eyes review, signed publication; stored XSS
// never runs in the dashboard; forged CSRF changes nothing; axe on each dashboard page.
// run.sh creates the accounts anna (expert) and bo (admin) before the server starts, with
// the passwords and TOTP keys of EXPERTS (lib/expert.mjs); enrolment is expert.test.mjs's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { BASE, launch, openContext, assertClean, goto, submitBy, checkAxe, screenshot, fillAskForm } from './lib/harness.mjs';
import { EXPERTS } from './lib/expert.mjs';

// RFC 4648 base32 and RFC 6238 TOTP (SHA-1, 30 s, 6 digits), as an authenticator app does.
function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}
function totp(key, offsetSteps = 0) {
  const step = Math.floor(Date.now() / 1000 / 30) + offsetSteps;
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const h = crypto.createHmac('sha1', base32(key)).update(msg).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

const PASSWORDS = Object.fromEntries(Object.entries(EXPERTS).map(([u, e]) => [u, e.password]));
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Logs in with password and a one-time code; checks axe on both pages.
async function loginWithCode(context, user, checkPages) {
  const page = await context.newPage();
  await goto(page, '/expert/logga-in');
  if (checkPages) await checkAxe(page, 'expert-login', 'desktop');
  await page.getByLabel('Användarnamn').fill(user);
  await page.getByLabel('Lösenord').fill(PASSWORDS[user]);
  await submitBy(page, page.getByRole('button', { name: 'Logga in' }));
  assert.match(page.url(), /\/expert\/tvafaktor$/);
  assert.equal(await page.locator('#totp-nyckel').count(), 0, 'the key is never shown at login');
  if (checkPages) await checkAxe(page, 'expert-totp', 'desktop');
  await page.getByLabel('Engångskod').fill(totp(EXPERTS[user].key));
  await submitBy(page, page.getByRole('button', { name: 'Fortsätt' }));
  assert.match(page.url(), /\/expert$/);
  return page;
}

async function csrfOf(page) {
  return page.locator('input[name="csrf"]').first().getAttribute('value');
}

test('two experts answer, review and publish a signed answer', async () => {
  // An asker writes in with personal details.
  const pub = await openContext(browser, 'desktop');
  const asker = await pub.context.newPage();
  await goto(asker, '/stall-en-fraga');
  const title = 'Räknas hyran in i försörjningsstödet för oss i juni?';
  await fillAskForm(asker, {
    title,
    body: 'Hej! Jag heter Lisa Bergström och bor med två barn. Min handläggare säger att hyran är för hög. Ring mig på 070-987 65 43.',
    pseudonym: 'Ensamstående mamma',
  });
  // And someone tries stored XSS.
  await goto(asker, '/stall-en-fraga');
  const payload = `<script>alert(1)</script>"><img src=x onerror=alert(2)>`;
  const xssTitle = `Fråga om bidrag ${payload}`;
  await fillAskForm(asker, { title: xssTitle, body: `Min fråga om bidrag ${payload} och mer text här.` });

  const a = await openContext(browser, 'desktop');
  const b = await openContext(browser, 'desktop');
  try {
    const anna = await loginWithCode(a.context, 'anna', true);
    const bo = await loginWithCode(b.context, 'bo', false);

    // Anna finds the question in the queue and takes it.
    await anna.getByRole('link', { name: title }).waitFor();
    await checkAxe(anna, 'expert-queue', 'desktop');
    await screenshot(anna, 'desktop-expert-queue');
    // The XSS question shows as text in the queue and on its case page, and never runs
    // (the guard fails the test on any dialog or script error).
    const xssLink = anna.getByRole('link', { name: xssTitle });
    await xssLink.waitFor();
    await submitBy(anna, xssLink);
    await submitBy(anna, anna.getByRole('button', { name: 'Ta frågan' }));
    assert.match(await anna.locator('main').textContent(), /<script>alert\(1\)<\/script>/);
    assert.equal(await anna.locator('main img').count(), 0);
    await submitBy(anna, anna.getByRole('button', { name: 'Lämna tillbaka frågan till kön' }));
    await goto(anna, '/expert');
    await submitBy(anna, anna.getByRole('link', { name: title }));
    const caseUrl = anna.url();
    const id = caseUrl.match(/\/expert\/fraga\/(\d+)/)[1];
    await submitBy(anna, anna.getByRole('button', { name: 'Ta frågan' }));

    // The redactor's findings are highlighted by type; she accepts them.
    const marks = anna.locator('mark.pii');
    assert.ok(await marks.count() >= 2, 'name and phone number are highlighted');
    assert.match(await anna.locator('.original').textContent(), /Lisa Bergström/);
    await checkAxe(anna, 'expert-case', 'desktop');
    await screenshot(anna, 'desktop-expert-case');
    await submitBy(anna, anna.getByRole('button', { name: 'Spara texten som granskad' }));
    const text = await anna.getByLabel('Text som publiceras').inputValue();
    assert.doesNotMatch(text, /Lisa|070-987/);
    assert.match(text, /\[namn\]/);

    // She opens with the house template and writes the answer.
    await anna.getByLabel('Husmall').selectOption('inledning');
    await anna.getByRole('button', { name: 'Infoga mallen' }).click();
    const answer = anna.getByLabel(/^Svar \(Markdown/);
    assert.match(await answer.inputValue(), /Tack för att du skriver till oss/);
    await answer.press('End');
    await answer.type('\n\nJa, skälig hyra ingår i **försörjningsstödet**. Be om ett skriftligt beslut om du får avslag.');
    await submitBy(anna, anna.getByRole('button', { name: 'Skicka till granskning' }));
    assert.match(await anna.locator('main').textContent(), /Du skrev svaret/);

    // Four eyes: even a hand-made request from Anna cannot publish her own answer.
    const forged = await anna.request.post(`${BASE}/expert/fraga/${id}/publicera`, {
      form: { csrf: await csrfOf(anna) }, maxRedirects: 0,
    });
    assert.equal(forged.status(), 303);
    assert.match(forged.headers().location, /fel=own_answer/);
    assert.equal((await asker.goto(`${BASE}/fraga/${id}`)).status(), 404, 'nothing published');

    // Bo reviews what will be published and approves it.
    await goto(bo, `/expert/fraga/${id}`);
    await checkAxe(bo, 'expert-review', 'desktop');
    assert.match(await bo.locator('.preview').textContent(), /borttaget: namn/);
    await submitBy(bo, bo.getByRole('button', { name: 'Godkänn och publicera' }));

    // The public page: redacted question, the answer, a verifiable signature.
    await goto(asker, `/fraga/${id}`);
    const body = await asker.locator('main').textContent();
    assert.doesNotMatch(body, /Lisa|Bergström|070-987/);
    assert.match(body, /borttaget: namn/);
    assert.match(body, /skälig hyra ingår/);
    assert.match(body, /elektroniskt signerat/);
    const record = await (await fetch(`${BASE}/api/v1/questions/${id}`)).json();
    const pem = await (await fetch(`${BASE}/.well-known/radfraga-signing-key.pem`)).text();
    const field = (name, value) => `${name}:${Buffer.byteLength(value)}:${value}\n`;
    const canonical = 'radfraga-answer-v1\n' + field('question_id', String(record.id)) +
      field('version', String(record.answer_version)) + field('published_at', record.answered_at) +
      field('title', record.title) + field('question', record.question) + field('answer', record.answer) +
      field('signature_name', record.signature);
    const signature = Buffer.from(record.answer_signature, 'base64url');
    assert.ok(crypto.verify(null, Buffer.from(canonical), pem, signature), 'the Ed25519 signature verifies');
    assert.ok(!crypto.verify(null, Buffer.from(canonical + ' '), pem, signature), 'a changed record does not');

    // Admin pages.
    await goto(bo, '/expert/mallar');
    await checkAxe(bo, 'expert-templates', 'desktop');
    await goto(bo, '/expert/statistik');
    await checkAxe(bo, 'expert-statistics', 'desktop');

    // A forged CSRF token is refused and changes nothing; logging out ends the session.
    const refused = await bo.request.post(`${BASE}/expert/fraga/${id}/tillbaka`, {
      form: { csrf: 'forged', kommentar: 'x' }, maxRedirects: 0,
    });
    assert.equal(refused.status(), 403);
    await submitBy(bo, bo.getByRole('button', { name: /Logga ut/ }));
    assert.match(bo.url(), /\/expert\/logga-in$/);
    await goto(bo, '/expert');
    assert.match(bo.url(), /\/expert\/logga-in$/);

    assertClean(pub.guard);
    assertClean(a.guard);
    assertClean(b.guard);
  } finally {
    await pub.context.close();
    await a.context.close();
    await b.context.close();
  }
});

test('without the second factor there is no dashboard', async () => {
  // Password alone (Anna is enrolled already) stops at the second factor.
  const x = await openContext(browser, 'phone');
  try {
    const page = await x.context.newPage();
    await goto(page, '/expert/logga-in');
    await page.getByLabel('Användarnamn').fill('anna');
    await page.getByLabel('Lösenord').fill(PASSWORDS.anna);
    await submitBy(page, page.getByRole('button', { name: 'Logga in' }));
    assert.match(page.url(), /\/expert\/tvafaktor$/);
    await goto(page, '/expert');
    assert.match(page.url(), /\/expert\/tvafaktor$/, 'no dashboard without the second factor');
    assertClean(x.guard);
  } finally {
    await x.context.close();
  }
});
