import type { AcceptedShare, BlockCandidate, ValidateRequest } from '@rxpool/messages';
import { describe, expect, it } from 'vitest';
import type { HashingContext } from './hashing-context.js';
import type { SeedLookup } from './seed-context-manager.js';
import {
  type SharePublisher,
  type ShareTrust,
  ShareValidator,
  type ValidationOutcome,
} from './share-validator.js';
import type { TrustDecision } from './trust-policy.js';

// LE256 value 2^248: reaches difficulty ⌊(2^256−1)/2^248⌋ = 255.
const HASH = Buffer.alloc(32);
HASH[31] = 1;
const HASH_HEX = HASH.toString('hex');
const SEED = 'ab'.repeat(32);

const request = (over: Partial<ValidateRequest> = {}): ValidateRequest => ({
  shareId: '00000001000000020a0b0c0d',
  miner: '42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfJJQAWDm',
  worker: 'rig1',
  jobId: 'j1',
  templateId: '10-1',
  height: 10,
  reserved: '00000001000000020000000000000000',
  nonce: '0a0b0c0d',
  scheme: 'pplns',
  hashingBlob: '10'.repeat(76),
  seedHash: SEED,
  result: HASH_HEX,
  jobDifficulty: 100,
  networkDifficulty: '1000000',
  receivedAt: 1,
  ...over,
});

const context: HashingContext = { hashBatch: async () => [HASH], dispose() {} };

class RecordingPublisher implements SharePublisher {
  readonly shares: AcceptedShare[] = [];
  readonly candidates: BlockCandidate[] = [];
  failWith: Error | undefined;
  gate: Promise<void> = Promise.resolve();
  async publishAccepted(share: AcceptedShare): Promise<void> {
    await this.gate;
    if (this.failWith) throw this.failWith;
    this.shares.push(share);
  }
  async publishCandidate(candidate: BlockCandidate): Promise<void> {
    await this.gate;
    if (this.failWith) throw this.failWith;
    this.candidates.push(candidate);
  }
}

function setup(
  options: { lookup?: SeedLookup; hash?: () => Promise<Buffer> | undefined; trust?: ShareTrust } = {},
) {
  const publisher = new RecordingPublisher();
  const outcomes: Array<[ValidationOutcome, boolean]> = [];
  const troubles: string[] = [];
  let lookup: SeedLookup = options.lookup ?? { state: 'ready', context };
  const validator = new ShareValidator(
    { lookup: (seed) => (seed === SEED ? lookup : { state: 'unknown' }) },
    { tryHash: options.hash ?? (async () => HASH) },
    publisher,
    { validated: (o, c) => outcomes.push([o, c]), trouble: (what) => troubles.push(what) },
    () => 1234,
    options.trust,
  );
  return { validator, publisher, outcomes, troubles, setLookup: (l: SeedLookup) => (lookup = l) };
}

describe('ShareValidator', () => {
  it('accepts a share whose hash matches and reaches the job difficulty, once it is stored', async () => {
    const { validator, publisher, outcomes } = setup();
    let released = () => {};
    publisher.gate = new Promise((r) => (released = r));
    let settled = false;
    const pending = validator.validate(request()).then((r) => {
      settled = true;
      return r;
    });
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false); // no reply before the JetStream ack
    released();
    expect(await pending).toEqual({
      ok: true,
      shareId: request().shareId,
      blockCandidate: false,
      hashDifficulty: '255',
      hashMicros: expect.any(Number),
    });
    expect(publisher.shares).toEqual([
      expect.objectContaining({
        shareId: request().shareId,
        miner: request().miner,
        hash: HASH_HEX,
        hashDifficulty: '255',
        jobDifficulty: 100,
        blockCandidate: false,
        acceptedAt: 1234,
        reserved: request().reserved,
      }),
    ]);
    expect(publisher.candidates).toEqual([]);
    expect(outcomes).toEqual([['accepted', false]]);
  });

  it('flags and publishes a block candidate when the hash reaches the network difficulty', async () => {
    const { validator, publisher, outcomes } = setup();
    const reply = await validator.validate(request({ networkDifficulty: '200' }));
    expect(reply).toMatchObject({ ok: true, blockCandidate: true });
    expect(publisher.shares[0]!.blockCandidate).toBe(true);
    expect(publisher.candidates).toEqual([
      {
        candidateId: request().shareId,
        templateId: '10-1',
        height: 10,
        reserved: request().reserved,
        nonce: '0a0b0c0d',
        powHash: HASH_HEX,
        miner: request().miner,
        worker: 'rig1',
        networkDifficulty: '200',
        foundAt: 1234,
      },
    ]);
    expect(outcomes).toEqual([['accepted', true]]);
  });

  it('uses 128-bit network difficulties', async () => {
    const { validator } = setup();
    const reply = await validator.validate(request({ networkDifficulty: (2n ** 100n).toString() }));
    expect(reply).toMatchObject({ ok: true, blockCandidate: false });
  });

  it.each([
    ['hash_mismatch', request({ result: 'cd'.repeat(32) })],
    ['low_difficulty', request({ jobDifficulty: 256 })],
    ['unknown_seed', request({ seedHash: 'ef'.repeat(32) })],
  ] as const)('rejects with %s and stores nothing', async (reason, req) => {
    const { validator, publisher, outcomes } = setup();
    expect(await validator.validate(req)).toMatchObject({ ok: false, reason, shareId: req.shareId });
    expect(publisher.shares).toEqual([]);
    expect(outcomes).toEqual([[reason, false]]);
  });

  it('answers busy while the seed context is still being built', async () => {
    const { validator } = setup({ lookup: { state: 'building' } });
    expect(await validator.validate(request())).toMatchObject({ ok: false, reason: 'busy' });
  });

  it('answers busy at once when the queue is full', async () => {
    const { validator } = setup({ hash: () => undefined });
    expect(await validator.validate(request())).toMatchObject({
      ok: false,
      reason: 'busy',
      message: /queue is full/,
    });
  });

  it('answers busy, not accepted, when the share could not be stored', async () => {
    const { validator, publisher, troubles } = setup();
    publisher.failWith = new Error('timeout');
    expect(await validator.validate(request())).toMatchObject({ ok: false, reason: 'busy' });
    expect(troubles).toEqual(['publish']);
  });

  it('answers unknown_seed when the seed was retired while the share waited', async () => {
    let fail = (_: Error) => {};
    const { validator, setLookup } = setup({ hash: () => new Promise((_, reject) => (fail = reject)) });
    const pending = validator.validate(request());
    setLookup({ state: 'unknown' });
    fail(new Error('disposed'));
    expect(await pending).toMatchObject({ ok: false, reason: 'unknown_seed' });
  });

  it('never treats a zero network difficulty as a block', async () => {
    const { validator, publisher } = setup();
    expect(await validator.validate(request({ networkDifficulty: '0' }))).toMatchObject({
      blockCandidate: false,
    });
    expect(publisher.candidates).toEqual([]);
  });
});

