import { type Kysely, sql } from 'kysely';

/**
 * Pool-wide per-minute sums beside the per-worker ones: the PPLNS window
 * finds its edge minute from a few dozen rows instead of every worker's.
 * Filled with share_minutes, in the same statements.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE pool_minutes (
      minute bigint NOT NULL,
      scheme reward_scheme NOT NULL,
      shares bigint NOT NULL,
      difficulty numeric(40, 0) NOT NULL,
      PRIMARY KEY (minute, scheme)
    );
    INSERT INTO pool_minutes (minute, scheme, shares, difficulty)
      SELECT minute, scheme, sum(shares), sum(difficulty) FROM share_minutes GROUP BY 1, 2;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS pool_minutes`.execute(db);
}
