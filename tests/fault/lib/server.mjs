// A real `radfraga serve` process for the fault tests: a data folder of its own, two
// expert accounts, start / kill -9 / SIGTERM / restart on a free loopback port, and the
// server's output captured in one log file across restarts (the erasure canary reads it).
//
//   RADFRAGA_BIN        the binary (default build/server/radfraga)
//   RADFRAGA_FAULT_TMP  where data folders are made (default $TMPDIR or /tmp)
//   RADFRAGA_FAULT_KEEP=1  keep the data folders afterwards
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '..', '..', '..');
export const BIN = process.env.RADFRAGA_BIN || path.join(ROOT, 'build', 'server', 'radfraga');
export const STRICT = process.env.RADFRAGA_FAULT_STRICT === '1';
// Set up as automated setups do (user add --password-stdin --totp-secret-stdin): each
// account's password and TOTP key are known here.
export const EXPERTS = {
  anna: { password: 'anna-fault-lösenord-1', name: 'Anna Berg', key: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
  bo: { password: 'bo-fault-lösenord-22', name: 'Bo Ek', key: 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF' },
};

// Every server and folder made by this process, so an exit for any reason stops them.
const live = new Set();
const folders = new Set();
function cleanupAll() {
  for (const s of live) {
    try { process.kill(s.pid, 'SIGKILL'); } catch {}
  }
  if (process.env.RADFRAGA_FAULT_KEEP !== '1') {
    for (const f of folders) {
      try { fs.rmSync(f, { recursive: true, force: true }); } catch {}
    }
  }
}
process.on('exit', cleanupAll);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { cleanupAll(); process.exit(130); });

export function tempDir(prefix) {
  const base = process.env.RADFRAGA_FAULT_TMP || os.tmpdir();
  const dir = fs.mkdtempSync(path.join(base, `radfraga-fault-${prefix}-`));
  folders.add(dir);
  return dir;
}

export function forgetDir(dir) {
  folders.delete(dir);
}

// radfraga CLI, synchronously; throws with its stderr on a non-zero exit unless allowed.
export function cli(args, { input, allowFail = false, timeout = 120_000 } = {}) {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8', timeout, maxBuffer: 64 << 20 });
  if (!allowFail && r.status !== 0) {
    throw new Error(`radfraga ${args.join(' ')} exited with ${r.status} ${r.signal || ''}: ${r.stderr}`);
  }
  return r;
}

export function addExperts(data) {
  const stdin = ['--password-stdin', '--totp-secret-stdin'];
  cli(['user', 'add', '--data', data, 'anna', '--name', EXPERTS.anna.name, ...stdin],
    { input: `${EXPERTS.anna.password}\n${EXPERTS.anna.key}\n` });
  cli(['user', 'add', '--data', data, 'bo', '--name', EXPERTS.bo.name, '--role', 'admin', ...stdin],
    { input: `${EXPERTS.bo.password}\n${EXPERTS.bo.key}\n` });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Server {
  // data: the data folder (made when missing); extra: more `serve` flags.
  constructor({ data, log, extra = [], experts = true, listen = '127.0.0.1' } = {}) {
    this.root = data ? path.dirname(data) : tempDir('srv');
    this.data = data || path.join(this.root, 'data');
    this.logFile = log || path.join(this.root, 'server.log');
    this.extra = extra;
    this.listen = listen;
    this.proc = null;
    this.port = null;
    this.starts = 0;
    if (!fs.existsSync(this.data)) {
      fs.mkdirSync(this.data, { recursive: true });
      if (experts) addExperts(this.data);
    }
  }

  get url() { return `http://127.0.0.1:${this.port}`; }
  get pid() { return this.proc?.pid; }

  // Starts the server and waits for /healthz (the first start imports the sample archive
  // and builds the index). The same port is kept across restarts when it is free.
  async start({ timeoutMs = 90_000 } = {}) {
    if (this.proc) throw new Error('already running');
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!this.port || attempt > 0) this.port = await freePort();
      const out = fs.openSync(this.logFile, 'a');
      fs.writeSync(out, `\n==== fault: start ${++this.starts} on port ${this.port} at ${new Date().toISOString()}\n`);
      const proc = spawn(BIN, ['serve', '--data', this.data, '--listen', this.listen, '--port', String(this.port),
        '--public-url', `http://127.0.0.1:${this.port}`, '--rate-limits=false', ...this.extra],
      { stdio: ['ignore', out, out] });
      fs.closeSync(out);
      this.proc = proc;
      live.add(proc);
      proc.exitInfo = null;
      proc.exited = new Promise((resolve) => proc.on('exit', (code, signal) => {
        proc.exitInfo = { code, signal };
        live.delete(proc);
        resolve(proc.exitInfo);
      }));
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline && !proc.exitInfo) {
        try {
          const r = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2000) });
          if (r.ok) return this;
        } catch {}
        await sleep(100);
      }
      if (!proc.exitInfo) {
        proc.kill('SIGKILL');
        await proc.exited;
        this.proc = null;
        throw new Error(`the server did not answer /healthz within ${timeoutMs} ms:\n${this.tail()}`);
      }
      this.proc = null;
      // Exited at once: perhaps the port was taken in between; try another.
    }
    throw new Error(`the server would not start:\n${this.tail()}`);
  }

  // kill -9: no shutdown work at all, as in a crash or the OOM killer.
  async kill9() {
    const p = this.proc;
    if (!p) return;
    if (!p.exitInfo) p.kill('SIGKILL');
    await p.exited;
    this.proc = null;
  }

  // SIGTERM and a clean exit (0) within 25 s; returns the exit info.
  async stop() {
    const p = this.proc;
    if (!p) return null;
    if (!p.exitInfo) p.kill('SIGTERM');
    let timer;
    const info = await Promise.race([p.exited, new Promise((r) => { timer = setTimeout(() => r(null), 25_000); })]);
    clearTimeout(timer);
    if (!info) {
      p.kill('SIGKILL');
      await p.exited;
      this.proc = null;
      throw new Error('the server did not stop within 25 s of SIGTERM');
    }
    this.proc = null;
    return info;
  }

  alive() { return !!this.proc && !this.proc.exitInfo; }

  log() { try { return fs.readFileSync(this.logFile, 'utf8'); } catch { return ''; } }
  tail(n = 30) { return this.log().split('\n').slice(-n).join('\n'); }
}

