import { type Kysely, sql } from 'kysely';

/**
 * Per-minute sums leave the share insert path: a rollup folds raw shares
 * below a watermark into share_minutes, and only shares that arrive with
 * accepted_at already below the watermark (late) are summed by the insert
 * itself. Existing rows are all summed already: the watermark starts past them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE share_rollup (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      watermark bigint NOT NULL,
      rolled_at timestamptz NOT NULL DEFAULT now()
    );
    INSERT INTO share_rollup (watermark)
      SELECT coalesce(max(accepted_at) + 1, 0) FROM shares;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS share_rollup`.execute(db);
}
