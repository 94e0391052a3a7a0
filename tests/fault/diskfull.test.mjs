// Disk full: the data folder on a small tmpfs (mounted here; needs root and a machine
// that allows mounting, else the test is skipped and says why). The disk is filled with
// a filler file; then asks are refused with a clear 503 (never a 500, never a crash),
// receipts still read, a withdrawal either happens or is refused whole, nothing
// acknowledged is lost; once the filler is removed, asks work again, and everything
// acknowledged survives a kill -9 and a restart on the same filesystem.
//
//   RADFRAGA_FAULT_DISK_MB  size of the filesystem (default 24)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Server, sleep, randomWord, tempDir, forgetDir, report } from './lib/server.mjs';
import { ask, receipt, withdraw } from './lib/client.mjs';

const SIZE_MB = Number(process.env.RADFRAGA_FAULT_DISK_MB || 24);
let mnt = null;
let server = null;
let outer = null;
// However this process ends, the tmpfs does not stay mounted (lazily, if still busy).
process.on('exit', () => { if (mnt) spawnSync('umount', ['-l', mnt]); });
after(async () => {
  if (server) await server.kill9();
  if (mnt) {
    const u = spawnSync('umount', [mnt]);
    if (u.status === 0) {
      try { fs.rmdirSync(mnt); } catch {}
      mnt = null;
    }
  }
});

function question() {
  const word = randomWord(12);
  return {
    word,
    title: `Diskfråga ${word} om hyran`,
    question: `Jag undrar om ${word} och hur socialtjänsten räknar hyran när man söker försörjningsstöd.`,
  };
}

// Fills the filesystem: big writes, then smaller ones, until ENOSPC.
function fill(file) {
  const fd = fs.openSync(file, 'a');
  let written = 0;
  for (const size of [1 << 20, 64 << 10, 4 << 10, 512]) {
    const buf = Buffer.alloc(size, 0x5a);
    for (;;) {
      try {
        fs.writeSync(fd, buf);
        written += size;
      } catch (e) {
        if (e.code === 'ENOSPC') break;
        throw e;
      }
    }
  }
  fs.closeSync(fd);
  return written;
}

