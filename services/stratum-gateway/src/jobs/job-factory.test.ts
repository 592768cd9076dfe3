import { reservedBytes } from '@rxpool/share-id';
import { jobLine, parseServerMessage } from '@rxpool/stratum';
import { beforeAll, describe, expect, it } from 'vitest';
import { templateEvent } from '../testing/fixtures.js';
import { CounterSpentError, JobFactory, NoInstanceIdError } from './job-factory.js';
import { JobTemplate } from './job-template.js';
import { Keccak256 } from './keccak.js';
import { claimedResultMeetsTarget, TargetCache } from './target-cache.js';

let keccak: Keccak256;
beforeAll(async () => {
  keccak = await Keccak256.create();
});

function factory(ids: { instanceId: number | undefined } = { instanceId: 0x0a0b0c0d }) {
  return new JobFactory({ instanceId: ids.instanceId, counterExhausted() {} }, new TargetCache());
}

describe('JobFactory', () => {
  it('gives each job the blob of its own reserved bytes and a fresh id', () => {
    const template = new JobTemplate(templateEvent({ txs: 5 }), 1, 0, keccak);
    const f = factory();
    const a = f.create(template, 5000, -1);
    const b = f.create(template, 5000, -1);
    expect(a.wire.job_id).toBe('0a0b0c0d00000000');
    expect(b.wire.job_id).toBe('0a0b0c0d00000001');
    expect(a.wire.blob).toBe(
      Buffer.from(template.hashingBlob(reservedBytes(0x0a0b0c0d, 0, 60))).toString('hex'),
    );
    expect(b.wire.blob).not.toBe(a.wire.blob);
    expect(a.wire).toMatchObject({
      target: '711b0d00',
      algo: 'rx/0',
      height: template.height,
      seed_hash: template.seedHash,
    });
    expect(a.job).toMatchObject({ instanceId: 0x0a0b0c0d, counter: 0, expiresAt: 0, difficulty: 5000 });
  });

  it('writes the job notification exactly as @rxpool/stratum does', () => {
    for (const event of [templateEvent(), { ...templateEvent(), nextSeedHash: 'ab'.repeat(32) }]) {
      const template = new JobTemplate(event, 1, 0, keccak);
      const { line } = factory().createLine(template, 123456, -1);
      const message = parseServerMessage(line.trimEnd());
      if (message.kind !== 'job') throw new Error('not a job');
      expect(line).toBe(jobLine(message.job));
    }
  });

  it('puts the miner nonce byte at blob byte 42 in nicehash mode', () => {
    const template = new JobTemplate(templateEvent(), 1, 0, keccak);
    const { wire } = factory().create(template, 1000, 0x7f);
    expect(wire.blob.slice(78, 86)).toBe('0000007f');
    const { line } = factory().createLine(template, 1000, 0x7f);
    expect(line).toContain(wire.blob.slice(0, 86));
  });

  it('refuses to make a job without an instance id', () => {
    const template = new JobTemplate(templateEvent(), 1, 0, keccak);
    expect(() => factory({ instanceId: undefined }).create(template, 1000, -1)).toThrow(NoInstanceIdError);
  });

  it("never sets a job above its template's network difficulty, so a block-level hash is a share", () => {
    const template = new JobTemplate({ ...templateEvent(), networkDifficulty: '40' }, 1, 0, keccak);
    const { job, wire } = factory().create(template, 5_000_000, -1);
    expect(job.difficulty).toBeLessThanOrEqual(40);
    // The highest hash that is still a block at 40: bytes 24..31 = ⌊(2^64−1)/40⌋, the rest ff.
    const top = ((1n << 64n) - 1n) / 40n;
    const le = Buffer.alloc(8);
    le.writeBigUInt64LE(top);
    expect(claimedResultMeetsTarget(`${'ff'.repeat(24)}${le.toString('hex')}`, job.target.target64)).toBe(
      true,
    );
    expect(wire.target).toBe(job.target.hex);
    // Below the network difficulty the asked difficulty stands.
    expect(factory().create(template, 20, -1).job.difficulty).toBe(20);
  });

  it('issues no job under an instance id whose counter is spent, and starts afresh under a new one', () => {
    const template = new JobTemplate(templateEvent(), 1, 0, keccak);
    const ids = { instanceId: 0x0a0b0c0d as number | undefined, exhausted: 0 };
    const f = new JobFactory(
      {
        get instanceId() {
          return ids.instanceId;
        },
        counterExhausted: () => ids.exhausted++,
      },
      new TargetCache(),
      0xff,
    );
    const seen = new Set<string>();
    for (let i = 0; i < 256; i++) seen.add(f.create(template, 1000, -1).wire.job_id);
    expect(seen.size).toBe(256);
    expect(ids.exhausted).toBe(1);
    expect(() => f.create(template, 1000, -1)).toThrow(CounterSpentError);
    expect(() => f.createLine(template, 1000, -1)).toThrow(NoInstanceIdError);
    expect(ids.exhausted).toBe(1);
    ids.instanceId = 0x0e0e0e0e;
    const next = f.create(template, 1000, -1).wire.job_id;
    expect(next).toBe('0e0e0e0e00000000');
    expect(seen.has(next)).toBe(false);
    expect(f.issued).toBe(257);
  });
});