/** A ShareTrust that decides as told and records what the validator tells it. */
class RecordingTrust implements ShareTrust {
  readonly calls: string[] = [];
  readonly durable: Promise<void>[] = [];
  constructor(private readonly verify: boolean) {}
  decide(_r: ValidateRequest, claimsBlock: boolean): TrustDecision {
    this.calls.push(`decide ${claimsBlock ? 'block' : 'share'}`);
    return this.verify
      ? { verify: true, why: 'sampled', ticket: { record: undefined, index: 0 } }
      : { verify: false };
  }
  accepting(_r: ValidateRequest, durable: Promise<void>): void {
    this.calls.push('accepting');
    this.durable.push(durable);
  }
  passed(): void {
    this.calls.push('passed');
  }
  failed(_r: ValidateRequest, reason: string): void {
    this.calls.push(`failed ${reason}`);
  }
}

describe('ShareValidator with sampled trust', () => {
  const counting = () => {
    let hashes = 0;
    const hash = async () => {
      hashes++;
      return HASH;
    };
    return { hash, hashes: () => hashes };
  };

  it('stores a share accepted on trust unhashed, with the claimed result and verified: false', async () => {
    const trust = new RecordingTrust(false);
    const count = counting();
    const { validator, publisher } = setup({ trust, hash: count.hash });
    expect(await validator.validate(request())).toEqual({
      ok: true,
      shareId: request().shareId,
      blockCandidate: false,
      hashDifficulty: '255',
    });
    expect(count.hashes()).toBe(0);
    expect(publisher.shares).toEqual([
      expect.objectContaining({
        hash: HASH_HEX,
        hashDifficulty: '255',
        verified: false,
        blockCandidate: false,
      }),
    ]);
    expect(trust.calls).toEqual(['decide share', 'accepting']);
  });

  it('hashes a sampled share and tells the trust whether it was good', async () => {
    const trust = new RecordingTrust(true);
    const { validator, publisher } = setup({ trust });
    expect(await validator.validate(request())).toMatchObject({ ok: true, hashMicros: expect.any(Number) });
    expect(publisher.shares[0]).not.toHaveProperty('verified');
    expect(await validator.validate(request({ result: `${'00'.repeat(31)}02` }))).toMatchObject({
      ok: false,
      reason: 'hash_mismatch',
    });
    expect(trust.calls).toEqual(['decide share', 'passed', 'decide share', 'failed hash_mismatch']);
  });

  it('rejects a claimed result below the job difficulty without hashing, and says a claimed block', async () => {
    const trust = new RecordingTrust(false);
    const count = counting();
    const { validator } = setup({ trust, hash: count.hash });
    expect(await validator.validate(request({ jobDifficulty: 256 }))).toMatchObject({
      ok: false,
      reason: 'low_difficulty',
    });
    expect(count.hashes()).toBe(0);
    await validator.validate(request({ networkDifficulty: '200' }));
    expect(trust.calls).toEqual(['failed low_difficulty', 'decide block', 'accepting']);
  });

  it('answers busy when a share on trust could not be stored, and hands the failure to the trust', async () => {
    const trust = new RecordingTrust(false);
    const { validator, publisher, troubles } = setup({ trust });
    publisher.failWith = new Error('timeout');
    expect(await validator.validate(request())).toMatchObject({ ok: false, reason: 'busy' });
    await expect(trust.durable[0]).rejects.toThrow('timeout');
    expect(troubles).toEqual(['publish']);
  });
});
