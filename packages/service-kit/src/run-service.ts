import 'reflect-metadata';
import type { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CommonConfig } from '@rxpool/config';
import { createLogger, createMetricsRegistry, HealthRegistry, HealthServer } from '@rxpool/observability';
import { NestPinoLogger } from './nest-pino-logger.js';
import { ServiceKitModule } from './service-kit.module.js';

export interface RunServiceOptions {
  common: CommonConfig;
  /** Builds the app module around the service kit (logger, metrics, health, bus). */
  appModule: (kit: DynamicModule) => Type<unknown> | DynamicModule;
  nats?: boolean;
}

/**
 * Entry point shared by every service: the health/metrics server starts
 * first (so a starting service answers "not ready"), then the Nest
 * context; SIGTERM/SIGINT close it cleanly through Nest's shutdown hooks.
 */
export async function runService(options: RunServiceOptions): Promise<INestApplicationContext> {
  const { common } = options;
  const logger = createLogger(common.serviceName, common.logLevel);
  const health = new HealthRegistry();
  // Not ready until the whole application has started, whatever checks its parts register later.
  health.register('startup');
  const metrics = createMetricsRegistry(common.serviceName);
  const healthServer = new HealthServer(health, metrics);
  const port = await healthServer.listen(common.healthPort, common.healthHost);
  logger.info({ port }, 'health server listening');
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

  const kit = ServiceKitModule.forRoot({ common, logger, health, metrics, nats: options.nats });
  let app: INestApplicationContext | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    health.markShuttingDown();
    logger.info({ signal }, 'stop requested');
    try {
      await app?.close();
    } catch (err) {
      logger.error({ err }, 'error while stopping');
    }
    await healthServer.close();
    logger.info('stopped');
    logger.flush?.();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  try {
    app = await NestFactory.createApplicationContext(options.appModule(kit), {
      logger: new NestPinoLogger(logger.child({ component: 'nest' })),
      abortOnError: false,
    });
    await app.init();
  } catch (err) {
    logger.fatal({ err }, 'failed to start');
    process.exit(1);
  }
  health.set('startup', true, 'started');
  logger.info('started');
  return app;
}
