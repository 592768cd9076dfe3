import { describe, expect, it } from 'vitest';
import { WorkerCache, type WorkerRef, type WorkerSource } from './worker-cache.js';

/** Stands in for Postgres' workers table: hands out ids in order of first sight. */
function fakeWorkersTable() {
  const rows = new Map<string, number>();
  const asked: number[] = [];
  const source: WorkerSource = {
    createOrFetch: async (pairs: readonly WorkerRef[]) => {
      asked.push(pairs.length);
      return pairs.map(({ miner, worker }) => {
        const key = `${miner}/${worker}`;
        if (!rows.has(key)) rows.set(key, rows.size + 1);
        return { id: rows.get(key) as number, miner, worker };
      });
    },
  };
  return { source, asked };
}

describe('WorkerCache', () => {
  it('answers one id per share in order, asking the database once per unknown worker', async () => {
    const { source, asked } = fakeWorkersTable();
    const cache = new WorkerCache(source);
    const refs = [
      { miner: 'A', worker: 'x' },
      { miner: 'B', worker: 'x' },
      { miner: 'A', worker: 'x' },
      { miner: 'A', worker: 'y' },
    ];
    expect([...(await cache.resolve(refs))]).toEqual([1, 2, 1, 3]);
    expect(asked).toEqual([3]);
    expect([...(await cache.resolve([refs[3]!, refs[1]!]))]).toEqual([3, 2]);
    expect(asked).toEqual([3]); // all cached
    expect(cache.size).toBe(3);
  });

  it('starts over when full instead of growing without bound', async () => {
    const { source, asked } = fakeWorkersTable();
    const cache = new WorkerCache(source, 2);
    await cache.resolve([
      { miner: 'A', worker: '1' },
      { miner: 'A', worker: '2' },
    ]);
    await cache.resolve([{ miner: 'A', worker: '3' }]);
    expect(cache.size).toBe(1);
    expect([...(await cache.resolve([{ miner: 'A', worker: '1' }]))]).toEqual([1]);
    expect(asked).toEqual([2, 1, 1]);
  });

  it('fails when the database never returns a worker', async () => {
    const empty: WorkerSource = { createOrFetch: async () => [] };
    await expect(new WorkerCache(empty).resolve([{ miner: 'A', worker: '' }])).rejects.toThrow(
      /1 worker id\(s\) could not be resolved/,
    );
  });
});
