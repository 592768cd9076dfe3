import { createLogger } from '@rxpool/observability';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PplnsWindowRepository } from '../rewards/pplns-window.repository.js';
import { acceptedShare, address, migratedDatabase, shareId, storeShares } from '../testing/fixtures.js';
import { SharePruner } from './share-pruner.js';
import { ShareRollup } from './share-rollup.js';

const T0 = 1_700_000_000_000 - (1_700_000_000_000 % 60_000);
const log = createLogger('test', 'warn');

/** Keeps two PPLNS windows (k = 2), no minimum age, deletes in chunks of 700; the clock is fixed. */
function prunerAt(pool: pg.Pool, now: number): SharePruner {
  const options = {
    intervalMs: 60_000,
    windows: { num: 2n, den: 1n },
    pplnsK: { num: 2n, den: 1n },
    minShareRetentionMs: 0,
    minuteRetentionMs: 30 * 86_400_000,
    chunk: 700,
  };
  return new SharePruner(pool, options, log, () => now);
}

describe('SharePruner (real Postgres)', () => {
  let fx: Awaited<ReturnType<typeof migratedDatabase>>;
  beforeAll(async () => {
    fx = await migratedDatabase('acct_prune');
  });
  afterAll(() => fx?.drop());

  it('deletes raw shares older than the kept windows and keeps every window a block can still need', async () => {
    const { pool } = fx.database;
    // 6,000 shares of difficulty 100, one a second for 100 minutes: 600,000 units.
    const shares = Array.from({ length: 6000 }, (_, i) =>
      acceptedShare({
        shareId: shareId(1, i),
        miner: address(i % 4),
        jobDifficulty: 100,
        acceptedAt: T0 + i * 1000,
      }),
    );
    await storeShares(pool, shares);
    const rollup = new ShareRollup(pool, { intervalMs: 60_000, lagMs: 0 }, log);
    await rollup.runOnce();
    // A known network difficulty of 50,000: a PPLNS window (k = 2) is 100,000 units = 1,000 shares.
    await pool.query(
      `INSERT INTO blocks (candidate_id, height, status, scheme, miner, worker, network_difficulty)
       VALUES ('ff', 1, 'unlocked', 'pplns', $1, 'w', 50000)`,
      [address(0)],
    );
    const end = shares[5999] as (typeof shares)[number];
    const windows = new PplnsWindowRepository(pool);
    const before = await windows.window(
      { acceptedAt: BigInt(end.acceptedAt), shareId: end.shareId },
      100_000n,
    );

    const pruner = prunerAt(pool, T0 + 7_000_000);
    const result = await pruner.prune();
    // Two windows = 200,000 units, counted over rolled-up minutes (6,000 units each) from the
    // newest one (98; minute 99 is still raw): minutes 98 down to 65 reach 204,000.
    expect(result.horizon).toBe(BigInt(T0 + 65 * 60_000));
    const { rows } = await pool.query<{ n: string; oldest: bigint }>(
      'SELECT count(*)::text AS n, min(accepted_at) AS oldest FROM shares',
    );
    expect(Number(rows[0]?.n)).toBe(6000 - result.shares);
    expect(result.shares).toBeGreaterThan(3500);
    expect(rows[0]?.oldest).toBe(result.horizon);

    const after = await windows.window(
      { acceptedAt: BigInt(end.acceptedAt), shareId: end.shareId },
      100_000n,
    );
    expect(after).toEqual(before);
    // Hashrate sums outlive the raw rows.
    const sums = await pool.query<{ n: string }>('SELECT sum(shares)::text AS n FROM share_minutes');
    expect(sums.rows[0]?.n).toBe('5940');
  });

  it('keeps everything while a block still waits for its split without a window end', async () => {
    const { pool } = fx.database;
    await pool.query(
      `INSERT INTO blocks (candidate_id, height, status, scheme, miner, worker, network_difficulty)
       VALUES ('ee', 2, 'accepted', 'pplns', $1, 'w', 50000)`,
      [address(0)],
    );
    const pruner = prunerAt(pool, T0 + 9_000_000);
    expect((await pruner.prune()).shares).toBe(0);
  });
});
