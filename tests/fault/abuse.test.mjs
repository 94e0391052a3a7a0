// Connection abuse: one loopback address (127.0.0.2) holds many idle keep-alive
// connections and many slowloris connections (a header line now and then, never the
// blank line), reopening each as soon as the server closes it, while another address
// (127.0.0.3) keeps asking for the home page. The other client's successes and latency
// are recorded. The server must survive and serve again once the abuse ends; that the
// other client is served during the abuse needs a per-client share of connections
// (issue 19 item 2, another branch): asserted only with RADFRAGA_FAULT_STRICT=1.
//
//   RADFRAGA_FAULT_ABUSE_SECONDS  length of the abuse (default 20)
//   RADFRAGA_FAULT_IDLE           idle keep-alive connections (default 300)
//   RADFRAGA_FAULT_SLOW           slowloris connections (default 300)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { Server, STRICT, sleep, percentile, report } from './lib/server.mjs';
import { rawRequest } from './lib/client.mjs';

const SECONDS = Number(process.env.RADFRAGA_FAULT_ABUSE_SECONDS || 20);
const IDLE = Number(process.env.RADFRAGA_FAULT_IDLE || 300);
const SLOW = Number(process.env.RADFRAGA_FAULT_SLOW || 300);
const ATTACKER = '127.0.0.2';
const VICTIM = '127.0.0.3';

const server = new Server({ experts: false, extra: ['--access-log=false'] });
after(async () => { await server.kill9(); });

// One abusive connection, reopened whenever it is closed, until stop.v.
function abuser(port, kind, stop, stats) {
  return new Promise((resolve) => {
    let sock = null;
    let timer = null;
    const open = () => {
      if (stop.v) { resolve(); return; }
      stats.opened++;
      sock = net.connect({ host: '127.0.0.1', port, localAddress: ATTACKER });
      let established = false;
      let born = 0;
      let answered = false;
      sock.on('connect', () => {
        established = true;
        born = Date.now();
        stats.open++;
        if (kind === 'idle') {
          sock.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
        } else {
          sock.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
          timer = setInterval(() => sock.write(`X-Slow-${Math.floor(Math.random() * 1e6)}: a\r\n`), 2000);
        }
      });
      sock.on('data', () => { stats.responses++; answered = true; });
      sock.on('error', () => {});
      sock.on('close', () => {
        clearInterval(timer);
        if (established) stats.open--;
        // Closed at once without a word: refused at the connection cap.
        const refused = !established || (!answered && Date.now() - born < 200);
        if (refused) stats.refused++;
        // Reopen at once, as an attacker would; a short pause when refused outright.
        setTimeout(open, refused ? 100 : 10);
      });
    };
    stop.close.push(() => sock?.destroy());
    open();
  });
}

async function victim(port, ms, samples) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const t0 = performance.now();
    const res = await rawRequest(port, Buffer.from(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`),
      { localAddress: VICTIM, timeoutMs: 3000 });
    const ms1 = performance.now() - t0;
    samples.push({ ok: res.status === 200, status: res.status ?? res.ended, ms: ms1 });
    await sleep(Math.max(0, 100 - ms1));
  }
}

function summary(samples) {
  const ok = samples.filter((s) => s.ok);
  const byStatus = {};
  for (const s of samples) byStatus[s.status] = (byStatus[s.status] || 0) + 1;
  return {
    requests: samples.length, ok: ok.length, by_status: byStatus,
    p50_ms: ok.length ? Math.round(percentile(ok.map((s) => s.ms), 50)) : null,
    p95_ms: ok.length ? Math.round(percentile(ok.map((s) => s.ms), 95)) : null,
    max_ms: ok.length ? Math.round(Math.max(...ok.map((s) => s.ms))) : null,
  };
}

test(`connection abuse: ${IDLE} idle + ${SLOW} slowloris connections from ${ATTACKER}, pages for ${VICTIM}`, { timeout: 300_000 }, async (t) => {
  // Can we bind to other loopback addresses? (Linux routes all of 127/8 to lo.)
  const probe = await rawRequest(1, Buffer.alloc(0), { localAddress: ATTACKER, timeoutMs: 1000 });
  if (probe.ended === 'EADDRNOTAVAIL') {
    t.skip(`cannot bind to ${ATTACKER} on this machine`);
    return;
  }
  await server.start();
  const port = server.port;

  const baseline = [];
  await victim(port, 3000, baseline);

  const stop = { v: false, close: [] };
  const stats = { opened: 0, open: 0, refused: 0, responses: 0, peak: 0 };
  const abusers = [];
  for (let i = 0; i < IDLE; i++) abusers.push(abuser(port, 'idle', stop, stats));
  for (let i = 0; i < SLOW; i++) abusers.push(abuser(port, 'slow', stop, stats));
  const peakTimer = setInterval(() => { stats.peak = Math.max(stats.peak, stats.open); }, 100);
  await sleep(1500); // let the attacker fill its connections
  const during = [];
  await victim(port, SECONDS * 1000, during);
  stop.v = true;
  for (const c of stop.close) c();
  clearInterval(peakTimer);
  await Promise.race([Promise.all(abusers), sleep(5000)]);
  assert.ok(server.alive(), 'the server survived the abuse');

  // Served again once the abuse ends.
  const afterwards = [];
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    await victim(port, 500, afterwards);
    if (afterwards.at(-1)?.ok) break;
  }
  const stopped = await server.stop();

  const figures = {
    attacker: { idle: IDLE, slowloris: SLOW, connections_opened: stats.opened, peak_open: stats.peak, refused: stats.refused },
    seconds: SECONDS, baseline: summary(baseline), during: summary(during), after: summary(afterwards), strict: STRICT,
  };
  report('connection-abuse', figures);
  t.diagnostic(`other client during abuse: ${figures.during.ok}/${figures.during.requests} answered, ` +
    `p50 ${figures.during.p50_ms} ms, p95 ${figures.during.p95_ms} ms (baseline p50 ${figures.baseline.p50_ms} ms)`);
  assert.ok(figures.baseline.ok > 0, 'the other client is served before the abuse');
  assert.ok(afterwards.at(-1)?.ok, 'the other client is served again after the abuse');
  assert.deepEqual(stopped, { code: 0, signal: null }, 'a clean exit');
  if (STRICT) {
    assert.ok(figures.during.ok >= 0.9 * figures.during.requests,
      `RADFRAGA_FAULT_STRICT=1: the other client got ${figures.during.ok}/${figures.during.requests} answers during the abuse`);
    assert.ok(figures.during.p95_ms !== null && figures.during.p95_ms < 1000, `p95 ${figures.during.p95_ms} ms during the abuse`);
  }
});
