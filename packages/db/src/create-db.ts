import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './database.js';

const INT8_OID = 20;

/** Per-pool type parsers: int8 → bigint (never a lossy number), the rest as pg does. */
export const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => BigInt(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export interface DbOptions {
  /** Pool size (default 10). */
  max?: number;
  applicationName?: string;
  /** Where errors of idle pooled connections (Postgres restarting) are logged; the pool replaces them. */
  log?: IdleErrorLog;
}

/** The service's logger, as far as the pool needs it. */
export interface IdleErrorLog {
  warn(fields: object, message: string): void;
}

export interface Database {
  db: Kysely<DB>;
  /** The same pool, for hot paths that speak pg directly. */
  pool: pg.Pool;
  close(): Promise<void>;
}

export function createPool(url: string, options: DbOptions = {}): pg.Pool {
  const applicationName = options.applicationName ?? 'rxpool';
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: applicationName,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    types: pgTypes,
  });
  // Without a listener an idle client's error (server restart) would crash the process.
  pool.on('error', (err) =>
    options.log?.warn({ err: err.message, pool: applicationName }, 'idle postgres connection lost'),
  );
  // A checked-out client has no pool listener: a connection Postgres ends while a caller holds it
  // (an open transaction, a session lock) would emit 'error' unheard and kill the process. The
  // caller sees the failure on its next query, and the pool discards the client when it comes back.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

export function createDb(url: string, options: DbOptions = {}): Database {
  const pool = createPool(url, options);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool, close: () => db.destroy() };
}
