import { type Kysely, type MigrationResult, Migrator } from 'kysely';
import { MIGRATIONS } from './migrations/index.js';

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migration: string | undefined,
    override readonly cause: unknown,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

export type MigrationProgress = (step: {
  name: string;
  direction: 'Up' | 'Down';
  status: MigrationResult['status'];
}) => void;

export interface MigrationState {
  name: string;
  executedAt: Date | undefined;
}

/** Migrations are schema-agnostic: any typed Kysely instance will do. */
export function createMigrator<T>(db: Kysely<T>): Migrator {
  return new Migrator({
    db: db as unknown as Kysely<unknown>,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
}

function settle(
  results: MigrationResult[] | undefined,
  error: unknown,
  onProgress?: MigrationProgress,
): string[] {
  for (const r of results ?? [])
    onProgress?.({ name: r.migrationName, direction: r.direction, status: r.status });
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const why = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`migration ${failed ?? '(setup)'} failed: ${why}`, failed, error);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest<T>(db: Kysely<T>, onProgress?: MigrationProgress): Promise<string[]> {
  const { results, error } = await createMigrator(db).migrateToLatest();
  return settle(results, error, onProgress);
}

/** Reverts the newest applied migration. */
export async function migrateDown<T>(db: Kysely<T>, onProgress?: MigrationProgress): Promise<string[]> {
  const { results, error } = await createMigrator(db).migrateDown();
  return settle(results, error, onProgress);
}

/** Each known migration and when it ran (undefined = pending). */
export async function migrationStatus<T>(db: Kysely<T>): Promise<MigrationState[]> {
  const all = await createMigrator(db).getMigrations();
  return all.map((m) => ({ name: m.name, executedAt: m.executedAt }));
}
