import type { AcceptedShare } from '@rxpool/messages';
import type pg from 'pg';
import type { CandidateRecorder } from '../blocks/candidate-recorder.js';
import type { PpsCrediter } from '../rewards/pps-crediter.js';
import { needsTransaction, type ShareColumns, toColumns } from './share-batch.js';
import { ROLLUP_LOCK_KEY } from './share-rollup.js';
import type { WorkerCache } from './worker-cache.js';

const HEX_LIST = /^[0-9a-f]*(?:,[0-9a-f]+)*$/;
const INT_LIST = /^-?\d*(?:,-?\d+)*$/;
const WORD_LIST = /^[a-z]*(?:,[a-z]+)*$/;

/**
 * The insert of one batch, as two statements sent in one round trip (one
 * implicit transaction, a snapshot each):
 * 1. a shared lock that the rollup takes exclusively while it moves its
 *    watermark, so the second statement sees a watermark that stays put;
 * 2. the raw rows, idempotent on share_id, plus per-minute sums (per worker
 *    and pool-wide) for the
 *    inserted rows that are already below the watermark (late ones; the
 *    rollup sums the rest). It returns the ids of inserted shares that need
 *    more (PPS, block candidates).
 * The column texts are checked to hold only hex, digits or words and commas,
 * then inlined: the simple protocol allows two statements, parameters do not.
 */
export function insertSharesSql(c: ShareColumns): string {
  const check = (text: string, pattern: RegExp, name: string) => {
    if (!pattern.test(text)) throw new Error(`share batch column ${name} has unexpected characters`);
    return `'${text}'`;
  };
  const ids = check(c.ids, HEX_LIST, 'ids');
  return `SELECT pg_advisory_xact_lock_shared(${ROLLUP_LOCK_KEY});
WITH input AS (
  SELECT decode(i, 'hex') AS share_id, a AS accepted_at, d AS difficulty, w AS worker_id, h AS height, s AS scheme
  FROM unnest(string_to_array(${ids}, ','), string_to_array(${check(c.acceptedAt, INT_LIST, 'acceptedAt')}, ',')::int8[],
              string_to_array(${check(c.difficulty, INT_LIST, 'difficulty')}, ',')::int8[],
              string_to_array(${check(c.workerIds, INT_LIST, 'workerIds')}, ',')::int4[],
              string_to_array(${check(c.heights, INT_LIST, 'heights')}, ',')::int4[],
              string_to_array(${check(c.schemes, WORD_LIST, 'schemes')}, ',')::reward_scheme[]) AS t(i, a, d, w, h, s)
), ins AS (
  INSERT INTO shares (share_id, accepted_at, difficulty, worker_id, height, scheme)
  SELECT share_id, accepted_at, difficulty, worker_id, height, scheme FROM input
  ON CONFLICT (share_id) DO NOTHING
  RETURNING share_id, accepted_at, difficulty, worker_id, scheme
), late AS (
  INSERT INTO share_minutes AS m (minute, worker_id, scheme, shares, difficulty)
  SELECT accepted_at - accepted_at % 60000, worker_id, scheme, count(*), sum(difficulty)
  FROM ins WHERE accepted_at < (SELECT watermark FROM share_rollup)
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (minute, worker_id, scheme) DO UPDATE
    SET shares = m.shares + excluded.shares, difficulty = m.difficulty + excluded.difficulty
), late_pool AS (
  INSERT INTO pool_minutes AS p (minute, scheme, shares, difficulty)
  SELECT accepted_at - accepted_at % 60000, scheme, count(*), sum(difficulty)
  FROM ins WHERE accepted_at < (SELECT watermark FROM share_rollup)
  GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (minute, scheme) DO UPDATE
    SET shares = p.shares + excluded.shares, difficulty = p.difficulty + excluded.difficulty
)
SELECT count(*)::int AS inserted,
       coalesce(array_agg(encode(share_id, 'hex')) FILTER (
         WHERE scheme = 'pps' OR encode(share_id, 'hex') = ANY(string_to_array(${check(c.candidates, HEX_LIST, 'candidates')}, ','))), '{}') AS special
FROM ins`;
}

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
    const sql = insertSharesSql(toColumns(shares, workerIds));
    if (!needsTransaction(shares)) {
      const { inserted } = await this.insert(client, sql);
      return { inserted, ppsCredited: 0n };
    }
    await client.query('BEGIN');
    try {
      const { inserted, special } = await this.insert(client, sql);
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

  private async insert(client: pg.ClientBase, sql: string): Promise<{ inserted: number; special: string[] }> {
    // Two statements → pg returns one result per statement; the insert's is the last.
    const results = (await client.query(sql)) as unknown as pg.QueryResult<{
      inserted: number;
      special: string[];
    }>[];
    const row = results[results.length - 1]?.rows[0];
    return { inserted: row?.inserted ?? 0, special: row?.special ?? [] };
  }
}

/** A redelivered share can sit twice in one batch; it was inserted once. */
function dedupe(shares: AcceptedShare[]): AcceptedShare[] {
  const seen = new Set<string>();
  return shares.filter((s) => !seen.has(s.shareId) && seen.add(s.shareId));
}
