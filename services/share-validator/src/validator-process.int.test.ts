import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NatsBus } from '@rxpool/bus';
import { freePort, ServiceProcess, waitFor } from '@rxpool/devstack';
import { decodeAcceptedShare, type MessageNames, type ValidateRequest } from '@rxpool/messages';
import { RandomXContext } from '@rxpool/randomx';
import type { JetStreamManager, NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BusFixture, startBusFixture } from './testing/bus-fixture.js';
import {
  makeShares,
  publishTemplate,
  readStream,
  requestValidation,
  templateEvent,
} from './testing/shares.js';

// The compiled service (npm run build) as its own process, killed with SIGKILL mid-stream.
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('share-validator process', () => {
  const seed = randomBytes(32).toString('hex');
  let fixture: BusFixture;
  let dir: string;
  let bus: NatsBus;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let names: MessageNames;
  let hasher: RandomXContext;
  let healthPort: number;
  let validator: ServiceProcess;

  // Ready with the RandomX check in place: a process answers 200 for a moment
  // before its parts have registered their checks.
  const ready = () => validator.waitReady(120_000, { dependency: 'randomx' });

  /** The sum of a metric's samples on the process's /metrics (0 when it has none). */
  const metricSum = async (name: string) => {
    const text = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
    const samples = text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
    return samples.reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  };

  beforeAll(async () => {
    if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
    fixture = await startBusFixture('validator-process', 'svproc');
    ({ dir, bus, nc, jsm, names } = fixture);
    await publishTemplate(bus.jetstream, names, templateEvent(seed));
    healthPort = await freePort();
    validator = new ServiceProcess(
      {
        name: 'share-validator',
        entry: main,
        healthHost: '127.0.0.1',
        healthPort,
        env: {
          NATS_URL: fixture.nats.url,
          NATS_NAMESPACE: 'svproc',
          VALIDATOR_MODE: 'light',
          VALIDATOR_THREADS: '2',
          LOG_LEVEL: 'info',
        },
      },
      dir,
    );
    validator.start();
    hasher = await RandomXContext.create({ seed: Buffer.from(seed, 'hex'), mode: 'light', threads: 2 });
    await ready();
  });

  afterAll(async () => {
    await validator?.stop();
    hasher?.dispose();
    await fixture?.close();
  });

  it('hashes on threads below the event loop in priority', () => {
    const pid = validator.process.pid as number;
    const nice = (tid: string) => {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };
    const tids = readdirSync(`/proc/${pid}/task`);
    expect(nice(String(pid))).toBe(0);
    expect(tids.filter((tid) => nice(tid) === 5)).toHaveLength(2); // VALIDATOR_HASH_NICE, 2 threads
  });

  it('reports readiness, dataset progress and queue metrics', async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
    expect(metrics).toMatch(/rxpool_validator_dataset_ready\{[^}]*\} 1/);
    expect(metrics).toMatch(/rxpool_validator_dataset_init_progress\{[^}]*role="current"[^}]*\} 1/);
    expect(metrics).toMatch(/rxpool_validator_queue_depth/);
    expect(metrics).toMatch(/rxpool_validator_randomx_memory_bytes\{[^}]*\} 268435456/);
  });

  it('loses no acknowledged share when killed and restarted', async () => {
    const shares = await makeShares(hasher, 40);
    const acknowledged = new Set<string>();
    const send = async (share: ValidateRequest) => {
      const reply = await requestValidation(nc, names, share, 20_000).catch(() => undefined);
      if (reply?.ok) acknowledged.add(share.shareId);
      return reply?.ok === true;
    };

    // All requests in flight at once; SIGKILL once a few have been answered.
    const first = shares.map(send);
    await waitFor('a few acknowledged shares', async () => acknowledged.size >= 5, 60_000, 5);
    await validator.process.kill();
    await Promise.all(first);
    const beforeKill = new Set(acknowledged);
    expect(beforeKill.size).toBeGreaterThanOrEqual(5);
    expect(beforeKill.size).toBeLessThan(shares.length);

    // Everything acknowledged before the kill is in the stream already.
    const storedIds = async () =>
      new Set((await readStream(jsm, names.streams.shares, decodeAcceptedShare)).map((s) => s.value.shareId));
    const afterKill = await storedIds();
    for (const id of beforeKill) expect(afterKill.has(id)).toBe(true);

    // Restarted, it takes the retries (a repeat of a stored share is harmless).
    validator.start();
    await ready();
    for (const share of shares) expect(await send(share)).toBe(true);
    const stored = await readStream(jsm, names.streams.shares, decodeAcceptedShare);
    expect(new Set(stored.map((s) => s.value.shareId))).toEqual(new Set(shares.map((s) => s.shareId)));
    expect(stored).toHaveLength(shares.length);
  }, 300_000);

  it('answers what it holds and exits cleanly on SIGTERM', async () => {
    const shares = await makeShares(hasher, 6);
    const answeredBefore = await metricSum('rxpool_validator_validations_total');
    const replies = Promise.allSettled(shares.map((s) => requestValidation(nc, names, s, 30_000)));
    // SIGTERM once it holds some of them (waiting or hashing) or has answered one.
    await waitFor(
      'the validator to take the requests',
      async () =>
        (await metricSum('rxpool_validator_queue_depth')) > 0 ||
        (await metricSum('rxpool_validator_validations_total')) > answeredBefore,
      10_000,
      5,
    );
    await validator.stop();
    expect(await validator.process.exited()).toBe(0);
    const settled = await replies;
    const answered = settled.filter((s) => s.status === 'fulfilled');
    expect(answered.length).toBeGreaterThan(0);
    for (const a of answered) expect(a.value.ok).toBe(true);
  });
});
