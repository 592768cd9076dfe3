import { type DynamicModule, Module } from '@nestjs/common';
import type { NatsBus } from '@rxpool/bus';
import type { HealthRegistry, Logger, Registry } from '@rxpool/observability';
import { BUS, CONFIG, HEALTH, LOGGER, METRICS, runtimeLifecycle } from '@rxpool/service-kit';
import type { GatewayConfig } from './config.js';
import { GatewayService } from './gateway-service.js';

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
        runtimeLifecycle(GatewayService),
      ],
    };
  }
}
