/**
 * The P1 bench's moving parts: a share-validator process (the compiled
 * service), shares precomputed with real hashes, and a closed-loop load
 * generator that keeps a fixed number of validation requests in flight.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, ManagedProcess, waitFor } from '@rxpool/devstack';
import { encodeJson, type MessageNames } from '@rxpool/messages';
import type { RandomXContext } from '@rxpool/randomx';
import type { NatsConnection } from 'nats';
import { shareRequest } from '../../services/share-validator/src/testing/shares.js';

const MAIN = fileURLToPath(new URL('../../services/share-validator/dist/main.js', import.meta.url));

/** Validation requests with the real hash as result, encoded once. */
export async function precomputeShares(ctx: RandomXContext, count: number): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  const chunk = 256;
  for (let done = 0; done < count; done += chunk) {
    const blobs = Array.from({ length: Math.min(chunk, count - done) }, () => randomBytes(76));
    const hashes = await ctx.hashBatch(blobs);
    blobs.forEach((blob, i) => {
      out.push(encodeJson(shareRequest(blob, hashes[i] as Buffer, ctx.seedHex, { worker: 'bench' })));
    });
    process.stdout.write(`\r  precomputed ${Math.min(done + chunk, count)}/${count} shares`);
  }
  process.stdout.write('\n');
  return out;
}

export interface ValidatorProcess {
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
}): Promise<ValidatorProcess> {
  const healthPort = await freePort();
  const proc = new ManagedProcess({
    command: process.execPath,
    args: [MAIN],
    logFile: join(options.dir, `share-validator-${options.mode}.log`),
    env: {
      ...process.env,
      NATS_URL: options.natsUrl,
      NATS_NAMESPACE: options.namespace,
      VALIDATOR_MODE: options.mode,
      VALIDATOR_THREADS: String(options.threads),
      HEALTH_PORT: String(healthPort),
      HEALTH_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
  });
  proc.start();
  const base = `http://127.0.0.1:${healthPort}`;
  const metrics = async () => (await fetch(`${base}/metrics`)).text();
  let shown = -1;
  await waitFor(
    `the ${options.mode}-mode validator`,
    async () => {
      if (!proc.running) throw new Error('the validator exited');
      const body = (await (await fetch(`${base}/health`)).json()) as {
        dependencies?: { randomx?: { ok?: boolean } };
      };
      const progress = Number(
        /dataset_init_progress\{[^}]*role="current"[^}]*\} ([\d.e-]+)/.exec(await metrics())?.[1],
      );
      const percent = Math.floor((Number.isFinite(progress) ? progress : 0) * 100);
      if (percent >= shown + 10) {
        shown = percent;
        console.log(`  validator context ${percent}%`);
      }
      return body.dependencies?.randomx?.ok === true;
    },
    600_000,
    500,
  );
  return { healthPort, metrics, stop: () => proc.stop(30_000) };
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
  let exhausted = false;
  const worker = async () => {
    while (running) {
      const next = shares.next();
      if (next.done) {
        exhausted = true;
        return;
      }
      const reply = await nc.request(names.subjects.validate, next.value, { timeout: 30_000 });
      if (!counting) continue;
      if ((JSON.parse(new TextDecoder().decode(reply.data)) as { ok: boolean }).ok) accepted++;
      else rejected++;
    }
  };
  const workers = Array.from({ length: options.inFlight }, worker);
  await sleep(options.warmupMs);
  await options.validator.metrics(); // resets the loop-delay reading
  counting = true;
  const started = performance.now();
  await sleep(options.windowMs);
  counting = false;
  const seconds = (performance.now() - started) / 1000;
  const loopP99Ms = loopDelayP99Ms(await options.validator.metrics());
  running = false;
  await Promise.all(workers);
  if (exhausted) throw new Error('ran out of precomputed shares: raise the share budget');
  return { rate: accepted / seconds, accepted, rejected, loopP99Ms };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function seedHex(): string {
  return randomBytes(32).toString('hex');
}
