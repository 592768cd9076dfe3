import 'reflect-metadata';
import type { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CommonConfig } from '@rxpool/config';
import { createLogger, type Logger, type Registry } from '@rxpool/observability';
import { NestPinoLogger } from './nest-pino-logger.js';
import { ServiceKitModule } from './service-kit.module.js';
import { ServiceKitLifecycle } from './service-kit-lifecycle.js';

export interface RunServiceOptions {
  common: CommonConfig;
  /** The app module around the service kit: `(kit) => MyModule.forRoot(kit, config)`. */
  appModule: (kit: DynamicModule) => Type<unknown> | DynamicModule;
  nats?: boolean;
  /** The registry /metrics serves, when not the service's own (the gateway's cluster primary). */
  metrics?: Registry;
}

/**
 * Builds and starts a service's Nest application context (every provider, then the
 * init and bootstrap hooks: the runtime starts), then clears the `startup` check.
 * Nest's own log lines go to `logger`. In-process tests use it as runService does.
 */
export async function startServiceContext(
  module: Type<unknown> | DynamicModule,
  logger: Logger,
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(module, {
    logger: new NestPinoLogger(logger.child({ component: 'nest' })),
    abortOnError: false,
  });
  app.get(ServiceKitLifecycle).started();
  return app;
}

/**
 * Entry point shared by every service. The kit's health server listens while
 * the application is being built (answering "not ready: startup" until it has
 * started); SIGTERM/SIGINT close it through Nest's shutdown hooks and the
 * process exits 0; a failed start exits 1.
 */
export async function runService(options: RunServiceOptions): Promise<INestApplicationContext> {
  const { common } = options;
  const logger = createLogger(common.serviceName, common.logLevel);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  const kit = ServiceKitModule.forRoot({ common, logger, nats: options.nats, metrics: options.metrics });
  // Until the context exists (building it waits for NATS, for ever if need be) there is
  // nothing to close: a stop asked for then is a clean exit, not death by the signal.
  const stopWhileStarting = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'stop requested while starting');
    logger.flush?.();
    process.exit(0);
  };
  process.once('SIGTERM', stopWhileStarting);
  process.once('SIGINT', stopWhileStarting);
  let app: INestApplicationContext;
  try {
    app = await startServiceContext(options.appModule(kit), logger);
  } catch (err) {
    logger.fatal({ err }, 'failed to start');
    logger.flush?.();
    process.exit(1);
  }
  process.off('SIGTERM', stopWhileStarting);
  process.off('SIGINT', stopWhileStarting);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  return app;
}
