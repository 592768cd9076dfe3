/**
 * Hostile input for a stratum gateway, as its own process:
 *
 *   node --import tsx test/fuzz/stratum-fuzzer.ts '<FuzzerOptions as JSON>'
 *
 * - garbage: `lines` generated lines (see line-generator.ts) over many short
 *   connections from rotating loopback addresses 127.<garbageNet>.x.y, paced
 *   at `linesPerSecond`, `concurrency` connections at a time; scripts come
 *   from a worker thread;
 * - abusers: a few addresses log in with a valid address and flood invalid
 *   shares until the gateway bans them, then check that a new connection is
 *   refused as banned;
 * - flood: one address opens `connections` connections at once, `rounds` times.
 *
 * Prints a JSON line {"type":"progress",…} now and then and one
 * {"type":"report",…} at the end (FuzzReport).
 */
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { ConnectionScript } from './connection-script.js';
import { LINE_KINDS } from './line-generator.js';

export interface FuzzerOptions {
  host: string;
  port: number;
  lines: number;
  linesPerSecond: number;
  concurrency: number;
  seed: number;
  /** Second octet of the garbage connections' source addresses. */
  garbageNet: number;
  /** How many source addresses the garbage connections rotate over. */
  garbageAddresses: number;
  abusers: { ips: string[]; address: string; startDelayMs: number };
  flood: { ip: string; connections: number; rounds: number; everyMs: number; holdMs: number };
  progressEveryMs: number;
}

export interface AbuserReport {
  ip: string;
  loggedIn: boolean;
  submits: number;
  /** From the first submit to the "banned" line. */
  bannedAfterMs: number | null;
  /** A new connection afterwards was refused with "your IP is banned". */
  refusedOnReconnect: boolean;
  lastMessage: string;
}

export interface FloodRound {
  attempted: number;
  /** Answered "Too many connections" and closed. */
  refused: number;
  /** Still open at the end of the hold (accepted, awaiting a login). */
  held: number;
  failed: number;
}

export interface FuzzReport {
  linesSent: number;
  bytesSent: number;
  byKind: Record<string, number>;
  byProfile: Record<string, { connections: number; lines: number }>;
  connections: number;
  connectFailed: number;
  closedByServer: number;
  repliesReceived: number;
  /** Error messages the gateway answered, by message (the commonest). */
  replyMessages: Record<string, number>;
  durationMs: number;
  abusers: AbuserReport[];
  flood: FloodRound[];
}

const o = JSON.parse(process.argv[2] ?? '{}') as FuzzerOptions;
const started = Date.now();
const report: FuzzReport = {
  linesSent: 0,
  bytesSent: 0,
  byKind: Object.fromEntries(LINE_KINDS.map((k) => [k, 0])),
  byProfile: {},
  connections: 0,
  connectFailed: 0,
  closedByServer: 0,
  repliesReceived: 0,
  replyMessages: {},
  durationMs: 0,
  abusers: [],
  flood: [],
};
const MESSAGE = /"message":"([^"]{0,80})/g;

function countReplies(chunk: Buffer): void {
  const s = chunk.toString('latin1');
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) report.repliesReceived++;
  for (const m of s.matchAll(MESSAGE)) {
    const key = m[1] ?? '';
    report.replyMessages[key] = (report.replyMessages[key] ?? 0) + 1;
  }
}

/** Lines per second across all garbage connections. */
class Pacer {
  private tokens = 0;
  private last = Date.now();
  constructor(private readonly rate: number) {}
  async take(n: number): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(this.rate / 10, this.tokens + ((now - this.last) * this.rate) / 1000);
      this.last = now;
      if (this.tokens >= n || n === 0) {
        this.tokens -= n;
        return;
      }
      await sleep(Math.max(1, Math.ceil(((n - this.tokens) * 1000) / this.rate)));
    }
  }
}

function connect(localAddress: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: o.host, port: o.port, localAddress });
    const timer = setTimeout(() => socket.destroy(new Error('connect timeout')), 10_000);
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      socket.on('error', () => undefined);
      resolve(socket);
    });
  });
}

/** Scripts from the worker, asked for ahead. */
class ScriptSource {
  private readonly queue: ConnectionScript[] = [];
  private waiting = false;
  private readonly worker: Worker;
  private readonly waiters: (() => void)[] = [];

