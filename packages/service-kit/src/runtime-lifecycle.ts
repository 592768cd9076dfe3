import type {
  BeforeApplicationShutdown,
  InjectionToken,
  OnApplicationBootstrap,
  Provider,
} from '@nestjs/common';

/** What a service's plain runtime class offers Nest: start once composed, stop when asked. */
export interface ServiceRuntime {
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a service's runtime when the application has booted and stops it
 * before the kit closes NATS, so in-flight work (submits, acks, replies)
 * still reaches the broker.
 */
export class RuntimeLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly runtime: ServiceRuntime) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runtime.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.runtime.stop();
  }
}

/** A provider tying the runtime registered under `token` to the application's lifecycle. */
export function runtimeLifecycle(token: InjectionToken<ServiceRuntime>): Provider {
  return {
    provide: Symbol(`rxpool.lifecycle(${String(token instanceof Function ? token.name : token)})`),
    inject: [token],
    useFactory: (runtime: ServiceRuntime) => new RuntimeLifecycle(runtime),
  };
}
