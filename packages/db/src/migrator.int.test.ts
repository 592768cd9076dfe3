import { createDatabase, dropDatabase } from '@rxpool/devstack';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Database } from './create-db.js';
import { MIGRATIONS } from './migrations/index.js';
import { migrateDown, migrateToLatest, migrationStatus } from './migrator.js';

const adminUrl = () => {
  const url = process.env.PG_ADMIN_URL;
  if (!url) throw new Error('PG_ADMIN_URL is not set (the integration global setup sets it)');
  return url;
};

describe('schema migrations (real Postgres)', () => {
  let url: string;
  let database: Database;

  beforeAll(async () => {
    url = await createDatabase(adminUrl(), 'db_migrations');
    database = createDb(url, { max: 2 });
  });
  afterAll(async () => {
    await database?.close();
    await dropDatabase(adminUrl(), url);
  });

  it('applies every migration, reverts it, and applies it again', async () => {
    const steps: string[] = [];
    const applied = await migrateToLatest(database.db, (s) =>
      steps.push(`${s.direction}:${s.name}:${s.status}`),
    );
    expect(applied).toEqual(Object.keys(MIGRATIONS));
    expect(steps[0]).toMatch(/^Up:.*:Success$/);
    expect((await migrationStatus(database.db)).every((m) => m.executedAt instanceof Date)).toBe(true);
    expect(await migrateToLatest(database.db)).toEqual([]);

    const names = Object.keys(MIGRATIONS);
    for (let i = 0; i < names.length; i++) await migrateDown(database.db);
    const tables = await sql<{
      n: string;
    }>`select count(*)::text as n from pg_tables where tablename = 'ledger_entries'`.execute(database.db);
    expect(tables.rows[0]?.n).toBe('0');
    expect(await migrateToLatest(database.db)).toEqual(names);
  });

  it('reads int8 as bigint and keeps the ledger append-only and tied to a cause', async () => {
    const { db } = database;
    const batch = await db
      .insertInto('pps_batches')
      .values({ shares: 1, difficulty: '10', fee_bps: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(typeof batch.id).toBe('bigint');
    await db
      .insertInto('ledger_entries')
      .values({ account: 'a', amount: 5n, kind: 'pps_credit', pps_batch_id: batch.id })
      .execute();

    // A credit without its cause, or a debit that is not a payout, is refused by the schema.
    await expect(
      db.insertInto('ledger_entries').values({ account: 'a', amount: 5n, kind: 'pps_credit' }).execute(),
    ).rejects.toThrow(/ledger_cause/);
    await expect(
      db
        .insertInto('ledger_entries')
        .values({ account: 'a', amount: -5n, kind: 'block_reward', block_id: 1n })
        .execute(),
    ).rejects.toThrow(/ledger_cause/);
    // Nothing is overwritten in place.
    await expect(db.updateTable('ledger_entries').set({ amount: 6n }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(db.deleteFrom('ledger_entries').execute()).rejects.toThrow(/append-only/);

    const balance = await db
      .selectFrom('account_balances')
      .selectAll()
      .where('account', '=', 'a')
      .executeTakeFirstOrThrow();
    expect(balance.balance).toBe('5');
  });
});