  constructor(seed: number) {
    // Run under tsx: a worker thread does not inherit the parent's --import hooks.
    const entry = JSON.stringify(new URL('./script-worker.ts', import.meta.url).href);
    const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}); })`;
    this.worker = new Worker(boot, { eval: true, workerData: { seed } });
    this.worker.on('message', (scripts: ConnectionScript[]) => {
      this.queue.push(...scripts);
      this.waiting = false;
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  async next(): Promise<ConnectionScript> {
    for (;;) {
      if (this.queue.length < 200 && !this.waiting) {
        this.waiting = true;
        this.worker.postMessage(400);
      }
      const script = this.queue.shift();
      if (script) return script;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

async function runScript(script: ConnectionScript, localAddress: string, pacer: Pacer): Promise<void> {
  let socket: net.Socket;
  try {
    socket = await connect(localAddress);
  } catch {
    report.connectFailed++;
    return;
  }
  report.connections++;
  const profile = report.byProfile[script.profile] ?? { connections: 0, lines: 0 };
  report.byProfile[script.profile] = profile;
  profile.connections++;
  let closed = false;
  socket.on('data', countReplies);
  socket.once('end', () => {
    closed = true;
  });
  socket.once('close', () => {
    closed = true;
  });
  for (const step of script.steps) {
    if (step.delayMs > 0) await sleep(step.delayMs);
    await pacer.take(step.kinds.length);
    if (closed || socket.destroyed) break;
    const flushed = socket.write(step.bytes);
    report.bytesSent += step.bytes.length;
    report.linesSent += step.kinds.length;
    profile.lines += step.kinds.length;
    for (const k of step.kinds) {
      const name = LINE_KINDS[k] ?? 'unknown';
      report.byKind[name] = (report.byKind[name] ?? 0) + 1;
    }
    if (!flushed) {
      await Promise.race([
        new Promise((resolve) => socket.once('drain', resolve)),
        new Promise((resolve) => socket.once('close', resolve)),
        sleep(10_000),
      ]);
    }
  }
  if (closed) report.closedByServer++;
  socket.end();
  await Promise.race([new Promise((resolve) => socket.once('close', resolve)), sleep(3_000)]);
  socket.destroy();
}

async function garbage(): Promise<void> {
  const source = new ScriptSource(o.seed);
  const pacer = new Pacer(o.linesPerSecond);
  let next = 0;
  const address = () => {
    const i = 1 + (next++ % o.garbageAddresses);
    return `127.${o.garbageNet}.${i >> 8}.${i & 255}`;
  };
  const lane = async () => {
    while (report.linesSent < o.lines) await runScript(await source.next(), address(), pacer);
  };
  await Promise.all(Array.from({ length: o.concurrency }, lane));
  await source.close();
}

/** A line-oriented connection for the abusers. */
async function lineSocket(ip: string) {
  const socket = await connect(ip);
  const lines: string[] = [];
  let waiter: (() => void) | undefined;
  let buffered = '';
  let closed = false;
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
      lines.push(buffered.slice(0, i));
      buffered = buffered.slice(i + 1);
    }
    waiter?.();
  });
  socket.once('close', () => {
    closed = true;
    waiter?.();
  });
  const nextLine = async (timeoutMs: number): Promise<string | undefined> => {
    const deadline = Date.now() + timeoutMs;
    while (lines.length === 0 && !closed && Date.now() < deadline) {
      await Promise.race([
        new Promise<void>((resolve) => {
          waiter = resolve;
        }),
        sleep(Math.max(1, deadline - Date.now())),
      ]);
    }
    return lines.shift();
  };
  return { socket, nextLine, isClosed: () => closed, pending: () => lines.splice(0) };
}

const hex = (n: number) =>
  Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');

async function abuser(ip: string, index: number): Promise<AbuserReport> {
  const r: AbuserReport = {
    ip,
    loggedIn: false,
    submits: 0,
    bannedAfterMs: null,
    refusedOnReconnect: false,
    lastMessage: '',
  };
  let conn: Awaited<ReturnType<typeof lineSocket>>;
  try {
    conn = await lineSocket(ip);
  } catch (err) {
    r.lastMessage = `connect: ${(err as Error).message}`;
    return r;
  }
  conn.socket.write(
    `${JSON.stringify({ id: 1, jsonrpc: '2.0', method: 'login', params: { login: `${o.abusers.address}.abuser${index}`, pass: 'x', agent: 'fuzz-abuser/1' } })}\n`,
  );
  const reply = await conn.nextLine(15_000);
  let session = '';
  let jobId = '';
  try {
    const parsed = JSON.parse(reply ?? '{}') as { result?: { id: string; job: { job_id: string } } };
    session = parsed.result?.id ?? '';
    jobId = parsed.result?.job.job_id ?? '';
  } catch {
    // reported below
  }
  if (session === '' || jobId === '') {
    r.lastMessage = `login: ${reply ?? 'no reply'}`;
    conn.socket.destroy();
    return r;
  }
  r.loggedIn = true;
  const firstSubmit = Date.now();
  let nonce = index << 24;
  let id = 2;
  const submit = (job: string, n: string, result: string) =>
    `${JSON.stringify({ id: id++, jsonrpc: '2.0', method: 'submit', params: { id: session, job_id: job, nonce: n, result } })}\n`;
  const nonceHex = (v: number) => (v >>> 0).toString(16).padStart(8, '0');
  while (!conn.isClosed() && Date.now() - firstSubmit < 60_000) {
    let burst = '';
    for (let i = 0; i < 10; i++) {
      const x = Math.random();
      if (x < 0.4)
        burst += submit(hex(16), nonceHex(nonce++), hex(64)); // unknown job
      else if (x < 0.6)
        burst += submit(jobId, nonceHex(nonce - 1), hex(64)); // duplicate nonce
      else if (x < 0.85)
        burst += submit(jobId, nonceHex(nonce++), `${hex(48)}ffffffffffffffff`); // low difficulty
      else if (x < 0.95)
        burst += submit(jobId, 'zzzzzzzz', hex(64)); // malformed nonce
      else burst += submit(jobId, nonceHex(nonce++), `${hex(48)}0000000000000000`); // wrong hash, meets the target
      r.submits++;
    }
    conn.socket.write(burst);
    await sleep(50);
    for (const line of conn.pending()) {
      if (/banned/i.test(line)) {
        r.bannedAfterMs ??= Date.now() - firstSubmit;
        r.lastMessage = line.slice(0, 200);
      }
    }
  }
  for (const line of conn.pending()) {
    if (/banned/i.test(line)) {
      r.bannedAfterMs ??= Date.now() - firstSubmit;
      r.lastMessage = line.slice(0, 200);
    }
  }
  conn.socket.destroy();
  await sleep(500);
  try {
    const again = await lineSocket(ip);
    const first = await again.nextLine(5_000);
    r.refusedOnReconnect = /your IP is banned/.test(first ?? '');
    if (!r.refusedOnReconnect) r.lastMessage = `reconnect: ${first ?? 'no line'}`;
    again.socket.destroy();
  } catch (err) {
    r.lastMessage = `reconnect: ${(err as Error).message}`;
  }
  return r;
}

async function floodRound(): Promise<FloodRound> {
  const round: FloodRound = { attempted: o.flood.connections, refused: 0, held: 0, failed: 0 };
  const sockets: { socket: net.Socket; ended: boolean }[] = [];
  await Promise.all(
    Array.from({ length: o.flood.connections }, async () => {
      try {
        const entry = { socket: await connect(o.flood.ip), ended: false };
        sockets.push(entry);
        entry.socket.on('data', (chunk: Buffer) => {
          if (chunk.includes('Too many connections')) round.refused++;
        });
        entry.socket.once('end', () => {
          entry.ended = true;
        });
        entry.socket.once('close', () => {
          entry.ended = true;
        });
      } catch {
        round.failed++;
      }
    }),
  );
  // Held: still open at the end (the refused ones are closed by then; the rest wait for a login).
  await sleep(o.flood.holdMs);
  round.held = sockets.filter((s) => !s.ended).length;
  for (const s of sockets) s.socket.destroy();
  return round;
}

async function floods(): Promise<void> {
  for (let i = 0; i < o.flood.rounds; i++) {
    report.flood.push(await floodRound());
    await sleep(o.flood.everyMs);
  }
}

async function abusers(): Promise<void> {
  await sleep(o.abusers.startDelayMs);
  report.abusers = await Promise.all(o.abusers.ips.map((ip, i) => abuser(ip, i)));
}

const progress = setInterval(() => {
  process.stdout.write(
    `${JSON.stringify({ type: 'progress', ms: Date.now() - started, linesSent: report.linesSent, connections: report.connections, repliesReceived: report.repliesReceived })}\n`,
  );
}, o.progressEveryMs);

await Promise.all([garbage(), abusers(), floods()]);
clearInterval(progress);
report.durationMs = Date.now() - started;
const top = Object.entries(report.replyMessages)
  .sort((a, b) => b[1] - a[1])
  .slice(0, 30);
report.replyMessages = Object.fromEntries(top);
process.stdout.write(`${JSON.stringify({ type: 'report', ...report })}\n`);
process.exit(0);
