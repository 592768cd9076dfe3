import type { Kysely } from 'kysely';
import type { DB } from './database.js';
import { DatabaseServerRepository } from './queries/database-server.repository.js';

/** What the probe reports into (the service's HealthRegistry). */
export interface ReadinessChecks {
  register(name: string, detail?: string): void;
  set(name: string, ok: boolean, detail?: string): void;
}

/** Where a failed probe is logged (the service's logger). */
export interface ProbeLog {
  warn(fields: object, message: string): void;
}

/**
 * Readiness for Postgres: a `select 1` every few seconds through the pool (Kysely's).
 * The pool replaces broken connections itself, so the service recovers
 * without a restart once Postgres answers again.
 */
export class PostgresHealthProbe {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly server: DatabaseServerRepository;

  constructor(
    db: Kysely<DB>,
    private readonly health: ReadinessChecks,
    private readonly log: ProbeLog,
    private readonly intervalMs = 2_000,
  ) {
    this.server = new DatabaseServerRepository(db);
    health.register('postgres', 'connecting');
  }

  start(): void {
    void this.probe();
    this.timer = setInterval(() => void this.probe(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async probe(): Promise<boolean> {
    if (this.running) return false;
    this.running = true;
    try {
      await this.server.answers();
      this.health.set('postgres', true, 'connected');
      return true;
    } catch (err) {
      this.health.set('postgres', false, (err as Error).message);
      this.log.warn({ err: (err as Error).message }, 'postgres probe failed');
      return false;
    } finally {
      this.running = false;
    }
  }
}
