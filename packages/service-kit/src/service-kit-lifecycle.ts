import type { OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import type { NatsBus } from '@rxpool/bus';
import type { HealthRegistry, HealthServer, Logger } from '@rxpool/observability';

/** The health check that holds a service "not ready" until its application has started. */
export const STARTUP = 'startup';

/**
 * The kit's side of the lifecycle. Order comes from Nest's phases, not from
 * provider positions: readiness turns false first (module destroy), the
 * service's runtime stops next (before shutdown, see RuntimeLifecycle), then
 * this closes what it was given, in this order: the bus, then the health
 * server (so /health answers "shutting down" until the very end).
 */
export class ServiceKitLifecycle implements OnModuleDestroy, OnApplicationShutdown {
  constructor(
    private readonly health: HealthRegistry,
    private readonly log: Logger,
    /** Closed here: undefined when the kit was given a bus it does not own. */
    private readonly bus: NatsBus | undefined,
    private readonly server: HealthServer | undefined,
  ) {}

  /**
   * Once the application is up (runService calls it after Nest's bootstrap). The
   * startup check goes, so /health lists only the service's own dependencies.
   */
  started(): void {
    this.health.unregister(STARTUP);
    this.log.info('started');
  }

  onModuleDestroy(): void {
    this.health.markShuttingDown();
    this.log.info('stop requested');
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.log.info({ signal }, 'shutting down');
    try {
      await this.bus?.close();
    } catch (err) {
      this.log.error({ err }, 'error while stopping');
    }
    await this.server?.close();
    this.log.info('stopped');
    this.log.flush?.();
  }
}
