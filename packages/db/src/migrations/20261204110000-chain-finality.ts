import { type Kysely, sql } from 'kysely';

/**
 * What a forking chain and late shares need:
 * - blocks: the rival that holds the block's height while it is contested
 *   (the block stays open until the rival is ORPHAN_DEPTH deep), and when
 *   the unlocker last looked;
 * - shares: when each row was stored, so a split can be recomputed from the
 *   rows it saw (a row stored after the split is not one of them);
 * - block_splits: the ingest cutoff the split waited for (the share
 *   stream's acknowledged floor, as a stream sequence and its time).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE blocks
      ADD COLUMN rival_hash text,
      ADD COLUMN rival_depth integer,
      ADD COLUMN contested_at timestamptz,
      ADD COLUMN checked_at timestamptz;
    ALTER TABLE shares ADD COLUMN stored_at timestamptz NOT NULL DEFAULT now();
    ALTER TABLE block_splits
      ADD COLUMN ingest_cutoff_seq bigint,
      ADD COLUMN ingest_cutoff_at bigint;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE block_splits DROP COLUMN IF EXISTS ingest_cutoff_seq, DROP COLUMN IF EXISTS ingest_cutoff_at;
    ALTER TABLE shares DROP COLUMN IF EXISTS stored_at;
    ALTER TABLE blocks DROP COLUMN IF EXISTS rival_hash, DROP COLUMN IF EXISTS rival_depth,
      DROP COLUMN IF EXISTS contested_at, DROP COLUMN IF EXISTS checked_at;
  `.execute(db);
}
