import type { WorkerRow } from './worker.repository.js';

export interface WorkerRef {
  miner: string;
  worker: string;
}

/** Where unknown workers get their ids (WorkerRepository). */
export interface WorkerSource {
  createOrFetch(pairs: readonly WorkerRef[]): Promise<WorkerRow[]>;
}

/**
 * (miner, worker) → workers.id. Rows are never deleted, so an id once
 * seen stays valid; unknown ones are created in one round trip. Keyed miner
 * first, then worker: no joined key string per share on the ingest path.
 */
export class WorkerCache {
  private readonly byMiner = new Map<string, Map<string, number>>();
  private entries = 0;

  constructor(
    private readonly source: WorkerSource,
    private readonly maxEntries = 1_000_000,
  ) {}

  get size(): number {
    return this.entries;
  }

  /** The worker id of each share, in the order given. */
  async resolve(refs: readonly WorkerRef[]): Promise<Int32Array> {
    const ids = new Int32Array(refs.length);
    const missing: WorkerRef[] = [];
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i] as WorkerRef;
      const id = this.byMiner.get(r.miner)?.get(r.worker);
      if (id === undefined) missing.push(r);
      else ids[i] = id;
    }
    if (missing.length === 0) return ids;
    // A worker created by a concurrent transaction is invisible to one round: the next sees it.
    let wanted = distinct(missing);
    for (let round = 0; round < 3 && wanted.length > 0; round++) {
      for (const row of await this.source.createOrFetch(wanted)) this.remember(row.miner, row.worker, row.id);
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

  private remember(miner: string, worker: string, id: number): void {
    if (this.entries >= this.maxEntries) {
      this.byMiner.clear();
      this.entries = 0;
    }
    let workers = this.byMiner.get(miner);
    if (workers === undefined) {
      workers = new Map();
      this.byMiner.set(miner, workers);
    }
    if (!workers.has(worker)) this.entries += 1;
    workers.set(worker, id);
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
