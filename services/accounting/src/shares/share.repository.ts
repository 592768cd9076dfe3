import type { DB } from '@rxpool/db';
import { type Kysely, sql, type Transaction } from 'kysely';
import { checkColumns, type ShareColumns } from './share-batch.js';

/**
 * Taken exclusively by the rollup while it moves the watermark, shared by a
 * void while it takes deleted rows out of the sums.
 */
export const ROLLUP_LOCK_KEY = 0x7278_726f; // 'rxro'

export interface InsertedShares {
  /** Rows newly stored (the rest were there already). */
  inserted: number;
  /** Ids (hex) of newly stored shares that need more: PPS shares and block candidates. */
  special: string[];
}

/** shares: the raw accepted shares, idempotent on share_id. */
export class ShareRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * The insert of one batch, one statement: the raw rows, idempotent on
   * share_id, plus per-minute sums (per worker and pool-wide) for the
   * inserted rows already below the rollup watermark (late ones; the rollup
   * sums the rest). The watermark is read FOR SHARE: a rollup moving it
   * (share_rollup FOR UPDATE) waits for this transaction, or this read waits
   * for the rollup and returns the watermark it committed. So each row is
   * summed exactly once, and one statement needs no transaction of its own.
   * The columns go as comma-joined text parameters: cheaper to send than arrays.
   */
  async insertBatch(db: Kysely<DB> | Transaction<DB>, columns: ShareColumns): Promise<InsertedShares> {
    const c = checkColumns(columns);
    const r = await sql<InsertedShares>`
      WITH input AS (
        SELECT decode(i, 'hex') AS share_id, a AS accepted_at, d AS job_difficulty, w AS worker_id, h AS height, s AS scheme
        FROM unnest(string_to_array(${c.ids}::text, ','), string_to_array(${c.acceptedAt}::text, ',')::int8[],
                    string_to_array(${c.jobDifficulty}::text, ',')::int8[],
                    string_to_array(${c.workerIds}::text, ',')::int4[],
                    string_to_array(${c.heights}::text, ',')::int4[],
                    string_to_array(${c.schemes}::text, ',')::reward_scheme[]) AS t(i, a, d, w, h, s)
      ), ins AS (
        INSERT INTO shares (share_id, accepted_at, job_difficulty, worker_id, height, scheme)
        SELECT share_id, accepted_at, job_difficulty, worker_id, height, scheme FROM input
        ON CONFLICT (share_id) DO NOTHING
        RETURNING share_id, accepted_at, job_difficulty, worker_id, scheme
      ), wm AS (
        SELECT watermark FROM share_rollup FOR SHARE
      ), late AS (
        INSERT INTO share_minutes AS m (minute, worker_id, scheme, shares, difficulty)
        SELECT accepted_at - accepted_at % 60000, worker_id, scheme, count(*), sum(job_difficulty)
        FROM ins WHERE accepted_at < (SELECT watermark FROM wm)
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (minute, worker_id, scheme) DO UPDATE
          SET shares = m.shares + excluded.shares, difficulty = m.difficulty + excluded.difficulty
      ), late_pool AS (
        INSERT INTO pool_minutes AS p (minute, scheme, shares, difficulty)
        SELECT accepted_at - accepted_at % 60000, scheme, count(*), sum(job_difficulty)
        FROM ins WHERE accepted_at < (SELECT watermark FROM wm)
        GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (minute, scheme) DO UPDATE
          SET shares = p.shares + excluded.shares, difficulty = p.difficulty + excluded.difficulty
      )
      SELECT count(*)::int AS inserted,
             coalesce(array_agg(encode(share_id, 'hex')) FILTER (
               WHERE scheme = 'pps' OR encode(share_id, 'hex') = ANY(string_to_array(${c.candidates}::text, ','))), '{}') AS special
      FROM ins`.execute(db);
    const row = r.rows[0];
    return { inserted: row?.inserted ?? 0, special: row?.special ?? [] };
  }

  /** accepted_at of the newest stored share, if any. */
  async newestAcceptedAt(db: Kysely<DB> | Transaction<DB> = this.db): Promise<bigint | undefined> {
    const r = await db
      .selectFrom('shares')
      .select((eb) => eb.fn.max('accepted_at').as('newest'))
      .executeTakeFirst();
    return r?.newest === null || r?.newest === undefined ? undefined : BigInt(r.newest);
  }

  /** Deletes up to `limit` shares accepted before `horizon` (short statements: no long locks). */
  async deleteOlderThan(
    horizon: bigint,
    limit: number,
    db: Kysely<DB> | Transaction<DB> = this.db,
  ): Promise<number> {
    const r = await sql`
      DELETE FROM shares WHERE ctid = ANY(ARRAY(SELECT ctid FROM shares WHERE accepted_at < ${horizon.toString()} LIMIT ${limit}))`.execute(
      db,
    );
    return Number(r.numAffectedRows ?? 0n);
  }
}
