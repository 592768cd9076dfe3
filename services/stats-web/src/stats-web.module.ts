import { type DynamicModule, Module } from '@nestjs/common';
import type { NatsBus } from '@rxpool/bus';
import type { HealthRegistry, Logger, Registry } from '@rxpool/observability';
import { BUS, HEALTH, LOGGER, METRICS, runtimeLifecycle } from '@rxpool/service-kit';
import type { StatsWebConfig } from './config.js';
import { StatsWebRuntime } from './stats-web-runtime.js';

/** The read-only stats service around the service kit (logger, metrics, health, bus). */
@Module({})
export class StatsWebModule {
  static forRoot(kit: DynamicModule, config: StatsWebConfig): DynamicModule {
    return {
      module: StatsWebModule,
      imports: [kit],
      providers: [
        {
          provide: StatsWebRuntime,
          inject: [BUS, HEALTH, METRICS, LOGGER],
          useFactory: (bus: NatsBus, health: HealthRegistry, metrics: Registry, log: Logger) =>
            new StatsWebRuntime(config, bus, health, metrics, log),
        },
        runtimeLifecycle(StatsWebRuntime),
      ],
    };
  }
}
