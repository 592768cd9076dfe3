import { waitFor } from '@rxpool/devstack';
import type { AcceptedShare } from '@rxpool/messages';
import { buildPplnsWindow, PPS_SUB_UNITS } from '@rxpool/rewards';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TemplateRewardBook } from '../rewards/network-reward-source.js';
import { PplnsWindowRepository } from '../rewards/pplns-window.repository.js';
import {
  acceptedShare,
  address,
  lockWaiters,
  migratedDatabase,
  openTransaction,
  shareId,
  shareRollup,
  shareWriter,
} from '../testing/fixtures.js';
import type { ShareRollup } from './share-rollup.js';
import type { ShareWriter } from './share-writer.js';

const T0 = 1_700_000_000_000 - (1_700_000_000_000 % 60_000);

describe('ShareWriter and the PPLNS window (real Postgres)', () => {
  let fx: Awaited<ReturnType<typeof migratedDatabase>>;
  const book = new TemplateRewardBook();
  let writer: ShareWriter;
  let rollup: ShareRollup;
  const shares: AcceptedShare[] = [];

  beforeAll(async () => {
    fx = await migratedDatabase('acct_writer');
    writer = shareWriter(fx.database.db, book);
    rollup = shareRollup(fx.database.db);
    // 3,000 PPLNS shares over ~10 minutes, 5 miners × 2 workers, difficulties 100..1399,
    // several in the same millisecond so the share id breaks ties.
    for (let i = 0; i < 3000; i++) {
      shares.push(
        acceptedShare({
          shareId: shareId(1 + (i % 3), i),
          miner: address(i % 5),
          worker: `w${i % 2}`,
          jobDifficulty: 100 + ((i * 37) % 1300),
          acceptedAt: T0 + Math.floor(i / 5) * 1000,
        }),
      );
    }
  });
  afterAll(() => fx?.drop());

  it('stores each share once, however often it is written, and sums each exactly once per minute', async () => {
    const first = await writer.write(shares.slice(0, 2000));
    // The rollup passes the first shares; then late shares (below the watermark) arrive with new ones.
    await rollup.advanceTo(BigInt(T0 + 250_000));
    const late = shares.filter((_, i) => i >= 2000 && i % 3 === 0);
    const onTime = shares.filter((_, i) => i >= 2000 && i % 3 !== 0);
    const again = await writer.write([...shares.slice(1500, 2000), ...onTime, ...shares.slice(2990)]);
    await rollup.advanceTo(BigInt(T0 + 480_000));
    const lateResult = await writer.write(late);
    await rollup.advanceTo(BigInt(T0 + 3_600_000));
    expect(first.inserted).toBe(2000);
    expect(again.inserted + lateResult.inserted).toBe(1000);
    const { rows } = await fx.database.pool.query<{
      raw: string;
      agg: string;
      pool: string;
      n: string;
      an: string;
      pn: string;
    }>(
      `SELECT (SELECT sum(job_difficulty)::text FROM shares) AS raw, (SELECT sum(difficulty)::text FROM share_minutes) AS agg,
              (SELECT sum(difficulty)::text FROM pool_minutes) AS pool, (SELECT count(*)::text FROM shares) AS n,
              (SELECT sum(shares)::text FROM share_minutes) AS an, (SELECT sum(shares)::text FROM pool_minutes) AS pn`,
    );
    const expected = String(shares.reduce((s, x) => s + x.jobDifficulty, 0));
    expect(rows[0]).toEqual({
      raw: expected,
      agg: expected,
      pool: expected,
      n: '3000',
      an: '3000',
      pn: '3000',
    });
  });

  it('computes the same window in SQL as over the raw shares, edge share trimmed', async () => {
    const repo = new PplnsWindowRepository(fx.database.db);
    const ordered = [...shares].sort(
      (a, b) => a.acceptedAt - b.acceptedAt || (a.shareId < b.shareId ? -1 : 1),
    );
    for (const [endIndex, size] of [
      [2999, 50_000n], // edge inside the end minute
      [2999, 1_500_000n], // edge several minutes back
      [1234, 400_000n],
      [2000, 10n ** 12n], // more than all shares: partial window
      [0, 50n], // the end share alone fills it
    ] as const) {
      const end = ordered[endIndex] as AcceptedShare;
      const expected = buildPplnsWindow(
        ordered
          .slice(0, endIndex + 1)
          .reverse()
          .map((s) => ({ id: s.shareId, account: s.miner, weight: BigInt(s.jobDifficulty) })),
        size,
      );
      const got = await repo.window({ acceptedAt: BigInt(end.acceptedAt), shareId: end.shareId }, size);
      expect({ ...got, newestAt: undefined, oldestAt: undefined }).toEqual({
        ...expected,
        newestAt: undefined,
        oldestAt: undefined,
      });
    }
  });

  it('credits PPS shares exactly once, carrying sub-unit remainders, and opens candidate blocks', async () => {
    book.record(10, 7n); // a reward of 7 units at network difficulty 1,000,000
    const miner = address(42);
    const pps = Array.from({ length: 1000 }, (_, i) =>
      acceptedShare({
        shareId: shareId(9, i),
        miner,
        scheme: 'pps',
        jobDifficulty: 1000,
        networkDifficulty: '1000000',
      }),
    );
    const candidate = acceptedShare({
      shareId: shareId(9, 5000),
      miner,
      blockCandidate: true,
      networkDifficulty: '1000000',
    });
    // Each share is worth 7 × 1000 / 1e6 = 0.007 units; 1000 of them 7 units, in two batches.
    await writer.write(pps.slice(0, 600));
    await writer.write([...pps.slice(300), candidate]);
    await writer.write(pps.slice(0, 1000)); // a full redelivery credits nothing
    const { rows } = await fx.database.pool.query<{ balance: string; carry: bigint }>(
      `SELECT (SELECT balance::text FROM account_balances WHERE account = $1) AS balance,
              (SELECT carry_after FROM pps_batch_credits WHERE account = $1 ORDER BY batch_id DESC LIMIT 1) AS carry`,
      [miner],
    );
    expect(rows[0]?.balance).toBe('7');
    expect(rows[0]?.carry).toBe(0n);
    // 600 shares = 4.2 units: 4 credited, 0.2 carried.
    const first = await fx.database.pool.query<{ amount: bigint; carry_after: bigint }>(
      'SELECT amount, carry_after FROM pps_batch_credits WHERE account = $1 ORDER BY batch_id LIMIT 1',
      [miner],
    );
    expect(first.rows[0]).toEqual({ amount: 4n, carry_after: PPS_SUB_UNITS / 5n });
    const block = await fx.database.pool.query(
      'SELECT status, scheme, miner, found_at FROM blocks WHERE candidate_id = $1',
      [candidate.shareId],
    );
    expect(block.rows[0]).toMatchObject({
      status: 'candidate',
      scheme: 'pplns',
      miner,
      found_at: BigInt(candidate.acceptedAt),
    });
  });

  it('an insert that meets a moving rollup sums its late rows by the watermark the rollup commits', async () => {
    const { db } = fx.database;
    const T = T0 + 7_200_000;
    // A rollup moving the watermark past minute T, not committed yet; it cannot see rows stored after it.
    const rollupMove = await openTransaction(db, async (trx) => {
      await sql`SELECT watermark FROM share_rollup FOR UPDATE`.execute(trx);
      await trx
        .updateTable('share_rollup')
        .set({ watermark: T + 120_000 })
        .execute();
    });
    const late = Array.from({ length: 10 }, (_, i) =>
      acceptedShare({
        shareId: shareId(11, i),
        miner: address(7),
        jobDifficulty: 10,
        acceptedAt: T + 1_000 * i,
      }),
    );
    const writing = writer.write(late);
    try {
      await waitFor(
        'the insert waits for the moving rollup',
        async () => (await lockWaiters(db)) === 1,
        10_000,
        20,
      );
    } finally {
      await rollupMove.commit();
    }
    expect((await writing).inserted).toBe(10);
    // Below the committed watermark: the insert summed them itself (the rollup never saw them).
    const sums = await sql<{ workers: string | null; pool: string | null }>`
      SELECT (SELECT sum(shares)::text FROM share_minutes WHERE minute = ${T}) AS workers,
             (SELECT sum(shares)::text FROM pool_minutes WHERE minute = ${T}) AS pool`.execute(db);
    expect(sums.rows[0]).toEqual({ workers: '10', pool: '10' });
  });
});
