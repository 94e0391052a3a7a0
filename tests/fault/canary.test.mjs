// Erasure canary: a unique word is asked, published through the real four-eyes flow
// (Anna claims, applies the redactions, answers and submits; Bo publishes), found by
// search, then withdrawn by its asker with the receipt. A few seconds later no byte of
// it is in any file under the data folder (database, -wal, -shm, index/, keys/,
// everything) nor in the server's captured output; the same after a restart and after
// a kill -9. A backup taken before the withdrawal and restored with `radfraga restore`
// comes back with the question erased again (the erasure journal).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Server, sleep, randomWord, filesUnder, grepFiles, cli, report, tempDir } from './lib/server.mjs';
import { ask, receipt, withdraw, getJson, searchIds, Expert } from './lib/client.mjs';

const SETTLE_MS = Number(process.env.RADFRAGA_FAULT_SETTLE_MS || 3000);
const server = new Server();
after(async () => { await server.kill9(); });

const canary = randomWord(16);
const state = {};
const figures = { canary_length: canary.length };

function leaks(where) {
  const files = [...filesUnder(server.data), server.logFile];
  const hits = grepFiles(files, [canary]);
  figures[`files_scanned_${where}`] = files.length;
  figures[`canary_hits_${where}`] = hits.length;
  return hits.map((h) => `${path.relative(server.root, h.file)} @${h.at}`);
}

async function assertErased(base, what) {
  assert.equal((await receipt(base, state.token)).status, 404, `${what}: the receipt gives 404`);
  assert.equal((await getJson(base, `/api/v1/questions/${state.id}`)).status, 404, `${what}: the API has no question ${state.id}`);
  assert.equal((await fetch(`${base}/fraga/${state.id}`)).status, 404, `${what}: no public page`);
  // The index drops it within a tick or so.
  const deadline = Date.now() + 5000;
  let hits;
  do {
    hits = await searchIds(base, canary);
    if (hits.total === 0) break;
    await sleep(200);
  } while (Date.now() < deadline);
  assert.equal(hits.total, 0, `${what}: search finds nothing for the canary`);
}

test('erasure canary: published, found, withdrawn, and then in no file and no log', { timeout: 180_000 }, async () => {
  await server.start();
  const anna = new Expert(server.url, 'anna');
  const bo = new Expert(server.url, 'bo');
  await anna.login();
  await bo.login();

  const title = `Hur räknas ${canary} in i försörjningsstödet`;
  const res = await ask(server.url, {
    title,
    question: `Jag har fått ${canary} från kommunen och undrar om det räknas som inkomst när socialtjänsten prövar försörjningsstöd.`,
    category: 'ekonomiskt-bistand',
  });
  assert.equal(res.status, 201, `the question is received: ${res.text}`);
  state.token = res.token;

  state.id = await anna.findInQueue(title);
  assert.ok(state.id, 'the question is in the queue');
  await anna.prepare(state.id, `Hej! Ja, ${canary} räknas normalt som inkomst. Du kan överklaga beslutet.`);
  await bo.publish(state.id);

  const r = await receipt(server.url, state.token);
  assert.equal(r.json.state, 'published');
  assert.match(r.json.question, new RegExp(canary), 'the canary survives redaction, so it is published');
  const page = await (await fetch(`${server.url}/fraga/${state.id}`)).text();
  assert.match(page, new RegExp(canary), 'the public page shows it');
  // Visible in search within a tick.
  const deadline = Date.now() + 5000;
  let hits;
  do {
    hits = await searchIds(server.url, canary);
    if (hits.ids.includes(state.id)) break;
    await sleep(200);
  } while (Date.now() < deadline);
  assert.ok(hits.ids.includes(state.id), `search finds the published canary (${JSON.stringify(hits)})`);
  await sleep(1000); // the index is committed to disk, so it is there to be erased from it
  assert.ok(leaks('published').length > 0, 'control: while published, the canary is found in the data folder');

  // A backup while the question is published (the server runs).
  state.backup = path.join(tempDir('backup'), 'before-withdrawal.db');
  cli(['backup', '--data', server.data, state.backup]);
  assert.ok(fs.readFileSync(state.backup).includes(Buffer.from(canary)), 'control: the backup holds the canary');

  const w = await withdraw(server.url, state.token);
  assert.equal(w.status, 204, 'withdrawn');
  await assertErased(server.url, 'after the withdrawal');
  await sleep(SETTLE_MS);
  assert.deepEqual(leaks('withdrawn'), [], `no byte of the canary ${canary} ${SETTLE_MS} ms after the withdrawal`);
});

test('erasure canary: still nowhere after a clean restart and after kill -9', { timeout: 120_000 }, async () => {
  assert.ok(state.id, 'the first test published the canary');
  const stopped = await server.stop();
  assert.deepEqual(stopped, { code: 0, signal: null });
  assert.deepEqual(leaks('stopped'), [], 'nothing after a clean stop');
  await server.start();
  await assertErased(server.url, 'after a restart');
  await sleep(SETTLE_MS);
  await server.kill9();
  await server.start();
  await assertErased(server.url, 'after kill -9 and start');
  await sleep(SETTLE_MS);
  assert.deepEqual(leaks('restarted'), [], 'nothing after restarts');
});

test('erasure canary: a backup from before the withdrawal, restored, has the question erased again', { timeout: 120_000 }, async () => {
  assert.ok(state.backup, 'the first test took a backup');
  await server.stop();
  const r = cli(['restore', '--data', server.data, state.backup], { allowFail: true });
  assert.equal(r.status, 0, `radfraga restore: ${r.stdout}${r.stderr}`);
  figures.restore_output = (r.stdout + r.stderr).trim().split('\n').slice(-3).join(' | ');
  await server.start();
  await assertErased(server.url, 'after restoring the older backup');
  await sleep(SETTLE_MS);
  assert.deepEqual(leaks('restored'), [], 'no byte of the canary in the restored data folder');
  const stopped = await server.stop();
  assert.deepEqual(stopped, { code: 0, signal: null });
  report('erasure-canary', figures);
});
