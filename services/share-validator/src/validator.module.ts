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
import { BUS, HEALTH, LOGGER, METRICS } from '@rxpool/service-kit';
import type { ValidatorConfig } from './config.js';
import { ValidatorApp } from './validator-app.js';
import { ValidatorMetrics } from './validator-metrics.js';

@Injectable()
class ValidatorLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(ValidatorApp) private readonly app: ValidatorApp) {}

  onApplicationBootstrap(): void {
    this.app.start();
  }

  // Before the kit closes the NATS connection: answer what is in hand first.
  async beforeApplicationShutdown(): Promise<void> {
    await this.app.stop();
  }
}

/** Composes the validator from the service kit's bus, metrics, health and logger. */
@Module({})
export class ValidatorModule {
  static forRoot(config: ValidatorConfig, kit: DynamicModule): DynamicModule {
    return {
      module: ValidatorModule,
      imports: [kit],
      providers: [
        {
          provide: ValidatorApp,
          inject: [BUS, METRICS, HEALTH, LOGGER],
          useFactory: (bus: NatsBus, registry: Registry, health: HealthRegistry, log: Logger) =>
            new ValidatorApp({
              nc: bus.connection,
              names: bus.names,
              config,
              metrics: new ValidatorMetrics(registry, health, log.child({ component: 'validator' })),
              log,
            }),
        },
        ValidatorLifecycle,
      ],
    };
  }
}
