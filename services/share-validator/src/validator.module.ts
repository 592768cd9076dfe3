import { type DynamicModule, Module } from '@nestjs/common';
import { BUS, configToken, HEALTH, LOGGER, METRICS, provider, serviceModule } from '@rxpool/service-kit';
import type { ValidatorConfig } from './config.js';
import { ValidatorApp } from './validator-app.js';
import { ValidatorMetrics } from './validator-metrics.js';

const CONFIG = configToken<ValidatorConfig>();

/** Nest composes the validator from the service kit; ValidatorApp starts and stops its parts. */
@Module({})
export class ValidatorModule {
  static forRoot(kit: DynamicModule, config: ValidatorConfig): DynamicModule {
    return serviceModule({
      module: ValidatorModule,
      kit,
      config,
      providers: [
        provider(
          ValidatorMetrics,
          { registry: METRICS, health: HEALTH, log: LOGGER },
          ({ registry, health, log }) =>
            new ValidatorMetrics(registry, health, log.child({ component: 'validator' })),
        ),
        provider(
          ValidatorApp,
          { bus: BUS, config: CONFIG, metrics: ValidatorMetrics, log: LOGGER },
          ({ bus, config, metrics, log }) =>
            new ValidatorApp({ nc: bus.connection, names: bus.names, config, metrics, log }),
        ),
      ],
      runtime: ValidatorApp,
      exports: [ValidatorApp],
    });
  }
}
