import { DatabaseServerRepository, type DB } from '@rxpool/db';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

/**
 * At start, a database that never answers is a configuration error: the
 * process stops with one line naming DATABASE_URL (a supervisor restarts it).
 * Once running, losing Postgres only turns the service not-ready.
 */
export async function checkDatabaseAnswers(url: string, timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  // One connection, each try bounded on its own, so a slow refusal still leaves time for another.
  const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 2_000 });
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const server = new DatabaseServerRepository(db);
  let last = 'no answer';
  try {
    while (Date.now() < deadline) {
      try {
        await server.answers();
        return undefined;
      } catch (err) {
        last = (err as Error).message || (err as { code?: string }).code || 'connection failed';
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    return last;
  } finally {
    await db.destroy().catch(() => undefined);
  }
}
