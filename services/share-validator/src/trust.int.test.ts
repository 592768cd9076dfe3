import { randomBytes } from 'node:crypto';
import { NatsBus, openBansBucket } from '@rxpool/bus';
import { loadConfig } from '@rxpool/config';
import { waitFor } from '@rxpool/devstack';
import {
  decodeAcceptedShares,
  decodeBanEntry,
  decodeJson,
  decodeSharesVoided,
  type MessageNames,
  shareVerified,
  type ValidateReply,
  type ValidateRequest,
} from '@rxpool/messages';
import { createLogger, HealthRegistry, Registry } from '@rxpool/observability';
import { RandomXContext } from '@rxpool/randomx';
import type { JetStreamManager, NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readValidatorConfig } from './config.js';
import { RandomXContextFactory } from './randomx-context-factory.js';
import type { ContextFactory } from './seed-context-manager.js';
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

const HONEST = `4${'H'.repeat(94)}`;
const FORGER = `4${'F'.repeat(94)}`;
const AFTER = 5;
const NAMESPACE = 'svtrust';
const log = createLogger('trust-test', 'silent');

/** A validator replica in this process, on its own connection, counting the blobs it hashes. */
interface Replica {
  app: ValidatorApp;
  validator: InProcessValidator;
  bus: NatsBus;
  registry: Registry;
  hashed(): number;
}

async function startReplica(url: string, seed: string): Promise<Replica> {
  const config = loadConfig(readValidatorConfig, {
    VALIDATOR_MODE: 'light',
    VALIDATOR_THREADS: '1',
    NATS_NAMESPACE: NAMESPACE,
    VALIDATOR_TRUST: 'on',
    VALIDATOR_TRUST_AFTER: String(AFTER),
    VALIDATOR_TRUST_SAMPLE_RATE: '0.2',
    VALIDATOR_TRUST_MAX_UNVERIFIED: '200',
  });
  let hashed = 0;
  const real = new RandomXContextFactory(config);
  const contextFactory: ContextFactory = {
    async create(...args) {
      const ctx = await real.create(...args);
      return {
        hashBatch: (blobs) => {
          hashed += blobs.length;
          return ctx.hashBatch(blobs);
        },
        dispose: () => ctx.dispose(),
      };
    },
  };
  const bus = new NatsBus(
    { url, namespace: NAMESPACE, name: 'validator-trust-replica' },
    new HealthRegistry(),
    log,
  );
  await bus.connect();
  const registry = new Registry();
  const health = new HealthRegistry();
  const validator = await startInProcessValidator({ bus, config, log, health, registry, contextFactory });
  const { app } = validator;
  await waitFor(
    'the replica’s RandomX context',
    async () => app.seeds.lookup(seed).state === 'ready',
    120_000,
  );
  return { app, validator, bus, registry, hashed: () => hashed };
}

/** What one replica did with each share sent to it, in order: accepted or not, hashed or not. */
type Sent = { id: string; ok: boolean; hashed: boolean; reply: ValidateReply };

/** Sends shares one at a time straight to a replica's validator, noting whether each was hashed. */
async function sendTo(replica: Replica, shares: ValidateRequest[], record: Sent[]): Promise<Sent[]> {
  const out: Sent[] = [];
  for (const share of shares) {
    const before = replica.hashed();
    const reply = await replica.app.validator.validate(share);
    out.push({ id: share.shareId, ok: reply.ok, hashed: replica.hashed() > before, reply });
  }
  record.push(...out);
  return out;
}

/** The accepted shares a replica took on trust since its last hashed (verified) accepted one. */
function sinceLastVerified(log: Sent[]): string[] {
  const accepted = log.filter((s) => s.ok);
  const last = accepted.map((s) => s.hashed).lastIndexOf(true);
  return accepted.slice(last + 1).map((s) => s.id);
}

