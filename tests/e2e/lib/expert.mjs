// The experts' side of the end-to-end tests: TOTP codes as an authenticator app makes
// them, enrolment through the one-time link, login, and the session's CSRF token.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { goto, submitBy } from './harness.mjs';

// run.sh creates these accounts (anna: expert, bo: admin) before the server starts: for
// dashboard.test.mjs with these passwords and TOTP keys (user add --password-stdin
// --totp-secret-stdin), for expert.test.mjs with enrolment links where they choose these
// passwords (the keys are then the ones the enrolment page shows).
export const EXPERTS = {
  anna: { password: 'anna-e2e-lösenord-1', name: 'Anna Berg', key: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
  bo: { password: 'bo-e2e-lösenord-22', name: 'Bo Ek', key: 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF' },
};

// The path of `user`'s enrolment link (run.sh: RADFRAGA_E2E_LINKS, for expert.test.mjs).
export function enrolmentPath(user) {
  const links = JSON.parse(fs.readFileSync(process.env.RADFRAGA_E2E_LINKS, 'utf8'));
  return new URL(links[user]).pathname;
}

// RFC 4648 base32 (the manual key is shown in groups of four; padding optional).
export function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const out = [];
  for (const c of text.replace(/[\s=-]/g, '').toUpperCase()) {
    const i = alphabet.indexOf(c);
    if (i < 0) throw new Error(`not base32: ${c}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 0xff); bits -= 8; }
  }
  return Buffer.from(out);
}

// RFC 6238 TOTP: HMAC-SHA1 over the 30-second step, dynamic truncation, 6 digits.
export function totp(key, { at = Date.now(), offsetSteps = 0 } = {}) {
  const step = Math.floor(at / 1000 / 30) + offsetSteps;
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const h = crypto.createHmac('sha1', base32Decode(key)).update(msg).digest();
  const o = h[h.length - 1] & 0x0f;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

// Username and password on /expert/logga-in; ends on the second-factor page.
export async function passwordLogin(page, user) {
  await goto(page, '/expert/logga-in');
  await page.getByLabel('Användarnamn').fill(user);
  await page.getByLabel('Lösenord').fill(EXPERTS[user].password);
  await submitBy(page, page.getByRole('button', { name: 'Logga in' }));
  assert.match(page.url(), /\/expert\/tvafaktor$/, `${user}: the password leads to the second factor`);
}

// The enrolment page: the manual key (and the sealed pending key).
export async function readEnrolmentKey(page) {
  const key = (await page.locator('#totp-nyckel').textContent()).trim();
  assert.match(key, /^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/, 'a grouped base32 key is shown');
  // A QR code drawn on the server, and the same key as a link an authenticator app opens.
  const qr = page.getByRole('img', { name: /QR-kod/ });
  assert.ok(await qr.isVisible(), 'a QR code is shown');
  assert.ok((await qr.boundingBox()).width >= 150, 'the QR code is big enough to scan');
  const href = await page.locator('a[href^="otpauth://totp/"]').getAttribute('href');
  assert.equal(new URL(href).searchParams.get('secret'), key.replace(/ /g, ''), 'the link holds the key shown');
  const pending = await page.locator('input[type="hidden"][name="pending"]').getAttribute('value');
  assert.ok(pending && pending.length > 20, 'the key travels sealed in the hidden pending field');
  return key;
}

export async function submitCode(page, code) {
  await page.getByLabel('Engångskod').fill(code);
  return submitBy(page, page.getByRole('button', { name: /Fortsätt|Aktivera/ }));
}

// The enrolment page's form: the password twice and a code; submitted.
export async function submitEnrolment(page, password, code, again = password) {
  await page.getByLabel('Nytt lösenord').fill(password);
  await page.getByLabel('Samma lösenord en gång till').fill(again);
  await page.getByLabel('Engångskod från appen').fill(code);
  return submitBy(page, page.getByRole('button', { name: 'Spara och logga in' }));
}

export async function csrfOf(page) {
  const v = await page.locator('input[name="csrf"]').first().getAttribute('value');
  assert.ok(v && v.length >= 16, 'the page carries a CSRF token');
  return v;
}
