import type { DB } from '@rxpool/db';
import { type Kysely, sql, type Transaction } from 'kysely';

export interface WorkerRow {
  id: number;
  miner: string;
  worker: string;
}

/** workers: one row per (miner, worker), never deleted. */
export class WorkerRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * The ids of these (miner, worker) pairs, creating the unknown ones, in one
   * statement. A worker a concurrent transaction creates is invisible to its
   * snapshot (the insert conflicts, the row is not seen): the caller asks again.
   */
  async createOrFetch(
    pairs: readonly { miner: string; worker: string }[],
    db: Kysely<DB> | Transaction<DB> = this.db,
  ): Promise<WorkerRow[]> {
    const r = await sql<WorkerRow>`
      WITH wanted AS (SELECT * FROM unnest(${pairs.map((p) => p.miner)}::text[], ${pairs.map((p) => p.worker)}::text[]) AS t(miner, worker)),
           created AS (
             INSERT INTO workers (miner, worker) SELECT miner, worker FROM wanted ORDER BY miner, worker
             ON CONFLICT (miner, worker) DO NOTHING RETURNING id, miner, worker)
      SELECT id, miner, worker FROM created
      UNION ALL
      SELECT w.id, w.miner, w.worker FROM workers w JOIN wanted USING (miner, worker)`.execute(db);
    return r.rows;
  }
}
