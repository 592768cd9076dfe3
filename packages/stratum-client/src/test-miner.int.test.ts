import { difficultyToTarget, meetsShareTarget, targetToTarget64 } from '@rxpool/cryptonote';
import { RandomXContext } from '@rxpool/randomx';
import { errorLine, loginOkLine, okLine, Rejections, type StratumJob } from '@rxpool/stratum';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakePool } from './fake-pool.test-support.js';
import { RandomXHasherSource } from './hasher.js';
import { NONCE_OFFSET } from './job-work.js';
import { StratumClient } from './stratum-client.js';
import { TestMiner } from './test-miner.js';

// Mainnet height 3195018 (shared template vectors): a real hashing blob and its seed.
const job: StratumJob = {
  blob: '1010f4bae0b4069d648e741d85ca0e7acb4501f051b27e9b107d3cd7a3f03aa7f776089117c81a0000000057039268c1248513bf2338ce899e1296a54c6cd11d83645ee518afdb8ba6009c01',
  job_id: 'real-1',
  target: difficultyToTarget(8),
  algo: 'rx/0',
  height: 3195018,
  seed_hash: 'e2aa0b7b55042cd48b02e395d78fa66a29815ccc1584e38db2d1f0e8485cd44f',
};

let verifier: RandomXContext;
let pool: FakePool;
const hashers = new RandomXHasherSource({ mode: 'light', threads: 1 });

beforeAll(async () => {
  verifier = await RandomXContext.create({
    seed: Buffer.from(job.seed_hash, 'hex'),
    mode: 'light',
    threads: 1,
  });
  pool = await FakePool.start();
});

afterAll(async () => {
  hashers.close();
  verifier?.dispose();
  await pool?.stop();
});

describe('TestMiner with real RandomX (light mode)', () => {
  it('submits shares whose result is the RandomX hash of the blob with that nonce and meets the target', async () => {
    const checked: boolean[] = [];
    pool.handler = (request, conn) => {
      if (request.method === 'login') return loginOkLine(request.id, 'real-session', job, ['algo']);
      if (request.method !== 'submit') return undefined;
      // Verify as a pool would: own blob with the submitted nonce, own hash.
      const blob = Buffer.from(job.blob, 'hex');
      Buffer.from(request.params.nonce, 'hex').copy(blob, NONCE_OFFSET);
      void verifier.hash(blob).then((hash) => {
        const ok =
          hash.toString('hex') === request.params.result &&
          meetsShareTarget(hash, targetToTarget64(job.target));
        checked.push(ok);
        conn.write(ok ? okLine(request.id) : errorLine(request.id, Rejections.InvalidShare));
      });
      return undefined;
    };
    const client = await StratumClient.connect({
      host: '127.0.0.1',
      port: pool.port,
      replyTimeoutMs: 30_000,
    });
    await client.login({ login: 'miner' });
    const report = await new TestMiner({ client, hashers, shares: 3, batch: 2 }).run();
    expect(report).toMatchObject({ sent: 3, accepted: 3, rejected: 0, unanswered: 0 });
    expect(checked).toEqual([true, true, true]);
    expect(report.hashes).toBeGreaterThanOrEqual(3);
    expect(report.hashesPerSecond).toBeGreaterThan(1);
    await client.close();
  });
});
