import type pg from 'pg';

export interface WorkerRef {
  miner: string;
  worker: string;
}

/**
 * (miner, worker name) → workers.id. Rows are never deleted, so an id once
 * seen stays valid; unknown ones are created in one round trip. Keyed miner
 * first, then name: no joined key string per share on the ingest path.
 */
export class WorkerCache {
  private readonly byMiner = new Map<string, Map<string, number>>();
  private entries = 0;

  constructor(private readonly maxEntries = 1_000_000) {}

  get size(): number {
    return this.entries;
  }

  /** The worker id of each share, in the order given. */
  async resolve(client: pg.ClientBase, refs: readonly WorkerRef[]): Promise<Int32Array> {
    const ids = new Int32Array(refs.length);
    const missing: WorkerRef[] = [];
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i] as WorkerRef;
      const id = this.byMiner.get(r.miner)?.get(r.worker);
      if (id === undefined) missing.push(r);
      else ids[i] = id;
    }
    if (missing.length === 0) return ids;
    // A worker created by a concurrent transaction is invisible to this statement's
    // snapshot (its insert conflicts, its row is not seen): the next round sees it.
    let wanted = distinct(missing);
    for (let round = 0; round < 3 && wanted.length > 0; round++) {
      for (const row of await this.createOrFetch(client, wanted)) this.remember(row.miner, row.name, row.id);
      wanted = wanted.filter((w) => this.byMiner.get(w.miner)?.get(w.worker) === undefined);
    }
    if (wanted.length > 0) throw new Error(`${wanted.length} worker id(s) could not be resolved`);
    for (let i = 0; i < refs.length; i++) {
      if (ids[i] !== 0) continue;
      const r = refs[i] as WorkerRef;
      ids[i] = this.byMiner.get(r.miner)?.get(r.worker) ?? 0;
    }
    return ids;
  }

  private remember(miner: string, name: string, id: number): void {
    if (this.entries >= this.maxEntries) {
      this.byMiner.clear();
      this.entries = 0;
    }
    let names = this.byMiner.get(miner);
    if (names === undefined) {
      names = new Map();
      this.byMiner.set(miner, names);
    }
    if (!names.has(name)) this.entries += 1;
    names.set(name, id);
  }

  private async createOrFetch(client: pg.ClientBase, pairs: readonly WorkerRef[]) {
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

/** Each (miner, worker) once. */
function distinct(refs: readonly WorkerRef[]): WorkerRef[] {
  const seen = new Map<string, Set<string>>();
  const out: WorkerRef[] = [];
  for (const r of refs) {
    let names = seen.get(r.miner);
    if (names === undefined) {
      names = new Set();
      seen.set(r.miner, names);
    }
    if (names.has(r.worker)) continue;
    names.add(r.worker);
    out.push({ miner: r.miner, worker: r.worker });
  }
  return out;
}