// Every regular file under a folder (recursively), with its bytes.
export function filesUnder(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

// Files under `dir` (and extra files) holding any of the needles, in any of the
// encodings a store might use: UTF-8 as it is, upper case, and UTF-16 (LE and BE).
export function grepFiles(files, needles) {
  const hits = [];
  const forms = [];
  for (const n of needles) {
    forms.push([n, Buffer.from(n, 'utf8')]);
    forms.push([n, Buffer.from(n.toUpperCase(), 'utf8')]);
    forms.push([n, Buffer.from(n, 'utf16le')]);
    forms.push([n, Buffer.from(n, 'utf16le').swap16()]);
  }
  for (const f of files) {
    let buf;
    try { buf = fs.readFileSync(f); } catch { continue; }
    for (const [n, b] of forms) {
      const at = buf.indexOf(b);
      if (at >= 0) hits.push({ file: f, needle: n, at });
    }
  }
  return hits;
}

// A random lower-case word of n letters (a-z), unique enough to be a marker.
export function randomWord(n = 16) {
  const bytes = new Uint8Array(n);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => String.fromCharCode(97 + (b % 26))).join('');
}

export function percentile(values, p) {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

// Figures for docs/reliability.md: each test appends one JSON line to
// RADFRAGA_FAULT_REPORT (when set) and prints it.
export function report(name, figures) {
  const line = JSON.stringify({ test: name, at: new Date().toISOString(), ...figures });
  console.log(`fault-figures: ${line}`);
  if (process.env.RADFRAGA_FAULT_REPORT) fs.appendFileSync(process.env.RADFRAGA_FAULT_REPORT, line + '\n');
}

export function mounted() {
  return spawnSync('mount', [], { encoding: 'utf8' }).stdout || '';
}
