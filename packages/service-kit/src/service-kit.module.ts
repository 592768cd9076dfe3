import { type DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import { NatsBus } from '@rxpool/bus';
import type { CommonConfig } from '@rxpool/config';
import {
  createMetricsRegistry,
  HealthRegistry,
  HealthServer,
  type Logger,
  type Registry,
} from '@rxpool/observability';
import { ServiceKitLifecycle, STARTUP } from './service-kit-lifecycle.js';
import { BUS, HEALTH, HEALTH_SERVER, LOGGER, METRICS } from './tokens.js';

export interface ServiceKitOptions {
  common: CommonConfig;
  logger: Logger;
  /** false for a process that does not talk to NATS (e.g. the migrate command). */
  nats?: boolean;
  /** Defaults to the service's own registry with the default process metrics. */
  metrics?: Registry;
  /** An open bus to use instead of connecting one (in-process tests); the kit does not close it. */
  bus?: NatsBus;
  /** The registry to report to, when the caller holds one already (in-process tests: the bus's). */
  health?: HealthRegistry;
  /** false: no health server (in-process tests, where the test reads the registry). */
  serveHealth?: boolean;
}

function busProvider(options: ServiceKitOptions): Provider {
  const { common } = options;
  return {
    provide: BUS,
    // After the health server (injected), so a service waiting for NATS already answers "nats: connecting".
    inject: [HEALTH, HEALTH_SERVER],
    useFactory: async (health: HealthRegistry) => {
      if (options.bus !== undefined || options.nats === false) return options.bus;
      const bus = new NatsBus(
        {
          url: common.natsUrl,
          namespace: common.natsNamespace,
          name: common.serviceName,
          user: common.natsUser,
          password: common.natsPassword,
          token: common.natsToken,
          credsFile: common.natsCredsFile,
          tlsCaFile: common.natsTlsCaFile,
          streamReplicas: common.natsStreamReplicas,
        },
        health,
        options.logger.child({ component: 'nats' }),
      );
      await bus.connect();
      await bus.ensureStreams();
      return bus;
    },
  };
}

/**
 * Logger, metrics, health registry, health server and the NATS bus for a service.
 * The health server listens while the providers are being built, with a "startup"
 * check that `runService` clears once the whole application has started. The bus
 * provider resolves once NATS answers (it retries for ever), so modules that need
 * it start only then, while /health already reports "nats: connecting".
 */
@Global()
@Module({})
export class ServiceKitModule {
  static forRoot(options: ServiceKitOptions): DynamicModule {
    const { common, logger } = options;
    const providers: Provider[] = [
      { provide: LOGGER, useValue: logger },
      {
        provide: HEALTH,
        useFactory: () => {
          const health = options.health ?? new HealthRegistry();
          // Not ready until the whole application has started, whatever checks its parts register later.
          health.register(STARTUP);
          return health;
        },
      },
      { provide: METRICS, useFactory: () => options.metrics ?? createMetricsRegistry(common.serviceName) },
      {
        provide: HEALTH_SERVER,
        inject: [HEALTH, METRICS],
        useFactory: async (health: HealthRegistry, metrics: Registry) => {
          if (options.serveHealth === false) return undefined;
          const server = new HealthServer(health, metrics);
          const port = await server.listen(common.healthPort, common.healthHost);
          logger.info({ port }, 'health server listening');
          return server;
        },
      },
      busProvider(options),
      {
        provide: ServiceKitLifecycle,
        inject: [HEALTH, LOGGER, BUS, HEALTH_SERVER],
        useFactory: (
          health: HealthRegistry,
          log: Logger,
          bus: NatsBus | undefined,
          server: HealthServer | undefined,
        ) => new ServiceKitLifecycle(health, log, options.bus === undefined ? bus : undefined, server),
      },
    ];
    return {
      module: ServiceKitModule,
      providers,
      exports: [LOGGER, HEALTH, METRICS, BUS, HEALTH_SERVER],
    };
  }
}
