import type { DB } from '@rxpool/db';
import { waitFor } from '@rxpool/devstack';
import { createLogger } from '@rxpool/observability';
import { ManualTimer, type PeriodicTimer } from '@rxpool/service-kit';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PplnsWindowRepository } from '../rewards/pplns-window.repository.js';
import {
  acceptedShare,
  address,
  lockWaiters,
  migratedDatabase,
  openTransaction,
  shareId,
  shareRollup,
  storeShares,
} from '../testing/fixtures.js';
import { createSharePruner, type SharePruner } from './share-pruner.js';

const T0 = 1_700_000_000_000 - (1_700_000_000_000 % 60_000);
const log = createLogger('test', 'warn');

/** Keeps two PPLNS windows (k = 2), no minimum age, deletes in chunks of 700; the clock is fixed. */
function prunerAt(db: Kysely<DB>, now: number, timer?: PeriodicTimer): SharePruner {
  const options = {
    intervalMs: 60_000,
    windows: { num: 2n, den: 1n },
    pplnsK: { num: 2n, den: 1n },
    minShareRetentionMs: 0,
    minuteRetentionMs: 30 * 86_400_000,
    chunk: 700,
  };
  return createSharePruner(db, options, log, () => now, timer);
}

describe('SharePruner (real Postgres)', () => {
  let fx: Awaited<ReturnType<typeof migratedDatabase>>;
  beforeAll(async () => {
    fx = await migratedDatabase('acct_prune');
  });
  afterAll(() => fx?.drop());

  it('deletes raw shares older than the kept windows and keeps every window a block can still need', async () => {
    const { pool, db } = fx.database;
    // 6,000 shares of difficulty 100, one a second for 100 minutes: 600,000 units.
    const shares = Array.from({ length: 6000 }, (_, i) =>
      acceptedShare({
        shareId: shareId(1, i),
        miner: address(i % 4),
        jobDifficulty: 100,
        acceptedAt: T0 + i * 1000,
      }),
    );
    await storeShares(db, shares);
    await shareRollup(db).runOnce();
    // A known network difficulty of 50,000: a PPLNS window (k = 2) is 100,000 units = 1,000 shares.
    await pool.query(
      `INSERT INTO blocks (candidate_id, height, status, scheme, miner, worker, network_difficulty)
       VALUES ('ff', 1, 'unlocked', 'pplns', $1, 'w', 50000)`,
      [address(0)],
    );
    const end = shares[5999] as (typeof shares)[number];
    const windows = new PplnsWindowRepository(db);
    const before = await windows.window(
      { acceptedAt: BigInt(end.acceptedAt), shareId: end.shareId },
      100_000n,
    );

    const pruner = prunerAt(db, T0 + 7_000_000);
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
    const pruner = prunerAt(fx.database.db, T0 + 9_000_000);
    expect((await pruner.prune()).shares).toBe(0);
  });

  it('stop waits for a running prune, so the database is not closed under it', async () => {
    const { db } = fx.database;
    const timer = new ManualTimer();
    const pruner = prunerAt(db, T0 + 9_000_000, timer);
    // Another transaction holds pool_minutes: a prune that starts waits for it.
    const holder = await openTransaction(db, (trx) =>
      sql`LOCK TABLE pool_minutes IN ACCESS EXCLUSIVE MODE`.execute(trx),
    );
    pruner.start();
    timer.fire();
    await waitFor('the prune waits for the lock', async () => (await lockWaiters(db)) === 1, 10_000, 20);
    const order: string[] = [];
    const stopped = pruner.stop().then(() => order.push('stopped'));
    await new Promise<void>((resolve) => setImmediate(resolve));
    order.push('released');
    await holder.commit();
    await stopped;
    expect(order).toEqual(['released', 'stopped']);
    // Nothing waits any more: the database may close now.
    expect(await lockWaiters(db)).toBe(0);
  });
});
