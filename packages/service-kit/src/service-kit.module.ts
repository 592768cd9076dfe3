import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { NatsBus } from '@rxpool/bus';
import type { CommonConfig } from '@rxpool/config';
import type { HealthRegistry, Logger, Registry } from '@rxpool/observability';
import { BUS, HEALTH, LOGGER, METRICS } from './tokens.js';

export interface ServiceKitOptions {
  common: CommonConfig;
  logger: Logger;
  health: HealthRegistry;
  metrics: Registry;
  /** false for a process that does not talk to NATS (e.g. the migrate command). */
  nats?: boolean;
}

@Injectable()
class ServiceKitLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(HEALTH) private readonly health: HealthRegistry,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(BUS) private readonly bus: NatsBus | undefined,
  ) {}

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.health.markShuttingDown();
    this.log.info({ signal }, 'shutting down');
    await this.bus?.close();
  }
}

/**
 * Logger, metrics, health registry and the NATS bus for a service. The bus
 * provider resolves once NATS answers (it retries for ever), so modules that
 * need it start only then, while /health already reports "nats: connecting".
 */
@Global()
@Module({})
export class ServiceKitModule {
  static forRoot(options: ServiceKitOptions): DynamicModule {
    const { common } = options;
    const providers: Provider[] = [
      { provide: LOGGER, useValue: options.logger },
      { provide: HEALTH, useValue: options.health },
      { provide: METRICS, useValue: options.metrics },
      {
        provide: BUS,
        useFactory: async () => {
          if (options.nats === false) return undefined;
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
            options.health,
            options.logger.child({ component: 'nats' }),
          );
          await bus.connect();
          await bus.ensureStreams();
          return bus;
        },
      },
      ServiceKitLifecycle,
    ];
    return { module: ServiceKitModule, providers, exports: [LOGGER, HEALTH, METRICS, BUS] };
  }
}
