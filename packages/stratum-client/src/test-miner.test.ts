import { errorLine, jobLine, okLine, Rejections, type SubmitRequest } from '@rxpool/stratum';
import { afterEach, describe, expect, it } from 'vitest';
import { FakePool, testJob } from './fake-pool.test-support.js';
import type { Hasher, HasherSource } from './hasher.js';
import { NONCE_OFFSET } from './job-work.js';
import { StratumClient } from './stratum-client.js';
import { TestMiner } from './test-miner.js';

/**
 * A stand-in hash: bytes 24..31 are 0 for nonces divisible by `every`, else all ones,
 * so exactly those nonces meet any target. Bytes 0..3 echo the nonce for checking.
 */
class FakeHashers implements HasherSource {
  seeds: string[] = [];
  /** `onBatch` runs after each batch is hashed (a test stops the miner from there). */
  constructor(
    private readonly every: number,
    private readonly onBatch: () => void = () => undefined,
  ) {}
  async forSeed(seed: string): Promise<Hasher> {
    this.seeds.push(seed);
    return {
      // Resolves on a later turn of the event loop, as the native hasher does.
      hashBatch: async (blobs) => {
        await new Promise((resolve) => setImmediate(resolve));
        this.onBatch();
        return blobs.map((blob) => {
          const nonce = Buffer.from(blob).readUInt32LE(NONCE_OFFSET);
          const hash = Buffer.alloc(32, nonce % this.every === 0 ? 0 : 0xff);
          hash.writeUInt32LE(nonce, 0);
          return hash;
        });
      },
    };
  }
  close(): void {}
}

let pool: FakePool | undefined;
afterEach(async () => {
  await pool?.stop();
  pool = undefined;
});

async function loggedIn(): Promise<StratumClient> {
  pool = await FakePool.start();
  const client = await StratumClient.connect({ host: '127.0.0.1', port: pool.port });
  await client.login({ login: 'a' });
  return client;
}

const submits = () =>
  (pool?.requests ?? []).filter((r) => r.request.method === 'submit').map((r) => r.request as SubmitRequest);

describe('TestMiner', () => {
  it('submits the nonces whose hash meets the target, with the hash as result, and counts replies', async () => {
    const client = await loggedIn();
    let n = 0;
    if (pool)
      pool.handler = (r) => (n++ % 2 === 0 ? okLine(r.id) : errorLine(r.id, Rejections.LowDifficulty));
    const seen: string[] = [];
    const report = await new TestMiner({
      client,
      hashers: new FakeHashers(5),
      shares: 3,
      batch: 4,
      onShare: (s) => seen.push(s.nonce),
    }).run();
    const sent = submits();
    expect(sent.map((s) => s.params.nonce)).toEqual(['00000000', '05000000', '0a000000']);
    expect(sent[1]?.params.result).toBe(`05000000${'00'.repeat(20)}${'00'.repeat(8)}`);
    expect(sent.every((s) => s.params.job_id === 'job-1' && s.params.id === 'session-0')).toBe(true);
    expect(report).toMatchObject({ sent: 3, accepted: 2, rejected: 1, unanswered: 0 });
    expect(report.rejections).toEqual({ 'Low difficulty share': 1 });
    expect(report.hashes).toBeGreaterThanOrEqual(11);
    expect(report.latencyMs.count).toBe(3);
    expect(seen).toHaveLength(3);
    client.destroy();
  });

  it('switches to a new job as soon as it arrives and asks for the new seed', async () => {
    const client = await loggedIn();
    const hashers = new FakeHashers(3);
    if (pool) {
      pool.handler = (r) => {
        if (r.method === 'submit' && r.params.job_id === 'job-1') {
          setImmediate(() => pool?.broadcast(jobLine({ ...testJob(2), seed_hash: 'cd'.repeat(32) })));
        }
        return okLine(r.id);
      };
    }
    const report = await new TestMiner({ client, hashers, shares: 4, batch: 1 }).run();
    const jobs = submits().map((s) => s.params.job_id);
    expect(jobs[0]).toBe('job-1');
    expect(jobs.at(-1)).toBe('job-2');
    expect(submits().at(-1)?.params.nonce).toMatch(/^(00|03|06|09)000000$/);
    expect(hashers.seeds).toContain('cd'.repeat(32));
    expect(report.accepted).toBe(4);
    client.destroy();
  });

  it('stops on a hash budget, on stop() and when the connection closes', async () => {
    const client = await loggedIn();
    const budget = await new TestMiner({
      client,
      hashers: new FakeHashers(1_000_000),
      maxHashes: 10,
      startNonce: 1,
      batch: 4,
    }).run();
    expect(budget).toMatchObject({ hashes: 10, sent: 0 });

    // Stopped, and the connection closed, once the miner is hashing (after its first batch).
    const controller = new AbortController();
    const stopped = new TestMiner({
      client,
      hashers: new FakeHashers(1_000_000, () => controller.abort()),
      signal: controller.signal,
    }).run();
    expect((await stopped).hashes).toBeGreaterThan(0);

    const closeConnection = () => pool?.connections[0]?.socket.destroy();
    const closing = new TestMiner({
      client,
      hashers: new FakeHashers(1_000_000, closeConnection),
      startNonce: 1,
    }).run();
    expect((await closing).sent).toBe(0);
  });

  it('needs a logged-in client', async () => {
    pool = await FakePool.start();
    const client = await StratumClient.connect({ host: '127.0.0.1', port: pool.port });
    await expect(new TestMiner({ client, hashers: new FakeHashers(1) }).run()).rejects.toThrow(
      /log the client in/,
    );
    client.destroy();
  });
});
