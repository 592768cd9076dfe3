import { type Kysely, sql } from 'kysely';

/**
 * A miner's hashrate and chart read its own workers' minutes: by worker,
 * then time (the primary key starts with the minute, so it serves only
 * pool-wide scans).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX share_minutes_by_worker ON share_minutes (worker_id, minute)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS share_minutes_by_worker`.execute(db);
}
