import type { DynamicModule, InjectionToken, Provider, Type } from '@nestjs/common';
import { runtimeLifecycle, type ServiceRuntime } from './runtime-lifecycle.js';
import { CONFIG } from './tokens.js';

export interface ServiceModuleOptions<Config> {
  /** The service's module class: an empty `@Module({})` whose `forRoot(kit, config)` calls this. */
  module: Type<unknown>;
  /** The service kit (logger, metrics, health, bus, health server) from `runService`. */
  kit: DynamicModule;
  /** Provided under CONFIG. */
  config: Config;
  /** The service's real classes, one provider each (plain classes: `useFactory` builds them). */
  providers: Provider[];
  /** The one provider that starts and stops the others (see ServiceRuntime). */
  runtime: InjectionToken<ServiceRuntime>;
  imports?: DynamicModule[];
  exports?: InjectionToken[];
}

/**
 * The one way a service declares its Nest module: its config under CONFIG, its
 * classes as providers over the kit, and one runtime tied to Nest's lifecycle.
 */
export function serviceModule<Config>(options: ServiceModuleOptions<Config>): DynamicModule {
  return {
    module: options.module,
    imports: [options.kit, ...(options.imports ?? [])],
    providers: [
      { provide: CONFIG, useValue: options.config },
      ...options.providers,
      runtimeLifecycle(options.runtime),
    ],
    exports: options.exports ?? [],
  };
}
