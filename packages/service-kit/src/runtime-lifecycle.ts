import type {
  BeforeApplicationShutdown,
  InjectionToken,
  OnApplicationBootstrap,
  Provider,
} from '@nestjs/common';
import type { Logger } from '@rxpool/observability';
import { LOGGER } from './tokens.js';

/**
 * A service's runtime: the one provider that starts and stops the service's parts,
 * in the order its own start()/stop() code gives (the parts are injected into it,
 * so nothing hangs on the position of a provider in a list).
 */
export interface ServiceRuntime {
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

/**
 * Ties the service's runtime to Nest's phases: started on bootstrap (every provider,
 * the bus among them, exists by then), stopped before shutdown, so before the kit
 * closes NATS and the health server in the later shutdown phase and in-flight work
 * (submits, acks, replies) still reaches the broker. A failed stop is logged, not
 * thrown, so the kit still closes and the process still exits 0.
 */
export class RuntimeLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly log: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runtime.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    try {
      await this.runtime.stop();
    } catch (err) {
      this.log.error({ err }, 'error while stopping');
    }
  }
}

/**
 * The provider tying the runtime registered under `token` to the application's
 * lifecycle. Internal to the kit: a service declares it through `serviceModule({ runtime })`.
 */
export function runtimeLifecycle(token: InjectionToken<ServiceRuntime>): Provider {
  return {
    provide: Symbol(`rxpool.lifecycle(${String(token instanceof Function ? token.name : token)})`),
    inject: [token, LOGGER],
    useFactory: (runtime: ServiceRuntime, log: Logger) => new RuntimeLifecycle(runtime, log),
  };
}
