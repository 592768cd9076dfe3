import type { HealthRegistry } from '@rxpool/observability';

/** The health check of the stratum side. */
export const STRATUM = 'stratum';

/** Ready once the gateway listens with a template and an instance id; not ready while it drains. */
export class StratumReadiness {
  private hasTemplate = false;

  constructor(private readonly health: HealthRegistry) {
    health.register(STRATUM, 'starting');
  }

  /** After each template the gateway took: the first one makes it ready. */
  template(current: unknown): void {
    if (this.hasTemplate || current === undefined) return;
    this.hasTemplate = true;
    this.health.set(STRATUM, true, 'serving');
  }

  listening(): void {
    if (!this.hasTemplate) this.health.set(STRATUM, false, 'waiting for a block template');
  }

  draining(): void {
    this.health.set(STRATUM, false, 'draining');
  }
}
