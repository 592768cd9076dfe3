import type { DB } from '@rxpool/db';
import type { Ratio } from '@rxpool/rewards';
import { type Kysely, sql, type Transaction } from 'kysely';
import { ROLLUP_LOCK_KEY } from './share.repository.js';

export interface RollupResult {
  from: bigint;
  to: bigint;
  /** share_minutes rows written. */
  minuteRows: number;
}

/** A PPLNS block waiting for its split: the edge minute of its window, null while not known. */
export interface UnsplitWindowEdge {
  foundAt: bigint | null;
  edge: bigint | null;
}

/**
 * The per-minute sums (share_minutes per worker, pool_minutes pool-wide) and
 * the rollup watermark below which they hold every stored share.
 */
export class MinuteSumsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async watermark(db: Kysely<DB> | Transaction<DB> = this.db): Promise<bigint> {
    const r = await db.selectFrom('share_rollup').select('watermark').executeTakeFirst();
    return BigInt(r?.watermark ?? 0n);
  }

  /**
   * Sums the raw rows in [watermark, target) and moves the watermark there,
   * in one transaction; undefined when the watermark is there already. The
   * watermark row FOR UPDATE waits for in-flight inserts (they read it FOR
   * SHARE) and makes new ones wait, so an insert sums by itself exactly the
   * rows below the watermark it read. The exclusive rollup lock does the same
   * for voids.
   */
  async rollUp(target: bigint): Promise<RollupResult | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const current = await sql<{ watermark: bigint }>`SELECT watermark FROM share_rollup FOR UPDATE`.execute(
        trx,
      );
      const from = BigInt(current.rows[0]?.watermark ?? 0n);
      if (target <= from) return undefined;
      await sql`SELECT pg_advisory_xact_lock(${ROLLUP_LOCK_KEY})`.execute(trx);
      // A new statement after the locks: its snapshot holds every insert and void that saw the old watermark.
      // One pass over the raw rows: per-worker sums, and the pool's from those.
      const summed = await sql<{ rows: number }>`
        WITH agg AS (
          SELECT accepted_at - accepted_at % 60000 AS minute, worker_id, scheme,
                 count(*)::int AS shares, sum(job_difficulty)::bigint AS difficulty
          FROM shares WHERE accepted_at >= ${from.toString()} AND accepted_at < ${target.toString()}
          GROUP BY 1, 2, 3
        ), workers AS (
          INSERT INTO share_minutes AS m (minute, worker_id, scheme, shares, difficulty)
          SELECT * FROM agg ORDER BY 1, 2, 3
          ON CONFLICT (minute, worker_id, scheme) DO UPDATE
            SET shares = m.shares + excluded.shares, difficulty = m.difficulty + excluded.difficulty
        ), pool AS (
          INSERT INTO pool_minutes AS p (minute, scheme, shares, difficulty)
          SELECT minute, scheme, sum(shares), sum(difficulty) FROM agg GROUP BY 1, 2 ORDER BY 1, 2
          ON CONFLICT (minute, scheme) DO UPDATE
            SET shares = p.shares + excluded.shares, difficulty = p.difficulty + excluded.difficulty
        )
        SELECT count(*)::int AS rows FROM agg`.execute(trx);
      await trx.updateTable('share_rollup').set({ watermark: target, rolled_at: sql`now()` }).execute();
      return { from, to: target, minuteRows: summed.rows[0]?.rows ?? 0 };
    });
  }

  /** The newest minute from which the pool's PPLNS sums back to now reach `weight`, if they do. */
  async pplnsMinuteHolding(
    weight: bigint,
    db: Kysely<DB> | Transaction<DB> = this.db,
  ): Promise<bigint | undefined> {
    const r = await sql<{ minute: bigint }>`
      SELECT minute FROM (
        SELECT minute, sum(difficulty) OVER (ORDER BY minute DESC) AS cum
        FROM pool_minutes WHERE scheme = 'pplns'
      ) m WHERE cum >= ${weight.toString()}::numeric ORDER BY minute DESC LIMIT 1`.execute(db);
    const minute = r.rows[0]?.minute;
    return minute === undefined ? undefined : BigInt(minute);
  }

  /**
   * Each PPLNS block waiting for its split, with the edge of its own window:
   * k × its own network difficulty back from its finding share, by the minute
   * sums of the whole minutes before it (never later than the true edge).
   */
  async unsplitWindowEdges(
    k: Ratio,
    db: Kysely<DB> | Transaction<DB> = this.db,
  ): Promise<UnsplitWindowEdge[]> {
    const r = await sql<{ found_at: bigint | null; edge: bigint | null }>`
      SELECT b.found_at, (
        SELECT m.minute FROM (
          SELECT minute, sum(difficulty) OVER (ORDER BY minute DESC) AS cum FROM pool_minutes
          WHERE scheme = 'pplns' AND minute < b.found_at - b.found_at % 60000
        ) m WHERE m.cum >= b.network_difficulty * ${k.num.toString()}::numeric / ${k.den.toString()}::numeric
        ORDER BY m.minute DESC LIMIT 1
      ) AS edge
      FROM blocks b WHERE b.status IN ('candidate', 'accepted') AND b.scheme = 'pplns'`.execute(db);
    return r.rows.map((row) => ({ foundAt: row.found_at, edge: row.edge }));
  }

  /** Deletes the sums of minutes before `minute`; the share_minutes rows deleted. */
  async deleteOlderThan(minute: bigint, db: Kysely<DB> | Transaction<DB> = this.db): Promise<number> {
    const workers = await db.deleteFrom('share_minutes').where('minute', '<', minute).executeTakeFirst();
    await db.deleteFrom('pool_minutes').where('minute', '<', minute).execute();
    return Number(workers.numDeletedRows);
  }
}
