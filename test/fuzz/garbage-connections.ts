/**
 * The garbage part of the fuzzer: connection scripts from a worker thread,
 * run `concurrency` at a time from rotating source addresses, paced in lines
 * per second, until `lines` lines are out.
 */
import type net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { ConnectionScript } from './connection-script.js';
import { connectFrom, countReplies, type FuzzerOptions, type FuzzReport } from './fuzz-report.js';
import { LINE_KINDS } from './line-generator.js';

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
      // A step larger than the bucket waits for a full bucket, then goes.
      const need = Math.min(n, this.rate / 10);
      if (this.tokens >= need) {
        this.tokens -= need;
        return;
      }
      await sleep(Math.max(1, Math.ceil(((need - this.tokens) * 1000) / this.rate)));
    }
  }
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

async function runScript(
  o: FuzzerOptions,
  report: FuzzReport,
  script: ConnectionScript,
  localAddress: string,
  pacer: Pacer,
): Promise<void> {
  let socket: net.Socket;
  try {
    socket = await connectFrom(o, localAddress);
  } catch {
    report.connectFailed++;
    return;
  }
  report.connections++;
  const profile = report.byProfile[script.profile] ?? { connections: 0, lines: 0 };
  report.byProfile[script.profile] = profile;
  profile.connections++;
  let closed = false;
  socket.on('data', (chunk: Buffer) => countReplies(report, chunk));
  socket.once('end', () => {
    closed = true;
  });
  // Made up front: a listener added after the close would never hear it.
  const gone = new Promise<void>((resolve) =>
    socket.once('close', () => {
      closed = true;
      resolve();
    }),
  );
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
      await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), gone, sleep(10_000)]);
    }
  }
  if (closed) report.closedByServer++;
  // Half-close and wait for the gateway to close in turn: it has then read every line sent.
  socket.end();
  await Promise.race([gone, sleep(60_000)]);
  socket.destroy();
}

export async function sendGarbage(o: FuzzerOptions, report: FuzzReport): Promise<void> {
  const source = new ScriptSource(o.seed);
  const pacer = new Pacer(o.linesPerSecond);
  let next = 0;
  const address = () => {
    const i = 1 + (next++ % o.garbageAddresses);
    return `127.${o.garbageNet}.${i >> 8}.${i & 255}`;
  };
  const lane = async () => {
    while (report.linesSent < o.lines) await runScript(o, report, await source.next(), address(), pacer);
  };
  await Promise.all(Array.from({ length: o.concurrency }, lane));
  await source.close();
}
