import type { DB } from '@rxpool/db';
import type { SharesVoided } from '@rxpool/messages';
import { type Kysely, sql } from 'kysely';
import { ROLLUP_LOCK_KEY } from './share.repository.js';

export interface VoidResult {
  listed: number;
  /** Deleted: no stored split had counted them. */
  voided: number;
  /** Kept: inside a stored split's window already (that money is decided). */
  kept: number;
  weightVoided: bigint;
  /** false: this message was applied before (a redelivery). */
  applied: boolean;
}

/**
 * Deletes a miner's shares that a validator accepted on trust and voided, in
 * one transaction with the record of it (share_voids, unique per message):
 * - only rows of that miner, and only those no stored PPLNS split's window
 *   covers (between its oldest and newest share, in window order);
 * - the per-minute sums lose what the rollup had already added for them,
 *   under the rollup's lock taken shared (the rollup takes it exclusively), so each
 *   deleted row is subtracted exactly when it had been summed.
 */
export class ShareVoidRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async apply(messageId: string, v: SharesVoided): Promise<VoidResult> {
    const none = { listed: v.shareIds.length, voided: 0, kept: 0, weightVoided: 0n, applied: false };
    try {
      return await this.db.transaction().execute(async (trx) => {
        const seen = await trx
          .selectFrom('share_voids')
          .select('id')
          .where('message_id', '=', messageId)
          .executeTakeFirst();
        if (seen) return none;
        await sql`SELECT pg_advisory_xact_lock_shared(${ROLLUP_LOCK_KEY})`.execute(trx);
        const r = await sql<{ voided: number; kept: number; weight: string }>`
          WITH listed AS (
            SELECT s.share_id, s.accepted_at, s.job_difficulty, s.worker_id, s.scheme,
                   EXISTS (SELECT 1 FROM block_splits b
                           WHERE b.scheme = 'pplns' AND b.window_oldest_at IS NOT NULL
                             AND (s.accepted_at, s.share_id) >= (b.window_oldest_at, b.window_oldest_share)
                             AND (s.accepted_at, s.share_id) <= (b.window_newest_at, b.window_newest_share)) AS used
            FROM shares s JOIN workers w ON w.id = s.worker_id
            WHERE s.share_id = ANY(${v.shareIds.map((id) => Buffer.from(id, 'hex'))}::bytea[]) AND w.miner = ${v.miner}
          ), gone AS (
            DELETE FROM shares WHERE share_id IN (SELECT share_id FROM listed WHERE NOT used)
            RETURNING accepted_at, job_difficulty, worker_id, scheme
          ), summed AS (
            SELECT accepted_at - accepted_at % 60000 AS minute, worker_id, scheme,
                   count(*)::int AS n, sum(job_difficulty)::bigint AS d
            FROM gone WHERE accepted_at < (SELECT watermark FROM share_rollup)
            GROUP BY 1, 2, 3
          ), workers AS (
            UPDATE share_minutes m SET shares = m.shares - s.n, difficulty = m.difficulty - s.d
            FROM summed s WHERE m.minute = s.minute AND m.worker_id = s.worker_id AND m.scheme = s.scheme
          ), pool AS (
            UPDATE pool_minutes p SET shares = p.shares - t.n, difficulty = p.difficulty - t.d
            FROM (SELECT minute, scheme, sum(n)::int AS n, sum(d) AS d FROM summed GROUP BY 1, 2) t
            WHERE p.minute = t.minute AND p.scheme = t.scheme
          )
          SELECT (SELECT count(*)::int FROM gone) AS voided,
                 (SELECT count(*)::int FROM listed WHERE used) AS kept,
                 (SELECT coalesce(sum(job_difficulty), 0)::text FROM gone) AS weight`.execute(trx);
        const row = r.rows[0] ?? { voided: 0, kept: 0, weight: '0' };
        // Unique per message: of two replicas applying one message at once, one commits; the other
        // fails here and rolls back (its deletes were the same ones).
        await trx
          .insertInto('share_voids')
          .values({
            message_id: messageId,
            miner: v.miner,
            reason: v.reason,
            listed: v.shareIds.length,
            voided: row.voided,
            kept: row.kept,
            weight_voided: row.weight,
            detected_at: v.detectedAt,
          })
          .execute();
        return {
          listed: v.shareIds.length,
          voided: row.voided,
          kept: row.kept,
          weightVoided: BigInt(row.weight),
          applied: true,
        };
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') return none;
      throw err;
    }
  }
}
