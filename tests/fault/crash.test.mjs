// Crash loop: concurrent asks, follow-ups, withdrawals and four-eyes publications against
// a real server, `kill -9` at a random moment, restart, and then:
//   * every acknowledged question (201 with a receipt) is there: its receipt works;
//   * every acknowledged follow-up (201) is on its receipt;
//   * every acknowledged withdrawal (204) stays erased: the receipt gives 404, the case
//     page of its id gives 404, a published one is gone from the API and from search;
//   * every acknowledged publication is in the published list and found by search (the
//     index agrees with the database), and the published list is the sample archive plus
//     exactly those (give or take publications whose answer was lost with the process);
//   * finally, with the server stopped, no byte of a withdrawn question's marker word is
//     in any file of the data folder.
// Requests cut off by the kill have an unknown outcome and are allowed either way.
//
//   RADFRAGA_FAULT_ROUNDS       kill -9 rounds (default 6)
//   RADFRAGA_FAULT_CONCURRENCY  concurrent asker loops (default 6)
//   RADFRAGA_FAULT_ROUND_MS     longest time between start and kill (default 3000; the
//                               kill comes at a random moment from 300 ms to this)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, sleep, randomWord, filesUnder, grepFiles, cli, report } from './lib/server.mjs';
import {
  ask, receipt, withdraw, followUp, getJson, publishedIds, searchIds, Expert,
} from './lib/client.mjs';

const ROUNDS = Number(process.env.RADFRAGA_FAULT_ROUNDS || 6);
const CONCURRENCY = Number(process.env.RADFRAGA_FAULT_CONCURRENCY || 6);
const ROUND_MS = Number(process.env.RADFRAGA_FAULT_ROUND_MS || 3000);
const SAMPLE_CHECK = 1500; // receipts checked per round besides those touched in it

const server = new Server({ extra: ['--access-log=false'] });
after(async () => { await server.kill9(); });

// Everything acknowledged so far, by receipt token.
const questions = new Map(); // token -> {word, title, id, follow: n acked, followUnknown, state}
// state: 'live' | 'erased' | 'unknown-erase' ; publication: 'no' | 'yes' | 'unknown'
const figures = {
  rounds: 0, asks_acked: 0, asks_unknown: 0, follow_ups_acked: 0, follow_ups_unknown: 0,
  withdrawals_acked: 0, withdrawals_unknown: 0, publications_acked: 0, publications_unknown: 0,
  lost_writes: 0, resurrected_erasures: 0, lost_follow_ups: 0, index_mismatches: 0,
  receipts_checked: 0, erased_ids_checked: 0, other_statuses: {},
};
const problems = [];
const other = (what, status) => {
  const k = `${what} ${status}`;
  figures.other_statuses[k] = (figures.other_statuses[k] || 0) + 1;
};

function newQuestion() {
  const word = randomWord(14);
  return {
    word,
    title: `Fråga om ${word} och försörjningsstöd`,
    question: `Jag undrar hur ${word} påverkar försörjningsstödet när hyran höjs och barnen bor hos mig varannan vecka.`,
  };
}

// One asker loop: asks, sometimes a follow-up or a withdrawal of an earlier question,
// until the server goes away.
async function askerLoop(base, mine, stop) {
  while (!stop.v) {
    const r = Math.random();
    try {
      if (r < 0.6 || mine.length === 0) {
        const q = newQuestion();
        let res;
        try {
          res = await ask(base, q);
        } catch {
          figures.asks_unknown++;
          return;
        }
        if (res.status === 201) {
          questions.set(res.token, { word: q.word, title: q.title, id: null, follow: 0, followUnknown: 0, state: 'live', pub: 'no' });
          mine.push(res.token);
          figures.asks_acked++;
        } else {
          other('ask', res.status);
        }
      } else if (r < 0.8) {
        const token = mine[Math.floor(Math.random() * mine.length)];
        const q = questions.get(token);
        if (q.state !== 'live' || q.follow + q.followUnknown >= 3) continue;
        q.followUnknown++;
        let res;
        try {
          res = await followUp(base, token, `Ett tillägg om ${q.word}: hyran är 7 400 kronor i månaden.`);
        } catch {
          figures.follow_ups_unknown++;
          return;
        }
        q.followUnknown--;
        if (res.status === 201) { q.follow++; figures.follow_ups_acked++; } else other('follow-up', res.status);
      } else {
        const i = Math.floor(Math.random() * mine.length);
        const token = mine[i];
        const q = questions.get(token);
        if (q.state !== 'live' || q.pub === 'unknown') continue;
        q.state = 'unknown-erase';
        let res;
        try {
          res = await withdraw(base, token);
        } catch {
          figures.withdrawals_unknown++;
          return;
        }
        if (res.status === 204) {
          q.state = 'erased';
          figures.withdrawals_acked++;
          mine.splice(i, 1);
        } else {
          q.state = 'live';
          other('withdraw', res.status);
        }
      }
    } catch (e) {
      if (stop.v) return;
      throw e;
    }
  }
}

