import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { NatsBus } from '@rxpool/bus';
import type { HealthRegistry, Logger, Registry } from '@rxpool/observability';
import { BUS, HEALTH, LOGGER, METRICS } from '@rxpool/service-kit';
import type { StatsWebConfig } from './config.js';
import { StatsWebRuntime } from './stats-web-runtime.js';

@Injectable()
class StatsWebLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(StatsWebRuntime) private readonly runtime: StatsWebRuntime) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runtime.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.runtime.stop();
  }
}

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
        StatsWebLifecycle,
      ],
    };
  }
}
