import { createDatabase, dropDatabase, waitFor } from '@rxpool/devstack';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, type Database } from './create-db.js';

describe('createDb: a connection Postgres ends (real Postgres)', () => {
  const admin = process.env.PG_ADMIN_URL ?? '';
  let url = '';
  let database: Database | undefined;
  afterAll(async () => {
    await database?.close();
    if (url) await dropDatabase(admin, url);
  });

  it('does not end the process while a caller holds it; the pool replaces it', async () => {
    url = await createDatabase(admin, 'db_dropped');
    database = createDb(url, { max: 3 });
    const idle: object[] = [];
    const held = await database.pool.connect();
    let ended = false;
    held.once('end', () => {
      ended = true;
    });
    const pid = (await held.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    // An idle pooled connection too: the pool's own listener reports it.
    const spare = createDb(url, { max: 1, log: { warn: (fields) => idle.push(fields) } });
    try {
      const sparePid = (await spare.pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]
        ?.pid;
      await database.pool.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [
        [pid, sparePid],
      ]);
      // Without a listener on the checked-out client its 'error' is an uncaught exception here.
      await waitFor('the held connection to end', async () => ended);
      await expect(held.query('SELECT 1')).rejects.toThrow(/not queryable/);
      await waitFor('the idle connection error reported', async () => idle.length > 0);
    } finally {
      held.release();
      await spare.close();
    }
    expect((await database.pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