// The experts' loop: picks a live question from the queue that nobody has touched,
// takes it through the four-eyes flow to publication.
async function publisherLoop(anna, bo, stop) {
  while (!stop.v) {
    let items;
    try {
      items = await anna.queue();
    } catch {
      return;
    }
    const byTitle = new Map(items.map((x) => [x.title, x.id]));
    // Learn the ids of the questions in the queue, so that the ids of those withdrawn
    // later can be checked gone too.
    for (const q of questions.values()) if (!q.id && byTitle.has(q.title)) q.id = byTitle.get(q.title);
    let picked = null;
    for (const [token, q] of questions) {
      if (q.state === 'live' && q.pub === 'no' && !q.tried && byTitle.has(q.title)) { picked = [token, q]; break; }
    }
    if (!picked) { await sleep(100); continue; }
    const [, q] = picked;
    q.tried = true;
    q.id = byTitle.get(q.title);
    try {
      await anna.prepare(q.id, `Hej! Om ${q.word} gäller följande: försörjningsstödet prövas för varje månad.`);
      q.pub = 'unknown';
      await bo.publish(q.id);
      q.pub = 'yes';
      figures.publications_acked++;
    } catch (e) {
      if (q.pub === 'unknown') figures.publications_unknown++;
      if (stop.v || !(e instanceof assert.AssertionError)) return;
      // Withdrawn by its asker meanwhile: the flow is refused, which is right.
      if (q.state !== 'live') continue;
      throw e;
    }
  }
}

// Checks every acknowledged fact against the restarted server.
async function verify(base, anna, round, sampleIds, touched) {
  // Settle what the kill left unknown: a withdrawal cut off is either done or not.
  const tokens = [...questions.keys()];
  let check = tokens;
  if (tokens.length > SAMPLE_CHECK + touched.size && round < ROUNDS) {
    const rest = tokens.filter((t) => !touched.has(t));
    for (let i = rest.length - 1; i > 0; i--) { const j = Math.floor(Math.random() * (i + 1)); [rest[i], rest[j]] = [rest[j], rest[i]]; }
    check = [...touched, ...rest.slice(0, SAMPLE_CHECK)];
  }
  let next = 0;
  const worker = async () => {
    while (next < check.length) {
      const token = check[next++];
      const q = questions.get(token);
      const r = await receipt(base, token);
      figures.receipts_checked++;
      if (q.state === 'unknown-erase') {
        q.state = r.status === 404 ? 'erased' : 'live';
        if (q.state === 'live' && q.pub === 'unknown') q.pub = r.json?.state === 'published' ? 'yes' : 'no';
        continue;
      }
      if (q.state === 'live') {
        if (r.status !== 200) {
          figures.lost_writes++;
          problems.push(`round ${round}: acknowledged question ${q.word} lost (receipt ${r.status})`);
          continue;
        }
        const n = r.json.follow_ups.length;
        if (n < q.follow || n > q.follow + q.followUnknown) {
          figures.lost_follow_ups++;
          problems.push(`round ${round}: ${q.word} has ${n} follow-ups, ${q.follow} acknowledged, ${q.followUnknown} unknown`);
        }
        q.follow = n; q.followUnknown = 0;
        if (q.pub === 'unknown') q.pub = r.json.state === 'published' ? 'yes' : 'no';
        if (q.pub === 'yes' && r.json.state !== 'published') {
          figures.lost_writes++;
          problems.push(`round ${round}: acknowledged publication of ${q.word} lost (state ${r.json.state})`);
        }
      } else if (q.state === 'erased' && r.status !== 404) {
        figures.resurrected_erasures++;
        problems.push(`round ${round}: withdrawn question ${q.word} is back (receipt ${r.status})`);
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));

  // Ids of erased questions: the case page is gone.
  for (const q of questions.values()) {
    if (q.state === 'erased' && q.id && !q.idChecked) {
      const s = await anna.caseStatus(q.id);
      figures.erased_ids_checked++;
      if (s !== 404) {
        figures.resurrected_erasures++;
        problems.push(`round ${round}: the case page of erased question ${q.id} gives ${s}`);
      }
      q.idChecked = true;
    }
  }

  // The index agrees with the database: the published list is the sample plus our
  // acknowledged publications (unknown ones either way), and search finds exactly the
  // published ones by their marker word. The index catches up within a second or so
  // after start; give it ten.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const mismatches = [];
    const { ids } = await publishedIds(base);
    const expected = new Set(sampleIds);
    for (const q of questions.values()) if (q.state === 'live' && q.pub === 'yes') expected.add(q.id);
    for (const id of expected) if (!ids.has(id)) mismatches.push(`published ${id} missing from the list`);
    for (const id of ids) {
      if (expected.has(id)) continue;
      const q = [...questions.values()].find((x) => x.id === id);
      if (!q || q.state === 'erased' || q.pub === 'no') mismatches.push(`${id} is in the published list but should not be`);
    }
    for (const q of questions.values()) {
      if (!q.id || q.pub === 'no') continue;
      const hits = (await searchIds(base, q.word)).ids;
      const shouldFind = q.state === 'live' && q.pub === 'yes';
      if (shouldFind && !hits.includes(q.id)) mismatches.push(`search does not find published ${q.id} (${q.word})`);
      if (q.state === 'erased' && hits.length) mismatches.push(`search finds erased ${q.id} (${q.word})`);
    }
    if (!mismatches.length) return;
    if (Date.now() > deadline) {
      figures.index_mismatches += mismatches.length;
      problems.push(...mismatches.map((m) => `round ${round}: ${m}`));
      return;
    }
    await sleep(500);
  }
}

