import { describe, expect, it } from 'vitest';
import { testJob } from './fake-pool.test-support.js';
import { JobWork, NONCE_OFFSET, nonceHex } from './job-work.js';
import { summarize } from './latency.js';

describe('JobWork', () => {
  it('iterates nonces from the start value and writes them little-endian at offset 39', () => {
    const work = new JobWork(testJob(1), { startNonce: 0x01020304 });
    const nonce = work.nextNonce();
    expect(nonce).toBe(0x01020304);
    const blob = work.blobWithNonce(nonce);
    expect(blob.subarray(NONCE_OFFSET, NONCE_OFFSET + 4).toString('hex')).toBe('04030201');
    expect(nonceHex(nonce)).toBe('04030201');
    expect(work.nextNonce()).toBe(0x01020305);
    // The job's own blob is untouched: each call gets a fresh copy.
    expect(work.blobWithNonce(7).toString('hex')).not.toBe(blob.toString('hex'));
    expect(Buffer.from(testJob(1).blob, 'hex').readUInt32LE(NONCE_OFFSET)).toBe(0);
  });

  it('derives target64 as XMRig does (shared target vectors)', () => {
    expect(new JobWork({ ...testJob(1), target: '711b0d00' }).target64).toBe(
      ((1n << 64n) - 1n) / (0xffffffffn / 0xd1b71n),
    );
    expect(new JobWork({ ...testJob(1), target: 'caab297fad010000' }).target64).toBe(0x000001ad7f29abcan);
    expect(() => new JobWork({ ...testJob(1), target: '00000000' })).toThrow();
  });

  it('keeps blob byte 42 in nicehash mode, announced or implied by non-zero nonce bytes', () => {
    const job = testJob(1);
    const blob = Buffer.from(job.blob, 'hex');
    blob[42] = 0xa5;
    const implied = new JobWork({ ...job, blob: blob.toString('hex') }, { startNonce: 0x00fffffe });
    expect(implied.nicehash).toBe(true);
    expect(nonceHex(implied.nextNonce())).toBe('feffffa5');
    expect(nonceHex(implied.nextNonce())).toBe('ffffffa5');
    expect(implied.remaining).toBe(0);
    expect(() => implied.nextNonce()).toThrow(RangeError);
    const announced = new JobWork(job, { nicehash: true });
    expect(announced.nicehash).toBe(true);
    expect(announced.remaining).toBe(0x1000000);
    expect(new JobWork(job).remaining).toBe(2 ** 32);
  });

  it('refuses a blob without room for the nonce', () => {
    expect(() => new JobWork({ ...testJob(1), blob: '00'.repeat(42) })).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('gives nearest-rank percentiles', () => {
    const s = summarize(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(s).toEqual({ count: 100, min: 1, mean: 50.5, p50: 50, p90: 90, p99: 99, max: 100 });
    expect(summarize([]).count).toBe(0);
    expect(summarize([3]).p99).toBe(3);
  });
});
