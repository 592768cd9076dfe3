import { type Kysely, sql } from 'kysely';
import type { DB } from '../database.js';

/** The Postgres server itself, apart from any table. */
export class DatabaseServerRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Resolves once the server has answered a trivial statement. */
  async answers(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }
}
