/**
 * The P1 bench's moving parts: a share-validator process (the compiled
 * service), shares with real hashes, and a closed-loop load generator that
 * keeps a fixed number of validation requests in flight.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, makeTestDir, ServiceProcess, startNats } from '@rxpool/devstack';
import { encodeJson, type MessageNames } from '@rxpool/messages';
import type { RandomXContext } from '@rxpool/randomx';
import type { NatsConnection } from 'nats';
import { shareRequest, TEST_MINER } from '../../services/share-validator/src/testing/shares.js';

const MAIN = fileURLToPath(new URL('../../services/share-validator/dist/main.js', import.meta.url));

/**
 * An endless supply of encoded validation requests: `distinct` blobs hashed
 * once, then cycled, each request with a fresh share id (so every accepted
 * share is a new JetStream message; the validator hashes every blob anew),
 * from the given miners in turn.
 */
export async function shareSource(
  ctx: RandomXContext,
  distinct: number,
  miners: readonly string[] = [TEST_MINER],
): Promise<Iterator<Uint8Array>> {
  const blobs = Array.from({ length: distinct }, () => randomBytes(76));
  const hashes = await ctx.hashBatch(blobs);
  let n = 0;
  return {
    next: () => {
      const i = n++ % distinct;
      const shareId = n.toString(16).padStart(24, '0');
      const request = shareRequest(blobs[i] as Buffer, hashes[i] as Buffer, ctx.seedHex, {
        shareId,
        worker: 'bench',
        miner: miners[n % miners.length] as string,
      });
      return { done: false, value: encodeJson(request) };
    },
  };
}

/** The native loop for about `ms`, in slices sized from the rate of the slice before; CPU of this process. */
export async function rawWindow(ctx: RandomXContext, ms: number, threads: number) {
  let hashes = 0;
  let seconds = 0;
  let slice = threads * 2;
  const cpuBefore = process.cpuUsage();
  while (seconds * 1000 < ms) {
    const r = await ctx.benchRaw(slice, threads);
    hashes += r.hashes;
    seconds += r.seconds;
    slice = Math.max(threads, Math.round(r.hashesPerSecond / 2));
  }
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { hashes, seconds, cpuSeconds, hashesPerSecond: hashes / seconds };
}

/** CPU seconds (user + system, all threads) a process has used, from /proc (Linux, 100 ticks/s). */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export interface ValidatorProcess {
  pid: number;
  healthPort: number;
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

/** Starts the compiled share-validator and waits until its current seed is ready. */
export async function startValidator(options: {
  dir: string;
  natsUrl: string;
  namespace: string;
  mode: 'light' | 'fast';
  threads: number;
  /** More settings for the validator (e.g. VALIDATOR_TRUST). */
  env?: Record<string, string>;
}): Promise<ValidatorProcess> {
  const healthPort = await freePort();
  const service = new ServiceProcess(
    {
      name: `share-validator-${options.namespace}`,
      entry: MAIN,
      healthHost: '127.0.0.1',
      healthPort,
      env: {
        NATS_URL: options.natsUrl,
        NATS_NAMESPACE: options.namespace,
        VALIDATOR_MODE: options.mode,
        VALIDATOR_THREADS: String(options.threads),
        LOG_LEVEL: 'warn',
        ...options.env,
      },
    },
    options.dir,
  ).start();
  const metrics = () => service.metrics();
  let shown = -1;
  const showProgress = async () => {
    const text = await metrics().catch(() => '');
    const progress = Number(/dataset_init_progress\{[^}]*role="current"[^}]*\} ([\d.e-]+)/.exec(text)?.[1]);
    const percent = Math.floor((Number.isFinite(progress) ? progress : 0) * 100);
    if (percent >= shown + 10) {
      shown = percent;
      console.log(`  validator context ${percent}%`);
    }
  };
  const progressTimer = setInterval(() => void showProgress(), 500);
  try {
    await service.waitReady(600_000, { dependency: 'randomx' });
  } finally {
    clearInterval(progressTimer);
  }
  return { pid: service.process.pid as number, healthPort, metrics, stop: () => service.stop(30_000) };
}

/** The validator's own event-loop delay p99 since the previous scrape, in ms. */
export function loopDelayP99Ms(metricsText: string): number {
  const m = /rxpool_validator_event_loop_delay_p99_seconds\{[^}]*\} ([\d.e-]+)/.exec(metricsText);
  if (!m) throw new Error('rxpool_validator_event_loop_delay_p99_seconds missing from /metrics');
  return Number(m[1]) * 1000;
}

export interface LoadWindow {
  /** Accepted shares per second inside the measured window. */
  rate: number;
  /** CPU seconds the validator process used inside the window. */
  cpuSeconds: number;
  accepted: number;
  rejected: number;
  loopP99Ms: number;
}

/**
 * Keeps `inFlight` requests outstanding (each worker sends its next share as
 * soon as the reply arrives); counts accepted replies inside a window that
 * starts after a warm-up; then stops and lets the requests in flight finish.
 */
export async function runLoad(options: {
  nc: NatsConnection;
  names: MessageNames;
  shares: Iterator<Uint8Array>;
  validator: ValidatorProcess;
  inFlight: number;
  warmupMs: number;
  windowMs: number;
}): Promise<LoadWindow> {
  const { nc, names, shares } = options;
  let running = true;
  let counting = false;
  let accepted = 0;
  let rejected = 0;
  const worker = async () => {
    while (running) {
      const next = shares.next();
      if (next.done) throw new Error('the share source ran dry');
      const reply = await nc.request(names.subjects.validate, next.value, { timeout: 30_000 });
      if (!counting) continue;
      if ((JSON.parse(new TextDecoder().decode(reply.data)) as { ok: boolean }).ok) accepted++;
      else rejected++;
    }
  };
  const workers = Array.from({ length: options.inFlight }, worker);
  await sleep(options.warmupMs);
  await options.validator.metrics(); // resets the loop-delay reading
  const cpuBefore = processCpuSeconds(options.validator.pid);
  counting = true;
  const started = performance.now();
  await sleep(options.windowMs);
  counting = false;
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = processCpuSeconds(options.validator.pid) - cpuBefore;
  const loopP99Ms = loopDelayP99Ms(await options.validator.metrics());
  running = false;
  await Promise.all(workers);
  return { rate: accepted / seconds, cpuSeconds, accepted, rejected, loopP99Ms };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function seedHex(): string {
  return randomBytes(32).toString('hex');
}

/** A bench's private nats-server, a seed, and the machine's load before it starts. */
export async function startBench(label: string) {
  const dir = makeTestDir(label);
  const nats = await startNats({ dir: join(dir, 'nats') });
  return { dir, nats, seed: seedHex(), loadBefore: loadavg()[0] ?? 0 };
}

export type BenchFigures = Record<string, { value: number; unit: string; how: string }>;

/** Writes bench/results/<file>; `keep`: figures of the file this run did not measure stay. */
export function writeFigures(file: string, figures: BenchFigures, keep = false): void {
  const out = resolve(import.meta.dirname, '../results', file);
  mkdirSync(dirname(out), { recursive: true });
  const kept = keep && existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as BenchFigures) : {};
  writeFileSync(out, `${JSON.stringify({ ...kept, ...figures }, null, 2)}\n`);
  console.log(JSON.stringify(figures, null, 2));
  console.log(`wrote ${relative(process.cwd(), out)}`);
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
