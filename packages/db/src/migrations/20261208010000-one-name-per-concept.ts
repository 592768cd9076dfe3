import { type Kysely, sql } from 'kysely';

/**
 * One name per concept: a worker's name is `worker` (as in blocks.worker and
 * every message), and the difficulty a share is credited with is its job's,
 * `job_difficulty` (as the share messages' jobDifficulty). The constraints
 * named after the old columns follow them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE workers RENAME COLUMN name TO worker;
    ALTER TABLE workers RENAME CONSTRAINT workers_miner_name_key TO workers_miner_worker_key;
    ALTER TABLE shares RENAME COLUMN difficulty TO job_difficulty;
    ALTER TABLE shares RENAME CONSTRAINT shares_difficulty_check TO shares_job_difficulty_check;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE shares RENAME CONSTRAINT shares_job_difficulty_check TO shares_difficulty_check;
    ALTER TABLE shares RENAME COLUMN job_difficulty TO difficulty;
    ALTER TABLE workers RENAME CONSTRAINT workers_miner_worker_key TO workers_miner_name_key;
    ALTER TABLE workers RENAME COLUMN worker TO name;
  `.execute(db);
}
