import type { INestApplicationContext } from '@nestjs/common';
import type { NatsBus } from '@rxpool/bus';
import type { HealthRegistry, Logger, Registry } from '@rxpool/observability';
import { ServiceKitModule, startServiceContext } from '@rxpool/service-kit';
import type { ValidatorConfig } from '../config.js';
import type { ContextFactory } from '../seed-context-manager.js';
import { ValidatorModule } from '../validator.module.js';
import { ValidatorApp } from '../validator-app.js';

export interface InProcessValidator {
  /** The module's runtime, for its seeds, validator and trust. */
  app: ValidatorApp;
  /** Stops it as SIGTERM does (the bus stays open: it is the test's). */
  close(): Promise<void>;
}

/**
 * The validator's module booted in this process as main.ts boots it, on the test's
 * open bus, reporting to the test's health registry and metrics registry; no health
 * server. `contextFactory`: to wrap the real RandomX contexts.
 */
export async function startInProcessValidator(options: {
  bus: NatsBus;
  config: ValidatorConfig;
  log: Logger;
  health: HealthRegistry;
  registry: Registry;
  contextFactory?: ContextFactory;
}): Promise<InProcessValidator> {
  const { bus, config, log, health, registry, contextFactory } = options;
  const kit = ServiceKitModule.forRoot({
    common: config.common,
    logger: log,
    bus,
    health,
    metrics: registry,
    serveHealth: false,
  });
  const ctx: INestApplicationContext = await startServiceContext(
    ValidatorModule.forRoot(kit, config, contextFactory),
    log,
  );
  return { app: ctx.get(ValidatorApp), close: () => ctx.close() };
}
