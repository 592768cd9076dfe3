import { type DynamicModule, Module } from '@nestjs/common';
import type { NatsBus } from '@rxpool/bus';
import type { HealthRegistry, Logger, Registry } from '@rxpool/observability';
import { BUS, CONFIG, HEALTH, LOGGER, METRICS, runtimeLifecycle } from '@rxpool/service-kit';
import type { JobManagerConfig } from './config.js';
import { JobManager } from './job-manager.js';

/** Nest composes; the job-manager's classes stay plain. */
@Module({})
export class JobManagerModule {
  static register(kit: DynamicModule, config: JobManagerConfig): DynamicModule {
    return {
      module: JobManagerModule,
      imports: [kit],
      providers: [
        { provide: CONFIG, useValue: config },
        {
          provide: JobManager,
          inject: [CONFIG, BUS, LOGGER, HEALTH, METRICS],
          useFactory: (
            cfg: JobManagerConfig,
            bus: NatsBus,
            log: Logger,
            health: HealthRegistry,
            registry: Registry,
          ) => new JobManager({ config: cfg, bus, log, health, registry }),
        },
        runtimeLifecycle(JobManager),
      ],
    };
  }
}
