import { type DynamicModule, Module } from '@nestjs/common';
import type { NatsBus } from '@rxpool/bus';
import type { HealthRegistry, Logger, Registry } from '@rxpool/observability';
import { BUS, HEALTH, LOGGER, METRICS, runtimeLifecycle } from '@rxpool/service-kit';
import type { ValidatorConfig } from './config.js';
import { ValidatorApp } from './validator-app.js';
import { ValidatorMetrics } from './validator-metrics.js';

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
        runtimeLifecycle(ValidatorApp),
      ],
    };
  }
}
