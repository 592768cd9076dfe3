import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { WorkerCache } from './worker-cache.js';

/** Stands in for Postgres' workers table: hands out ids in order of first sight. */
function fakeWorkersTable() {
  const rows = new Map<string, number>();
  const asked: number[] = [];
  const client = {
    query: async (_sql: string, [miners, names]: [string[], string[]]) => {
      asked.push(miners.length);
      return {
        rows: miners.map((miner, i) => {
          const key = `${miner}/${names[i]}`;
          if (!rows.has(key)) rows.set(key, rows.size + 1);
          return { id: rows.get(key), miner, name: names[i] };
        }),
      };
    },
  } as unknown as pg.ClientBase;
  return { client, asked };
}

describe('WorkerCache', () => {
  it('answers one id per share in order, asking the database once per unknown worker', async () => {
    const { client, asked } = fakeWorkersTable();
    const cache = new WorkerCache();
    const refs = [
      { miner: 'A', worker: 'x' },
      { miner: 'B', worker: 'x' },
      { miner: 'A', worker: 'x' },
      { miner: 'A', worker: 'y' },
    ];
    expect([...(await cache.resolve(client, refs))]).toEqual([1, 2, 1, 3]);
    expect(asked).toEqual([3]);
    expect([...(await cache.resolve(client, [refs[3]!, refs[1]!]))]).toEqual([3, 2]);
    expect(asked).toEqual([3]); // all cached
    expect(cache.size).toBe(3);
  });

  it('starts over when full instead of growing without bound', async () => {
    const { client, asked } = fakeWorkersTable();
    const cache = new WorkerCache(2);
    await cache.resolve(client, [
      { miner: 'A', worker: '1' },
      { miner: 'A', worker: '2' },
    ]);
    await cache.resolve(client, [{ miner: 'A', worker: '3' }]);
    expect(cache.size).toBe(1);
    expect([...(await cache.resolve(client, [{ miner: 'A', worker: '1' }]))]).toEqual([1]);
    expect(asked).toEqual([2, 1, 1]);
  });

  it('fails when the database never returns a worker', async () => {
    const client = { query: async () => ({ rows: [] }) } as unknown as pg.ClientBase;
    await expect(new WorkerCache().resolve(client, [{ miner: 'A', worker: '' }])).rejects.toThrow(
      /1 worker id\(s\) could not be resolved/,
    );
  });
});
