import type { AcceptedShare } from '@rxpool/messages';
import type pg from 'pg';
import type { CandidateRecorder } from '../blocks/candidate-recorder.js';
import type { PpsCrediter } from '../rewards/pps-crediter.js';
import { needsTransaction, type ShareColumns, toColumns } from './share-batch.js';
import type { WorkerCache } from './worker-cache.js';

/**
 * One statement stores the raw rows (idempotent on share_id) and adds only
 * the rows actually inserted to the per-minute sums; it returns the ids of
 * inserted shares that need more (PPS, block candidates). Minute rows are
 * upserted in key order so two concurrent batches cannot deadlock.
 */
export const INSERT_SHARES_SQL = `
WITH input AS (
  SELECT decode(i, 'hex') AS share_id, a AS accepted_at, d AS difficulty, w AS worker_id, h AS height, s AS scheme
  FROM unnest(string_to_array($1, ','), string_to_array($2, ',')::int8[], string_to_array($3, ',')::int8[],
              string_to_array($4, ',')::int4[], string_to_array($5, ',')::int4[],
              string_to_array($6, ',')::reward_scheme[]) AS t(i, a, d, w, h, s)
), ins AS (
  INSERT INTO shares (share_id, accepted_at, difficulty, worker_id, height, scheme)
  SELECT share_id, accepted_at, difficulty, worker_id, height, scheme FROM input
  ON CONFLICT (share_id) DO NOTHING
  RETURNING share_id, accepted_at, difficulty, worker_id, scheme
), minutes AS (
  INSERT INTO share_minutes AS m (minute, worker_id, scheme, shares, difficulty)
  SELECT accepted_at - accepted_at % 60000, worker_id, scheme, count(*), sum(difficulty)
  FROM ins GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (minute, worker_id, scheme) DO UPDATE
    SET shares = m.shares + excluded.shares, difficulty = m.difficulty + excluded.difficulty
)
SELECT count(*)::int AS inserted,
       coalesce(array_agg(encode(share_id, 'hex')) FILTER (
         WHERE scheme = 'pps' OR encode(share_id, 'hex') = ANY(string_to_array($7, ','))), '{}') AS special
FROM ins`;

export interface WriteResult {
  /** Shares newly stored (the rest were already there). */
  inserted: number;
  ppsCredited: bigint;
}

export class ShareWriter {
  constructor(
    private readonly workers: WorkerCache,
    private readonly pps: PpsCrediter,
    private readonly candidates: CandidateRecorder,
  ) {}

  /** Stores a batch; committed when it returns. Throws on any failure (nothing committed). */
  async write(client: pg.ClientBase, shares: readonly AcceptedShare[]): Promise<WriteResult> {
    if (shares.length === 0) return { inserted: 0, ppsCredited: 0n };
    const workerIds = await this.workers.resolve(client, shares);
    const columns = toColumns(shares, workerIds);
    if (!needsTransaction(shares)) {
      // A single statement is its own transaction.
      const { inserted } = await this.insert(client, columns);
      return { inserted, ppsCredited: 0n };
    }
    await client.query('BEGIN');
    try {
      const { inserted, special } = await this.insert(client, columns);
      const fresh = new Set(special);
      const newShares = shares.filter((s) => fresh.has(s.shareId));
      const credit = await this.pps.credit(client, dedupe(newShares.filter((s) => s.scheme === 'pps')));
      await this.candidates.record(client, dedupe(newShares.filter((s) => s.blockCandidate)));
      await client.query('COMMIT');
      return { inserted, ppsCredited: credit?.credited ?? 0n };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  private async insert(
    client: pg.ClientBase,
    c: ShareColumns,
  ): Promise<{ inserted: number; special: string[] }> {
    const { rows } = await client.query<{ inserted: number; special: string[] }>({
      name: 'rxpool_insert_shares',
      text: INSERT_SHARES_SQL,
      values: [c.ids, c.acceptedAt, c.difficulty, c.workerIds, c.heights, c.schemes, c.candidates],
    });
    const row = rows[0];
    return { inserted: row?.inserted ?? 0, special: row?.special ?? [] };
  }
}

/** A redelivered share can sit twice in one batch; it was inserted once. */
function dedupe(shares: AcceptedShare[]): AcceptedShare[] {
  const seen = new Set<string>();
  return shares.filter((s) => !seen.has(s.shareId) && seen.add(s.shareId));
}