test(`crash loop: ${ROUNDS} rounds of kill -9 during asks, follow-ups, withdrawals and publications`, { timeout: 30 * 60_000 }, async (t) => {
  const t0 = Date.now();
  await server.start();
  const anna = new Expert(server.url, 'anna');
  const bo = new Expert(server.url, 'bo');
  await anna.login();
  await bo.login();
  const { ids: sample } = await publishedIds(server.url);
  assert.ok(sample.size >= 100, 'the sample archive is published');

  for (let round = 1; round <= ROUNDS; round++) {
    if (!server.alive()) await server.start();
    anna.base = bo.base = server.url;
    const before = new Set(questions.keys());
    const stop = { v: false };
    const loops = [];
    for (let i = 0; i < CONCURRENCY; i++) {
      const mine = [...questions.entries()].filter(([, q]) => q.state === 'live' && q.pub !== 'unknown')
        .map(([k]) => k).filter((_, j) => j % CONCURRENCY === i).slice(-20);
      loops.push(askerLoop(server.url, mine, stop));
    }
    loops.push(publisherLoop(anna, bo, stop));
    await sleep(300 + Math.random() * Math.max(0, ROUND_MS - 300));
    await server.kill9();
    stop.v = true;
    await Promise.all(loops);
    figures.rounds++;

    await server.start();
    anna.base = bo.base = server.url;
    const touched = new Set([...questions.keys()].filter((k) => !before.has(k) || questions.get(k).state !== 'live'));
    await verify(server.url, anna, round, sample, touched);
    t.diagnostic(`round ${round}: ${figures.asks_acked} asks, ${figures.withdrawals_acked} withdrawals, ` +
      `${figures.publications_acked} publications acknowledged so far; ${problems.length} problems`);
  }

  // A last round of checks over everything, then the bytes of withdrawn questions.
  await verify(server.url, anna, ROUNDS + 1, sample, new Set(questions.keys()));
  const stopped = await server.stop();
  assert.deepEqual(stopped, { code: 0, signal: null }, 'a clean exit after SIGTERM');

  // The index on disk, read by the command line as a reader's search: agrees too.
  const published = [...questions.values()].filter((q) => q.state === 'live' && q.pub === 'yes').slice(0, 5);
  const erasedPub = [...questions.values()].filter((q) => q.state === 'erased' && q.id && q.pub !== 'no').slice(0, 5);
  for (const q of published) {
    const out = JSON.parse(cli(['search', '--data', server.data, '--json', q.word]).stdout);
    if (!out.hits.some((h) => String(h.id) === q.id)) problems.push(`radfraga search does not find ${q.id} (${q.word})`);
  }
  for (const q of erasedPub) {
    const out = JSON.parse(cli(['search', '--data', server.data, '--json', q.word]).stdout);
    if (out.total !== 0) problems.push(`radfraga search finds erased ${q.id} (${q.word})`);
  }

  const erasedWords = [...questions.values()].filter((q) => q.state === 'erased').map((q) => q.word);
  const leaks = grepFiles(filesUnder(server.data), erasedWords);
  figures.erased_words_checked = erasedWords.length;
  figures.erased_bytes_found = leaks.length;
  for (const l of leaks.slice(0, 10)) problems.push(`withdrawn word ${l.needle} still in ${l.file} at ${l.at}`);

  figures.seconds = Math.round((Date.now() - t0) / 1000);
  figures.problems = problems.length;
  report('crash-loop', figures);
  assert.ok(figures.asks_acked > 0 && figures.withdrawals_acked > 0, 'the loop wrote and withdrew something');
  assert.deepEqual(problems, [], `${problems.length} problems:\n${problems.slice(0, 30).join('\n')}`);
});
