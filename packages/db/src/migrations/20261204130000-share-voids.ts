import { type Kysely, sql } from 'kysely';

/**
 * Shares a validator accepted on trust and later voided (sampled trust: a
 * sampled share of the miner proved forged). One row per voiding message,
 * append-only: how many of the listed shares were deleted, and how many were
 * kept because a stored split had already counted them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE share_voids (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      message_id text NOT NULL UNIQUE,
      miner text NOT NULL,
      reason text NOT NULL,
      listed integer NOT NULL CHECK (listed >= 0),
      voided integer NOT NULL CHECK (voided >= 0),
      kept integer NOT NULL CHECK (kept >= 0),
      weight_voided numeric(40, 0) NOT NULL,
      detected_at bigint NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TRIGGER share_voids_append_only BEFORE UPDATE OR DELETE ON share_voids
      FOR EACH ROW EXECUTE FUNCTION rxpool_refuse_change();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS share_voids`.execute(db);
}
