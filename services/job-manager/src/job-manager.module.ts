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
import { BUS, CONFIG, HEALTH, LOGGER, METRICS } from '@rxpool/service-kit';
import type { JobManagerConfig } from './config.js';
import { JobManager } from './job-manager.js';

@Injectable()
class JobManagerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(JobManager) private readonly jobManager: JobManager) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobManager.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.jobManager.stop();
  }
}

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
        JobManagerLifecycle,
      ],
    };
  }
}
