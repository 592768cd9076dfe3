import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { NatsBus } from '@rxpool/bus';
import type { HealthRegistry, Logger, Registry } from '@rxpool/observability';
import { BUS, CONFIG, HEALTH, LOGGER, METRICS } from '@rxpool/service-kit';
import type { GatewayConfig } from './config.js';
import { GatewayService } from './gateway-service.js';

@Injectable()
class GatewayLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(GatewayService) private readonly service: GatewayService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.service.start();
  }

  /** Before the kit closes NATS: in-flight submits still need their validator answers. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.service.stop();
  }
}

/** Nest composes; the gateway's classes stay plain. */
@Module({})
export class GatewayModule {
  static register(kit: DynamicModule, config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [kit],
      providers: [
        { provide: CONFIG, useValue: config },
        {
          provide: GatewayService,
          inject: [CONFIG, BUS, LOGGER, HEALTH, METRICS],
          useFactory: (
            cfg: GatewayConfig,
            bus: NatsBus,
            log: Logger,
            health: HealthRegistry,
            registry: Registry,
          ) => new GatewayService({ config: cfg, bus, log, health, registry }),
        },
        GatewayLifecycle,
      ],
    };
  }
}
