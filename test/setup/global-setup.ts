import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePostgres, type PostgresInstance } from '@rxpool/devstack';

/**
 * Integration tiers need a Postgres: the machine's own when it answers,
 * else a private cluster started here (and stopped at the end). Each test
 * then creates its own database from PG_ADMIN_URL.
 */
let instance: PostgresInstance | undefined;

export async function setup(): Promise<void> {
  const root = process.env.RXPOOL_TEST_DIR ?? join(process.cwd(), '.local', 'test');
  mkdirSync(root, { recursive: true });
  process.env.RXPOOL_TEST_DIR = root;
  instance = await ensurePostgres({ dir: join(root, 'postgres') });
  process.env.PG_ADMIN_URL = instance.url;
}

export async function teardown(): Promise<void> {
  await instance?.stop();
}
