/**
 * Readiness is the conjunction of named dependency checks (nats, postgres,
 * monerod, dataset...). Each part of a service sets its own check; the
 * health endpoint reports them all.
 */
export interface DependencyStatus {
  ok: boolean;
  detail?: string;
  since: number;
}

export class HealthRegistry {
  private readonly checks = new Map<string, DependencyStatus>();
  private shuttingDown = false;

  /** Declare a dependency, not ready until set. */
  register(name: string, detail = 'starting'): void {
    if (!this.checks.has(name)) this.checks.set(name, { ok: false, detail, since: Date.now() });
  }

  /** Drops a check that no longer says anything (the kit's startup check, once started). */
  unregister(name: string): void {
    this.checks.delete(name);
  }

  set(name: string, ok: boolean, detail?: string): void {
    const prev = this.checks.get(name);
    if (prev && prev.ok === ok && prev.detail === detail) return;
    this.checks.set(name, { ok, detail, since: prev && prev.ok === ok ? prev.since : Date.now() });
  }

  /** Marks the service as draining: no longer ready, still alive. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  isReady(): boolean {
    if (this.shuttingDown) return false;
    for (const status of this.checks.values()) if (!status.ok) return false;
    return true;
  }

  snapshot(): { ready: boolean; shuttingDown: boolean; dependencies: Record<string, DependencyStatus> } {
    return {
      ready: this.isReady(),
      shuttingDown: this.shuttingDown,
      dependencies: Object.fromEntries(this.checks),
    };
  }
}
