import type { DB } from '@rxpool/db';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';

/**
 * The payout advisory lock's statements. A session lock belongs to one
 * connection, so every statement runs on the session given (see sessionDb).
 */
export class PayoutLockRepository {
  constructor(private readonly session: Kysely<DB>) {}

  /** True when this session got the lock (or held it already); false when another session holds it. */
  async tryLock(key: number): Promise<boolean> {
    const r = await sql<{ ok: boolean }>`SELECT pg_try_advisory_lock(${key}) AS ok`.execute(this.session);
    return r.rows[0]?.ok === true;
  }

  /** Whether this session still holds the lock (pg_locks splits a bigint key into classid and objid). */
  async holds(key: number): Promise<boolean> {
    const r = await sql<{ held: boolean }>`
      SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
        AND classid = ${Math.floor(key / 2 ** 32)} AND objid = ${key % 2 ** 32} AND objsubid = 1 AND granted) AS held`.execute(
      this.session,
    );
    return r.rows[0]?.held === true;
  }

  async unlock(key: number): Promise<void> {
    await sql`SELECT pg_advisory_unlock(${key})`.execute(this.session);
  }
}

/**
 * A Kysely that runs every statement on this one checked-out client, so a
 * session lock taken by one statement is the one the next sees. Releasing
 * the client stays the caller's (it decides whether the connection is broken).
 */
export function sessionDb(client: pg.PoolClient): Kysely<DB> {
  const session = { query: client.query.bind(client), release: () => undefined };
  return new Kysely<DB>({
    dialect: new PostgresDialect({
      pool: { connect: async () => session, end: async () => undefined },
    }),
  });
}
