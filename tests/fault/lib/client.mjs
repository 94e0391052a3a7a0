// HTTP clients for the fault tests: the asker's JSON API, an expert in the dashboard
// (password, TOTP enrolment at first login, CSRF, the four-eyes publication), and raw
// TCP requests bound to a chosen loopback address.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import net from 'node:net';
import { EXPERTS } from './server.mjs';

// ---- Asker (JSON API) -------------------------------------------------------------

// POST /api/v1/questions. Returns {status, token} (token when 201), or throws when the
// connection failed (the outcome is then unknown: the server may have died mid-write).
export async function ask(base, { title, question, pseudonym = 'Felsökare', category } = {}, timeoutMs = 15_000) {
  const body = { title, question, pseudonym };
  if (category) body.category = category;
  const r = await fetch(`${base}/api/v1/questions`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch {}
  return { status: r.status, token: r.status === 201 ? json?.receipt_token : null, json, text, headers: r.headers };
}

export async function receipt(base, token, timeoutMs = 15_000) {
  const r = await fetch(`${base}/api/v1/receipts/${token}`, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch {}
  return { status: r.status, json };
}

export async function withdraw(base, token, timeoutMs = 15_000) {
  const r = await fetch(`${base}/api/v1/receipts/${token}`, { method: 'DELETE', signal: AbortSignal.timeout(timeoutMs) });
  await r.arrayBuffer();
  return { status: r.status };
}

export async function followUp(base, token, text, timeoutMs = 15_000) {
  const r = await fetch(`${base}/api/v1/receipts/${token}/follow-ups`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  await r.arrayBuffer();
  return { status: r.status };
}

export async function getJson(base, pathAndQuery, timeoutMs = 15_000) {
  const r = await fetch(`${base}${pathAndQuery}`, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch {}
  return { status: r.status, json, text };
}

// Every published question id, from the paged list.
export async function publishedIds(base) {
  const ids = new Set();
  for (let page = 1; ; page++) {
    const r = await getJson(base, `/api/v1/questions?per_page=100&page=${page}`);
    assert.equal(r.status, 200, `GET /api/v1/questions page ${page}`);
    for (const q of r.json.questions) ids.add(String(q.id));
    if (r.json.questions.length === 0 || ids.size >= r.json.total) return { ids, total: r.json.total };
  }
}

// Search hits (ids) for a query, all pages.
export async function searchIds(base, q) {
  const ids = [];
  for (let page = 1; page < 50; page++) {
    const r = await getJson(base, `/api/v1/search?q=${encodeURIComponent(q)}&page=${page}`);
    assert.equal(r.status, 200, `GET /api/v1/search?q=${q}`);
    for (const h of r.json.hits) ids.push(String(h.id));
    if (ids.length >= r.json.total || r.json.hits.length === 0) return { ids, total: r.json.total };
  }
  return { ids, total: ids.length };
}

// ---- Expert -----------------------------------------------------------------------

// RFC 4648 base32 and RFC 6238 TOTP, as an authenticator app makes the codes.
function base32Decode(text) {
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
export function totp(key, at = Date.now()) {
  const step = Math.floor(at / 1000 / 30);
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const h = crypto.createHmac('sha1', base32Decode(key)).update(msg).digest();
  const o = h[h.length - 1] & 0x0f;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

const unescapeHtml = (s) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<')
  .replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function attr(html, name) {
  const m = html.match(new RegExp(`name="${name}"[^>]*value="([^"]*)"`)) ||
    html.match(new RegExp(`value="([^"]*)"[^>]*name="${name}"`));
  return m ? unescapeHtml(m[1]) : null;
}

// One expert's browser: a cookie, the CSRF token of the session. `base` may change
// (a restarted server on another port); the session lives in the database.
export class Expert {
  constructor(base, user) {
    this.base = base;
    this.user = user;
    this.cookie = '';
    this.csrf = '';
  }

  async request(method, p, form) {
    const headers = {};
    if (this.cookie) headers.cookie = this.cookie;
    let body;
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(form).toString();
    }
    const r = await fetch(`${this.base}${p}`, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      if (/Max-Age=0/i.test(c)) this.cookie = '';
      else this.cookie = pair;
    }
    const text = await r.text();
    const csrf = attr(text, 'csrf');
    if (csrf) this.csrf = csrf;
    return { status: r.status, location: r.headers.get('location') || '', text };
  }

  // Password, then the second factor: a code from the account's key (EXPERTS).
  async login() {
    const page = await this.request('GET', '/expert/logga-in');
    assert.equal(page.status, 200, 'the login page');
    const skydd = attr(page.text, 'skydd');
    assert.ok(skydd, 'the login form carries a form token');
    const r = await this.request('POST', '/expert/logga-in',
      { skydd, anvandare: this.user, losenord: EXPERTS[this.user].password });
    assert.equal(r.status, 303, `${this.user}: password accepted (${r.status})`);
    assert.match(r.location, /\/expert\/tvafaktor$/);
    const t = await this.request('GET', '/expert/tvafaktor');
    assert.equal(t.status, 200);
    const key = EXPERTS[this.user].key;
    const done = await this.request('POST', '/expert/tvafaktor', { csrf: this.csrf, kod: totp(key) });
    assert.equal(done.status, 303, `${this.user}: the one-time code is accepted (${done.status}: ${done.text.slice(0, 200)})`);
    assert.match(done.location, /\/expert$/);
    await this.queue(); // picks up the new session's CSRF token
  }

  // The queue: [{id, title}].
  async queue() {
    const r = await this.request('GET', '/expert');
    assert.equal(r.status, 200, `${this.user}: the queue (${r.status})`);
    return [...r.text.matchAll(/<a href="\/expert\/fraga\/(\d+)">([^<]*)<\/a>/g)]
      .map((m) => ({ id: m[1], title: unescapeHtml(m[2]) }));
  }

  async findInQueue(title) {
    const hit = (await this.queue()).find((q) => q.title === title || q.title.includes(title));
    return hit?.id ?? null;
  }

  async action(id, action, fields = {}) {
    const r = await this.request('POST', `/expert/fraga/${id}/${action}`, { csrf: this.csrf, ...fields });
    return r;
  }

  // Claim, accept every redaction finding, answer and submit for review.
  async prepare(id, answer) {
    let r = await this.action(id, 'ta');
    assert.match(r.location, /\?ok=tagen/, `${this.user} claims ${id}: ${r.status} ${r.location}`);
    const page = await this.request('GET', `/expert/fraga/${id}`);
    assert.equal(page.status, 200);
    const findings = {};
    for (const m of page.text.matchAll(/name="(f\d+)" value="1"/g)) findings[m[1]] = '1';
    r = await this.action(id, 'granskning', { satt: 'forslag', ...findings });
    assert.match(r.location, /\?ok=granskad/, `${this.user} reviews the redactions of ${id}: ${r.location}`);
    r = await this.action(id, 'svar', { svar: answer, signatur: '', satt: 'granskning' });
    assert.match(r.location, /\?ok=skickad/, `${this.user} submits ${id} for review: ${r.location}`);
  }

  async publish(id) {
    const r = await this.action(id, 'publicera');
    assert.match(r.location, /\?ok=publicerad/, `${this.user} publishes ${id}: ${r.status} ${r.location}`);
  }

  async caseStatus(id) {
    return (await this.request('GET', `/expert/fraga/${id}`)).status;
  }
}

// ---- Raw TCP ----------------------------------------------------------------------

// Sends `bytes` on a fresh connection (optionally from a chosen local address) and
// collects everything until the server closes or `timeoutMs` passes. Returns the
// parsed first response (status, headers) and how the connection ended.
export function rawRequest(port, bytes, { host = '127.0.0.1', localAddress, timeoutMs = 5000, halfClose = false } = {}) {
  return new Promise((resolve) => {
    const chunks = [];
    let ended = 'timeout';
    let settled = false;
    const sock = net.connect({ host, port, localAddress });
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      const raw = Buffer.concat(chunks);
      resolve({ ...parseResponse(raw), ended, raw });
    };
    const timer = setTimeout(finish, timeoutMs);
    sock.on('connect', () => {
      sock.write(bytes, () => { if (halfClose) sock.end(); });
    });
    sock.on('data', (d) => chunks.push(d));
    sock.on('end', () => { ended = 'closed'; finish(); });
    sock.on('error', (e) => { ended = e.code || 'error'; finish(); });
    sock.on('close', () => { if (ended === 'timeout') ended = 'closed'; finish(); });
  });
}

// The first HTTP response in a byte stream: status, lower-case header map (repeated
// fields joined with ", "), and how many responses the stream holds in all.
export function parseResponse(raw) {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (!text.startsWith('HTTP/') || end < 0) return { status: null, headers: {}, responses: 0 };
  const lines = text.slice(0, end).split('\r\n');
  const status = Number(lines[0].split(' ')[1]);
  const headers = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i < 0) continue;
    const k = l.slice(0, i).trim().toLowerCase();
    const v = l.slice(i + 1).trim();
    headers[k] = headers[k] ? `${headers[k]}, ${v}` : v;
  }
  const responses = (text.match(/HTTP\/1\.[01] \d{3} /g) || []).length;
  return { status, headers, responses, body: raw.subarray(end + 4) };
}

// The security headers every response carries (as sent on a normal page).
export const SECURITY_HEADERS = [
  'content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy',
];
