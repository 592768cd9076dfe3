import type pg from 'pg';
import { workerKey } from './share-batch.js';

/**
 * (miner, worker name) → workers.id. Rows are never deleted, so an id once
 * seen stays valid; unknown ones are created in one round trip.
 */
export class WorkerCache {
  private readonly ids = new Map<string, number>();

  constructor(private readonly maxEntries = 1_000_000) {}

  get size(): number {
    return this.ids.size;
  }

  /** Ids for every (miner, worker) of the batch. */
  async resolve(
    client: pg.ClientBase,
    pairs: Iterable<{ miner: string; worker: string }>,
  ): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const missing = new Map<string, { miner: string; worker: string }>();
    for (const p of pairs) {
      const key = workerKey(p.miner, p.worker);
      if (out.has(key)) continue;
      const id = this.ids.get(key);
      if (id === undefined) missing.set(key, p);
      else out.set(key, id);
    }
    // A worker created by a concurrent transaction is invisible to this statement's
    // snapshot (its insert conflicts, its row is not seen): the next round sees it.
    for (let round = 0; round < 3 && missing.size > 0; round++) {
      for (const r of await this.createOrFetch(client, [...missing.values()])) {
        const key = workerKey(r.miner, r.name);
        this.remember(key, r.id);
        out.set(key, r.id);
        missing.delete(key);
      }
    }
    if (missing.size > 0) throw new Error(`${missing.size} worker id(s) could not be resolved`);
    return out;
  }

  private remember(key: string, id: number): void {
    if (this.ids.size >= this.maxEntries) this.ids.clear();
    this.ids.set(key, id);
  }

  private async createOrFetch(client: pg.ClientBase, pairs: { miner: string; worker: string }[]) {
    const { rows } = await client.query<{ id: number; miner: string; name: string }>(
      `WITH wanted AS (SELECT * FROM unnest($1::text[], $2::text[]) AS t(miner, name)),
            created AS (
              INSERT INTO workers (miner, name) SELECT miner, name FROM wanted ORDER BY miner, name
              ON CONFLICT (miner, name) DO NOTHING RETURNING id, miner, name)
       SELECT id, miner, name FROM created
       UNION ALL
       SELECT w.id, w.miner, w.name FROM workers w JOIN wanted USING (miner, name)`,
      [pairs.map((p) => p.miner), pairs.map((p) => p.worker)],
    );
    return rows;
  }
}
