import type { DB } from '@rxpool/db';
import { createLogger } from '@rxpool/observability';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { PplnsWindowRepository } from '../rewards/pplns-window.repository.js';
import {
  acceptedShare,
  address,
  migratedDatabase,
  shareId,
  shareRollup,
  storeShares,
} from '../testing/fixtures.js';
import { createSharePruner, type SharePruner } from './share-pruner.js';

const T0 = 1_700_000_000_000 - (1_700_000_000_000 % 60_000);
const MINUTE = 60_000;
const log = createLogger('test', 'warn');

/** 6,000 PPLNS shares of difficulty 100, one a second from T0 (100 minutes, 6,000 units a minute), rolled up. */
async function seeded(prefix: string) {
  const fx = await migratedDatabase(prefix);
  const { pool, db } = fx.database;
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
  // Today's network difficulty 50,000: two k = 2 windows are 200,000 units, minutes 65 and up.
  await pool.query(
    `INSERT INTO blocks (candidate_id, height, status, scheme, miner, worker, network_difficulty)
     VALUES ('ff', 9, 'unlocked', 'pplns', $1, 'w', 50000)`,
    [address(0)],
  );
  return { fx, pool, db, shares };
}

function pruner(db: Kysely<DB>, now: number, minShareRetentionMs = 0): SharePruner {
  const options = {
    intervalMs: MINUTE,
    windows: { num: 2n, den: 1n },
    pplnsK: { num: 2n, den: 1n },
    minShareRetentionMs,
    minuteRetentionMs: 30 * 86_400_000,
  };
  return createSharePruner(db, options, log, () => now);
}

async function oldestShare(pool: pg.Pool): Promise<bigint> {
  const { rows } = await pool.query<{ oldest: bigint }>('SELECT min(accepted_at) AS oldest FROM shares');
  return BigInt(rows[0]?.oldest ?? 0n);
}

describe('SharePruner guards (real Postgres)', () => {
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await drop?.();
    drop = undefined;
  });

  it('cuts on a minute boundary even when the retention is not a whole number of minutes', async () => {
    const { fx, pool, db } = await seeded('acct_prune_align');
    drop = fx.drop;
    // The age limit alone (35.5 minutes) would cut at T0 + 64.5 minutes, inside minute 64.
    const result = await pruner(db, T0 + 100 * MINUTE, 35.5 * MINUTE).prune();
    expect(result.horizon).toBe(BigInt(T0 + 64 * MINUTE));
    expect(await oldestShare(pool)).toBe(BigInt(T0 + 64 * MINUTE));
    // Minute 64 is whole: its 60 rows are all there.
    const { rows } = await pool.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM shares WHERE accepted_at >= $1 AND accepted_at < $2',
      [T0 + 64 * MINUTE, T0 + 65 * MINUTE],
    );
    expect(rows[0]?.n).toBe('60');
  });

  it('keeps the whole window of an unsplit block sized by its own difficulty, not today’s', async () => {
    const { fx, pool, db, shares } = await seeded('acct_prune_guard');
    drop = fx.drop;
    // A block found at minute 95 when the network difficulty was 250,000: its window is 500,000
    // units (5,000 shares), reaching back into minute 11 — far beyond today's two windows.
    const end = shares[95 * 60] as (typeof shares)[number];
    await pool.query(
      `INSERT INTO blocks (candidate_id, height, status, scheme, miner, worker, network_difficulty, found_share_id, found_at)
       VALUES ($1, 10, 'accepted', 'pplns', $2, 'w', 250000, decode($1, 'hex'), $3)`,
      [end.shareId, end.miner, end.acceptedAt],
    );
    // Since then the difficulty fell back to 50,000 (the newest block).
    await pool.query(
      `INSERT INTO blocks (candidate_id, height, status, scheme, miner, worker, network_difficulty)
       VALUES ('fe', 11, 'unlocked', 'pplns', $1, 'w', 50000)`,
      [address(0)],
    );
    const windows = new PplnsWindowRepository(db);
    const at = { acceptedAt: BigInt(end.acceptedAt), shareId: end.shareId };
    const before = await windows.window(at, 500_000n);
    expect(before.full).toBe(true);
    const result = await pruner(db, T0 + 120 * MINUTE).prune();
    expect(result.shares).toBeGreaterThan(0);
    expect(result.horizon).toBe(BigInt(T0 + 11 * MINUTE));
    expect(await windows.window(at, 500_000n)).toEqual(before);
  });

  it('a PPS or SOLO block waiting for its unlock does not stop pruning (it needs no window)', async () => {
    const { fx, pool, db } = await seeded('acct_prune_pps');
    drop = fx.drop;
    await pool.query(
      `INSERT INTO blocks (candidate_id, height, status, scheme, miner, worker, network_difficulty)
       VALUES ('aa', 11, 'accepted', 'pps', $1, 'w', 50000), ('bb', 12, 'candidate', 'solo', $1, 'w', 50000)`,
      [address(1)],
    );
    const result = await pruner(db, T0 + 120 * MINUTE).prune();
    expect(result.horizon).toBe(BigInt(T0 + 65 * MINUTE));
    expect(await oldestShare(pool)).toBe(BigInt(T0 + 65 * MINUTE));
  });
});
