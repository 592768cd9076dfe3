import pg from 'pg';

/**
 * At start, a database that never answers is a configuration error: the
 * process stops with one line naming DATABASE_URL (a supervisor restarts it).
 * Once running, losing Postgres only turns the service not-ready.
 */
export async function checkDatabaseAnswers(url: string, timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select 1');
      return undefined;
    } catch (err) {
      last = (err as Error).message || (err as { code?: string }).code || 'connection failed';
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return last;
}
