import { type Kysely, sql } from 'kysely';

/**
 * Indexes for the public stats API: a miner's share of each block is looked
 * up by account (the primary key starts with the block).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX block_split_entries_account ON block_split_entries (account, block_id DESC)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS block_split_entries_account`.execute(db);
}