describe('sampled trust against nats-server and RandomX', () => {
  const seed = randomBytes(32).toString('hex');
  let fixture: BusFixture;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let names: MessageNames;
  let hasher: RandomXContext;
  let first: Replica;
  let second: Replica | undefined;

  const sharesStream = async () => {
    const messages = await readStream(jsm, names.streams.shares, (v: unknown) => v);
    const accepted = messages
      .filter((m) => m.subject === names.subjects.sharesAccepted)
      .flatMap((m) => decodeAcceptedShares(m.value).shares);
    const voided = messages
      .filter((m) => m.subject === names.subjects.sharesVoided)
      .map((m) => ({ msgId: m.msgId, value: decodeSharesVoided(m.value) }));
    return { accepted, voided };
  };

  beforeAll(async () => {
    fixture = await startBusFixture('validator-trust', NAMESPACE);
    ({ nc, jsm, names } = fixture);
    await publishTemplate(fixture.bus.jetstream, names, templateEvent(seed));
    [hasher, first] = await Promise.all([
      RandomXContext.create({ seed: Buffer.from(seed, 'hex'), mode: 'light', threads: 2 }),
      startReplica(fixture.nats.url, seed),
    ]);
  });

  afterAll(async () => {
    for (const r of [first, second]) {
      await r?.validator.close();
      await r?.bus.close();
    }
    hasher?.dispose();
    await fixture?.close();
  });

  it('an honest miner earns trust, then most of its shares are accepted unhashed', async () => {
    const shares = await makeShares(hasher, AFTER + 60, { miner: HONEST });
    const before = first.hashed();
    for (const s of shares.slice(0, AFTER))
      expect(await requestValidation(nc, names, s)).toMatchObject({ ok: true });
    expect(first.hashed() - before).toBe(AFTER);
    expect(first.app.trust?.policy.isTrusted(HONEST)).toBe(true);

    const later = shares.slice(AFTER);
    for (const s of later) expect(await requestValidation(nc, names, s)).toMatchObject({ ok: true });
    const hashedLater = first.hashed() - before - AFTER;
    // About 12 of 60 at a sample rate of 0.2; 30 or more, or none, has odds below 1e-5.
    expect(hashedLater).toBeGreaterThan(0);
    expect(hashedLater).toBeLessThan(30);

    const stored = (await sharesStream()).accepted.filter((s) => s.miner === HONEST);
    expect(stored).toHaveLength(shares.length);
    const onTrust = stored.filter((s) => !shareVerified(s));
    expect(onTrust).toHaveLength(later.length - hashedLater);
    const claimed = new Map(shares.map((s) => [s.shareId, s.result]));
    for (const s of onTrust) expect(s.hash).toBe(claimed.get(s.shareId));
    const metrics = await first.registry.getSingleMetricAsString('rxpool_validator_trust_decisions_total');
    expect(metrics).toMatch(/decision="trusted"\} [1-9]/);
    expect(metrics).toMatch(/decision="untrusted"\} 5/);
  });

  it('a forging miner is caught, banned, its trust revoked on every replica and its shares on trust voided', async () => {
    const other = await startReplica(fixture.nats.url, seed);
    second = other;
    const atFirst: Sent[] = [];
    const atSecond: Sent[] = [];
    const honest = (n: number) => makeShares(hasher, n, { miner: FORGER });
    // Trust earned at both replicas; then honest shares until each holds shares on trust.
    for (const [replica, record] of [
      [first, atFirst],
      [other, atSecond],
    ] as const) {
      await sendTo(replica, await honest(AFTER), record);
      expect(replica.app.trust?.policy.isTrusted(FORGER)).toBe(true);
      // A sampled share after trust, and the last one on trust: the void must start after the former.
      const sampledSinceTrust = () => record.some((s, j) => j >= AFTER && s.hashed);
      for (let i = 0; i < 80 && (record.at(-1)?.hashed !== false || !sampledSinceTrust()); i++) {
        await sendTo(replica, await honest(1), record);
      }
      expect(sampledSinceTrust()).toBe(true);
      expect(sinceLastVerified(record).length).toBeGreaterThan(0);
    }
    const expectedSecond = sinceLastVerified(atSecond);

    // Now made-up results (any result meets job difficulty 1), to the first replica, until one is sampled.
    let bad: Sent | undefined;
    for (let i = 0; i < 200 && !bad; i++) {
      const [forged] = await honest(1);
      const [sent] = await sendTo(first, [{ ...forged!, result: randomBytes(32).toString('hex') }], atFirst);
      if (!sent!.ok) bad = sent;
      else expect(sent!.hashed).toBe(false);
    }
    expect(bad?.reply).toMatchObject({ ok: false, reason: 'hash_mismatch' });
    expect(bad?.hashed).toBe(true);
    const expectedFirst = sinceLastVerified(atFirst);
    expect(expectedFirst.length).toBeGreaterThan(0);

    // Banned at the gateways' bucket, opened as they open it (a bucket made here with other
    // settings first would refuse the validator's).
    const kv = await openBansBucket(fixture.bus.jetstream, names.buckets.bans);
    await waitFor(
      'the ban entry',
      async () => (await kv.get(`addr.${FORGER}`))?.operation === 'PUT',
      10_000,
      20,
    );
    const entry = decodeJson((await kv.get(`addr.${FORGER}`))!.value, decodeBanEntry);
    expect(entry).toMatchObject({ kind: 'address', target: FORGER, by: 'share-validator', until: 0 });
    expect(entry.reason).toMatch(/hash_mismatch/);

    // Trust ended on the other replica too, and each replica voided exactly its own list.
    await waitFor(
      'the second replica to drop its trust',
      async () => !other.app.trust?.policy.isTrusted(FORGER),
    );
    const voids = async () => (await sharesStream()).voided;
    await waitFor('both void messages', async () => (await voids()).length === 2, 20_000, 50);
    const byId = new Map((await voids()).map((v) => [v.msgId, v.value]));
    const caught = byId.get(`void-${bad!.id}`);
    expect(caught).toMatchObject({ miner: FORGER, reason: expect.stringMatching(/hash_mismatch/) });
    expect(caught?.shareIds).toEqual(expectedFirst);
    expect(byId.get(`void-${bad!.id}-${other.app.trust?.replica}`)?.shareIds).toEqual(expectedSecond);

    // Every voided share is one stored unverified; none verified is voided.
    const stored = new Map((await sharesStream()).accepted.map((s) => [s.shareId, s]));
    for (const id of [...expectedFirst, ...expectedSecond]) expect(stored.get(id)?.verified).toBe(false);

    // From now on each of its shares is hashed again.
    const [again] = await honest(1);
    const [next] = await sendTo(first, [{ ...again!, result: randomBytes(32).toString('hex') }], atFirst);
    expect(next).toMatchObject({ ok: false, hashed: true });
    const revocations = await other.registry.getSingleMetricAsString(
      'rxpool_validator_trust_revocations_total',
    );
    expect(revocations).toMatch(/origin="replica"\} 1/);
  });
});
