import { randomBytes } from 'node:crypto';
import type { NatsBus } from '@rxpool/bus';
import { loadConfig } from '@rxpool/config';
import { waitFor } from '@rxpool/devstack';
import { decodeAcceptedShare, decodeBlockCandidate, type MessageNames } from '@rxpool/messages';
import { createLogger, HealthRegistry, Registry } from '@rxpool/observability';
import { RandomXContext } from '@rxpool/randomx';
import type { JetStreamManager, NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readValidatorConfig } from './config.js';
import { type BusFixture, startBusFixture } from './testing/bus-fixture.js';
import { type InProcessValidator, startInProcessValidator } from './testing/in-process-validator.js';
import {
  makeShares,
  publishTemplate,
  readStream,
  requestValidation,
  templateEvent,
} from './testing/shares.js';
import type { ValidatorApp } from './validator-app.js';

// Real nats-server, real RandomX (light mode), the validator's module in this process.
describe('share validator against nats-server and RandomX', () => {
  const seed = randomBytes(32).toString('hex');
  const nextSeed = randomBytes(32).toString('hex');
  let fixture: BusFixture;
  let bus: NatsBus;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let names: MessageNames;
  let validator: InProcessValidator;
  let app: ValidatorApp;
  let health: HealthRegistry;
  let registry: Registry;
  let hasher: RandomXContext;
  let nextHasher: RandomXContext;

  beforeAll(async () => {
    fixture = await startBusFixture('validator', 'svint');
    ({ bus, nc, jsm, names } = fixture);
    const log = createLogger('share-validator-test', 'silent');
    health = new HealthRegistry();
    registry = new Registry();
    const config = loadConfig(readValidatorConfig, {
      VALIDATOR_MODE: 'light',
      VALIDATOR_THREADS: '2',
      VALIDATOR_QUEUE_MAX: '4',
      NATS_NAMESPACE: 'svint',
    });
    validator = await startInProcessValidator({ bus, config, log, health, registry });
    app = validator.app;
    [hasher, nextHasher] = await Promise.all([
      RandomXContext.create({ seed: Buffer.from(seed, 'hex'), mode: 'light', threads: 2 }),
      RandomXContext.create({ seed: Buffer.from(nextSeed, 'hex'), mode: 'light', threads: 1 }),
    ]);
  });

  afterAll(async () => {
    await validator?.close();
    hasher?.dispose();
    nextHasher?.dispose();
    await fixture?.close();
  });

  const sharesStored = async () => readStream(jsm, names.streams.shares, decodeAcceptedShare);

  it('is not ready and takes no requests before it knows the current seed', async () => {
    expect(health.snapshot().dependencies.randomx?.ok).toBe(false);
    const [share] = await makeShares(hasher, 1);
    await expect(requestValidation(nc, names, share!, 2_000)).rejects.toThrow(/503|no responders/i);
  });

  it('becomes ready once the template announces its seed', async () => {
    await publishTemplate(bus.jetstream, names, templateEvent(seed));
    await waitFor('ready', async () => health.isReady(), 60_000, 50);
    expect(health.snapshot().dependencies.randomx).toMatchObject({ ok: true });
    expect(await registry.getSingleMetricAsString('rxpool_validator_dataset_ready')).toMatch(/ 1$/m);
  });

  it('accepts a real share and stores it in the shares stream before replying', async () => {
    const [share] = await makeShares(hasher, 1);
    const reply = await requestValidation(nc, names, share!);
    expect(reply).toMatchObject({ ok: true, shareId: share!.shareId, blockCandidate: false });
    const stored = (await sharesStored()).filter((s) => s.value.shareId === share!.shareId);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.msgId).toBe(share!.shareId);
    expect(stored[0]!.value).toMatchObject({ hash: share!.result, miner: share!.miner, nonce: share!.nonce });
  });

  it('rejects a wrong result as hash_mismatch', async () => {
    const [share] = await makeShares(hasher, 1, { result: 'cd'.repeat(32) });
    expect(await requestValidation(nc, names, share!)).toMatchObject({ ok: false, reason: 'hash_mismatch' });
  });

  it('rejects a hash below the job difficulty as low_difficulty', async () => {
    const [share] = await makeShares(hasher, 1, { jobDifficulty: Number.MAX_SAFE_INTEGER });
    expect(await requestValidation(nc, names, share!)).toMatchObject({ ok: false, reason: 'low_difficulty' });
  });

  it('rejects a seed it holds no context for as unknown_seed', async () => {
    const [share] = await makeShares(hasher, 1, { seedHash: 'ee'.repeat(32) });
    expect(await requestValidation(nc, names, share!)).toMatchObject({ ok: false, reason: 'unknown_seed' });
  });

  it('answers a malformed request with bad-request', async () => {
    const [share] = await makeShares(hasher, 1, { hashingBlob: 'zz' });
    expect(await requestValidation(nc, names, share!)).toMatchObject({ ok: false, reason: 'bad_request' });
  });

  it('detects a block candidate and publishes it for the job-manager', async () => {
    const [share] = await makeShares(hasher, 1, { networkDifficulty: '1' });
    expect(await requestValidation(nc, names, share!)).toMatchObject({ ok: true, blockCandidate: true });
    const candidates = await readStream(jsm, names.streams.blocks, decodeBlockCandidate);
    expect(candidates.map((c) => c.value)).toContainEqual(
      expect.objectContaining({
        candidateId: share!.shareId,
        powHash: share!.result,
        reserved: share!.reserved,
      }),
    );
    const stored = (await sharesStored()).find((s) => s.value.shareId === share!.shareId);
    expect(stored?.value.blockCandidate).toBe(true);
  });

  it('stores a repeated share once', async () => {
    const [share] = await makeShares(hasher, 1);
    expect(await requestValidation(nc, names, share!)).toMatchObject({ ok: true });
    expect(await requestValidation(nc, names, share!)).toMatchObject({ ok: true });
    expect((await sharesStored()).filter((s) => s.value.shareId === share!.shareId)).toHaveLength(1);
  });

  it('answers busy at once when its bounded queue is full', async () => {
    const shares = await makeShares(hasher, 24);
    const started = performance.now();
    const replies = await Promise.all(
      shares.map(async (s) => {
        const reply = await requestValidation(nc, names, s);
        return { reply, ms: performance.now() - started };
      }),
    );
    const busy = replies.filter((r) => !r.reply.ok && r.reply.reason === 'busy');
    const accepted = replies.filter((r) => r.reply.ok);
    expect(busy.length).toBeGreaterThan(0);
    expect(accepted.length).toBeGreaterThanOrEqual(4);
    expect(busy.length + accepted.length).toBe(24);
    // Refusals do not wait behind the hashing (4 light hashes take ~100 ms or more).
    expect(Math.min(...busy.map((b) => b.ms))).toBeLessThan(Math.max(...accepted.map((a) => a.ms)));
    const metrics = await registry.getSingleMetricAsString('rxpool_validator_validations_total');
    expect(metrics).toMatch(/outcome="busy"/);
    expect(metrics).toMatch(/outcome="accepted"/);
  });

  it('prewarms the next seed and switches to it without a stall', async () => {
    await publishTemplate(bus.jetstream, names, templateEvent(seed, nextSeed, 101));
    await waitFor(
      'the next seed prewarmed',
      async () => app.seeds.lookup(nextSeed).state === 'ready',
      60_000,
      50,
    );
    expect(app.seeds.lookup(nextSeed).state).toBe('ready');
    await publishTemplate(bus.jetstream, names, templateEvent(nextSeed, '', 102));
    const isCurrent = async () =>
      app.seeds.snapshot().find((s) => s.seedHex === nextSeed)?.role === 'current';
    await waitFor('the next seed current', isCurrent, 10_000, 20);
    expect(health.isReady()).toBe(true);
    const [onNext] = await makeShares(nextHasher, 1);
    const [onPrevious] = await makeShares(hasher, 1);
    expect(await requestValidation(nc, names, onNext!)).toMatchObject({ ok: true });
    // Late shares for the previous seed still validate during the grace period.
    expect(await requestValidation(nc, names, onPrevious!)).toMatchObject({ ok: true });
  });
});
