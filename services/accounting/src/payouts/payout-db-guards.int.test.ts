import { createDb, type Database } from '@rxpool/db';
import { waitFor } from '@rxpool/devstack';
import { ATOMIC_UNITS_PER_XMR as XMR } from '@rxpool/rewards';
import { sql } from 'kysely';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerRepository, PayoutNotCoveredError } from '../ledger/ledger.repository.js';
import { address, migratedDatabase } from '../testing/fixtures.js';
import { PayoutRepository } from './payout.repository.js';
import { creditThroughSoloBlock } from './test-credits.js';

/**
 * The guards in the schema, not in the application: what two planners or a
 * replica that lost its lock would do, written straight to Postgres.
 */
describe('payout guards in the database (real Postgres)', () => {
  let fx: Awaited<ReturnType<typeof migratedDatabase>>;
  let other: Database;
  let ledger: LedgerRepository;
  let repo: PayoutRepository;
  let height = 10;
  const credit = (account: string, amount: bigint) =>
    creditThroughSoloBlock(fx.database, ledger, account, amount, height++);
  const emptyBatch = async () =>
    BigInt(
      (await fx.database.pool.query<{ id: string }>('INSERT INTO payout_batches DEFAULT VALUES RETURNING id'))
        .rows[0]?.id ?? 0,
    );
  /** A transaction on a connection of its own, left open for the test to finish. */
  const openTransaction = async (pool: pg.Pool) => {
    const client = await pool.connect();
    await client.query('BEGIN');
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    return { client, pid: pid ?? 0 };
  };
  /** Until the backend waits for a lock another transaction holds. */
  const waitsForLock = (pid: number) =>
    waitFor(`backend ${pid} waiting for a lock`, async () => {
      const r = await fx.database.pool.query<{ w: string | null }>(
        'SELECT wait_event_type AS w FROM pg_stat_activity WHERE pid = $1',
        [pid],
      );
      return r.rows[0]?.w === 'Lock';
    });

  beforeAll(async () => {
    fx = await migratedDatabase('payout_guards');
    other = createDb(fx.url, { max: 3 });
    ledger = new LedgerRepository(fx.database.db);
    repo = new PayoutRepository(fx.database.db, ledger);
  });
  afterAll(async () => {
    await other?.close();
    await fx?.drop();
  });

  it('payout_payments_one_open: one open payment per account, whatever is written', async () => {
    const A = address(1);
    await credit(A, XMR);
    const [first] = await repo.createBatches([[{ account: A, address: A, amount: XMR }]]);
    // The planner skips the account rather than failing the whole plan.
    expect(await repo.planBatches([[{ account: A, address: A, amount: XMR }]])).toEqual({
      ids: [],
      skipped: [A],
    });
    const id = await emptyBatch();
    const insert = (open: boolean) =>
      fx.database.pool.query(
        `INSERT INTO payout_payments (batch_id, account, address, planned_amount, batch_open)
         VALUES ($1, $2, $2, 1, $3)`,
        [String(id), A, open],
      );
    // batch_open follows the batch, not what is written.
    await expect(insert(false)).rejects.toThrow(/payout_payments_one_open/);
    await fx.database.pool.query('UPDATE payout_payments SET batch_open = false WHERE account = $1', [A]);
    await expect(insert(true)).rejects.toThrow(/payout_payments_one_open/);

    // A failed batch is closed: the account may be planned again; under review it may not.
    await repo.markFailed(first as bigint, 'test');
    const [again] = await repo.createBatches([[{ account: A, address: A, amount: XMR }]]);
    await fx.database.db
      .updateTable('payout_batches')
      .set({ status: 'needs_review', tx_hash: 'a'.repeat(64), tx_key: 'k', fee: 1n })
      .where('id', '=', again as bigint)
      .execute();
    await expect(insert(true)).rejects.toThrow(/payout_payments_one_open/);
    // Reopening a closed batch of the account is refused too.
    await expect(
      fx.database.db
        .updateTable('payout_batches')
        .set({ status: 'planned' })
        .where('id', '=', first as bigint)
        .execute(),
    ).rejects.toThrow(/payout_payments_one_open/);
  });

  it('two planners at once: the second waits for the first, then skips the account it took', async () => {
    const [B, C] = [address(2), address(3)];
    const first = await openTransaction(fx.database.pool);
    try {
      const id = BigInt(
        (await first.client.query<{ id: string }>('INSERT INTO payout_batches DEFAULT VALUES RETURNING id'))
          .rows[0]?.id ?? 0,
      );
      await first.client.query(
        'INSERT INTO payout_payments (batch_id, account, address, planned_amount) VALUES ($1, $2, $2, 5)',
        [String(id), B],
      );
      const second = new PayoutRepository(other.db, new LedgerRepository(other.db)).planBatches([
        [{ account: B, address: B, amount: 5n }],
        [{ account: C, address: C, amount: 5n }],
      ]);
      second.catch(() => undefined);
      await waitFor('the second planner to wait for the first', async () => {
        const r = await fx.database.pool.query<{ n: string }>(
          "SELECT count(*)::text AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
        );
        return r.rows[0]?.n === '1';
      });
      await first.client.query('COMMIT');
      const planned = await second;
      expect(planned.skipped).toEqual([B]);
      expect(planned.ids).toHaveLength(1);
      expect((await repo.batch(planned.ids[0] as bigint)).payments.map((p) => p.account)).toEqual([C]);
    } finally {
      first.client.release();
    }
  });

  it('ledger_payout_covered: a debit above the balance is refused, and two at once are checked in turn', async () => {
    const D = address(4);
    await credit(D, XMR);
    const [x, y, z] = [await emptyBatch(), await emptyBatch(), await emptyBatch()];
    const debit = (db: pg.Pool | pg.PoolClient, payout: bigint, amount: bigint, kind = 'payout') =>
      db.query('INSERT INTO ledger_entries (account, amount, kind, payout_id) VALUES ($1, $2, $3, $4)', [
        D,
        String(-amount),
        kind,
        String(payout),
      ]);
    await expect(debit(fx.database.pool, x, XMR + 1n)).rejects.toThrow(/ledger_payout_covered|refused/);
    // The fee row sees the payout row of the same statement.
    await expect(
      fx.database.db.transaction().execute((trx) =>
        ledger.debitPayout(trx, x, [
          { account: D, amount: XMR, kind: 'payout' },
          { account: D, amount: 1n, kind: 'payout_fee' },
        ]),
      ),
    ).rejects.toBeInstanceOf(PayoutNotCoveredError);
    expect(await ledger.balance(D)).toBe(XMR);

    // Each debit alone fits the balance; the second must wait for the first and then see it.
    const first = await openTransaction(fx.database.pool);
    const second = await openTransaction(other.pool);
    try {
      await debit(first.client, y, XMR);
      const late = debit(second.client, z, XMR);
      late.catch(() => undefined);
      await waitsForLock(second.pid);
      await first.client.query('COMMIT');
      await expect(late).rejects.toThrow(/refused: its balance is 0/);
      await second.client.query('ROLLBACK');
    } finally {
      first.client.release();
      second.client.release();
    }
    expect(await ledger.balance(D)).toBe(0n);

    // A REPEATABLE READ snapshot could miss a concurrent debit: refused outright.
    await credit(D, XMR);
    await expect(
      fx.database.db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute((trx) =>
          sql`SELECT 1`
            .execute(trx)
            .then(() => ledger.debitPayout(trx, z, [{ account: D, amount: 1n, kind: 'payout' }])),
        ),
    ).rejects.toThrow(/READ COMMITTED/);
    expect(await ledger.balance(D)).toBe(XMR);
  });

  it('markSigned of a stale plan (the balance was paid meanwhile) stores nothing', async () => {
    const E = address(5);
    await credit(E, XMR);
    const [id] = (await repo.createBatches([[{ account: E, address: E, amount: XMR }]])) as [bigint];
    // Another payout of the same balance already went through (a confirmed batch of a second planner).
    const paid = await emptyBatch();
    await fx.database.db
      .transaction()
      .execute((trx) => ledger.debitPayout(trx, paid, [{ account: E, amount: XMR, kind: 'payout' }]));
    const b = await repo.batch(id);
    await expect(
      repo.markSigned(id, {
        signed: { txHash: 'b'.repeat(64), txKey: 'k', fee: 30n, amount: XMR - 30n, txMetadata: 'm' },
        walletHeight: 5,
        amounts: new Map([[b.payments[0]?.id as bigint, { amount: XMR - 30n, fee: 30n }]]),
      }),
    ).rejects.toBeInstanceOf(PayoutNotCoveredError);
    expect(await repo.batch(id)).toMatchObject({ status: 'planned', txHash: null });
    expect(await ledger.balance(E)).toBe(0n);
  });
});