test('disk full: asks refused with 503, nothing acknowledged lost, asks work again when space returns', { timeout: 240_000 }, async (t) => {
  outer = tempDir('disk');
  const m = path.join(outer, 'mnt');
  fs.mkdirSync(m);
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE_MB}m,mode=0700`, 'tmpfs', m], { encoding: 'utf8' });
  if (r.status !== 0) {
    const why = `cannot mount a tmpfs here (${(r.stderr || r.error?.message || '').trim() || `exit ${r.status}`}); ` +
      'run as root on a machine that allows mounting to test a full disk';
    console.log(`fault: disk full SKIPPED: ${why}`);
    report('disk-full', { skipped: why });
    t.skip(why);
    return;
  }
  mnt = m;
  server = new Server({ data: path.join(mnt, 'data'), log: path.join(outer, 'server.log'), experts: false, extra: ['--access-log=false'] });
  await server.start();

  const acked = new Map(); // token -> word
  const statuses = { before: {}, full: {}, after: {} };
  const count = (phase, s) => { statuses[phase][s] = (statuses[phase][s] || 0) + 1; };
  for (let i = 0; i < 20; i++) {
    const q = question();
    const res = await ask(server.url, q);
    count('before', res.status);
    assert.equal(res.status, 201, 'asks work before the disk is full');
    acked.set(res.token, q.word);
  }

  const filler = path.join(mnt, 'filler');
  const filled = fill(filler);
  const bodies = new Set();
  let refused = 0;
  let apiFormat = true; // a 503 from the API is its JSON error object (docs/api.md)
  let firstRefusalAfter = null;
  for (let i = 0; i < 300 && refused < 20; i++) {
    const q = question();
    let res;
    try {
      res = await ask(server.url, q);
    } catch (e) {
      assert.fail(`ask ${i} on a full disk: the connection failed (${e.message}); server alive: ${server.alive()}`);
    }
    count('full', res.status);
    if (res.status === 201) {
      acked.set(res.token, q.word);
      if (i % 10 === 9) fill(filler); // take what a checkpoint freed
    } else {
      refused++;
      firstRefusalAfter ??= i;
      bodies.add(`${res.status} ${res.headers.get('content-type')} ${res.text.trim().slice(0, 120)}`);
      if (res.status === 503 && res.json?.error?.code !== 'unavailable') apiFormat = false;
    }
  }
  assert.ok(server.alive(), 'the server is alive on a full disk');

  // Reads still work; a withdrawal is done whole or refused whole.
  const tokens = [...acked.keys()];
  let readOk = 0;
  for (const tok of tokens.slice(0, 10)) if ((await receipt(server.url, tok)).status === 200) readOk++;
  const victim = tokens[0];
  const w = await withdraw(server.url, victim);
  count('full', `withdraw ${w.status}`);
  const after1 = await receipt(server.url, victim);
  if (w.status === 204) acked.delete(victim);
  const withdrawalWhole = (w.status === 204 && after1.status === 404) || (w.status === 503 && after1.status === 200);

  // Space returns.
  fs.rmSync(filler);
  let recoveredMs = null;
  const t0 = Date.now();
  while (Date.now() - t0 < 15_000) {
    const q = question();
    const res = await ask(server.url, q);
    count('after', res.status);
    if (res.status === 201) { acked.set(res.token, q.word); recoveredMs = Date.now() - t0; break; }
    await sleep(250);
  }
  for (let i = 0; i < 10; i++) {
    const q = question();
    const res = await ask(server.url, q);
    count('after', res.status);
    if (res.status === 201) acked.set(res.token, q.word);
  }

  // Everything acknowledged survives a kill -9 and a restart.
  await server.kill9();
  await server.start();
  let lost = 0;
  for (const tok of acked.keys()) if ((await receipt(server.url, tok)).status !== 200) lost++;
  const victimAfterRestart = (await receipt(server.url, victim)).status;
  const resurrected = w.status === 204 && victimAfterRestart !== 404;
  const stopped = await server.stop();
  const log = server.log();
  const logLines = log.split('\n').filter((l) => /error|store:|bug:/.test(l)).slice(0, 5);

  const figures = {
    fs_mb: SIZE_MB, filler_mb: Math.round(filled / 1e5) / 10, statuses, refusal_bodies: [...bodies],
    first_refusal_after_asks: firstRefusalAfter, receipts_readable_when_full: `${readOk}/10`,
    withdrawal_when_full: w.status, withdrawn_question_after_restart: victimAfterRestart, recovered_after_ms: recoveredMs, acknowledged: acked.size, lost,
    resurrected_erasure: resurrected, log_sample: logLines,
  };
  report('disk-full', figures);
  forgetDir(outer); // unmounted in after(); the folder is removed with it
  const fullStatuses = Object.keys(statuses.full).filter((s) => !/^withdraw/.test(s)).map(Number);
  assert.ok(refused > 0, `a full disk refuses asks (statuses ${JSON.stringify(statuses.full)})`);
  assert.deepEqual(fullStatuses.filter((s) => s !== 201 && s !== 503), [],
    `asks on a full disk get 201 or 503, nothing else: ${[...bodies].join(' | ')}`);
  assert.ok(apiFormat, `the API's 503 is a JSON error with code "unavailable": ${[...bodies].join(' | ')}`);
  assert.equal(readOk, 10, 'receipts are readable on a full disk');
  assert.ok(withdrawalWhole, `a withdrawal on a full disk is done whole or refused whole (${w.status}, then ${after1.status})`);
  assert.ok(recoveredMs !== null, 'asks work again once space returns');
  assert.equal(lost, 0, `${lost} acknowledged questions lost`);
  assert.equal(resurrected, false, 'the erasure stays');
  assert.deepEqual(stopped, { code: 0, signal: null }, 'a clean exit');
});
