import type { NatsBus } from '@rxpool/bus';
import type { HealthRegistry, HealthServer, Logger, Registry } from '@rxpool/observability';

declare const PROVIDES: unique symbol;

/** An injection token that says what it gives, so `provider()` can type what it injects. */
export type ValueToken<T> = symbol & { readonly [PROVIDES]?: T };

export function valueToken<T>(description: string): ValueToken<T> {
  return Symbol(description) as ValueToken<T>;
}

/** Injection tokens for what every service shares. */
export const LOGGER = valueToken<Logger>('rxpool.logger');
export const HEALTH = valueToken<HealthRegistry>('rxpool.health');
export const METRICS = valueToken<Registry>('rxpool.metrics');
/** The connected bus (undefined in a process started with `nats: false`). */
export const BUS = valueToken<NatsBus>('rxpool.bus');
/** The service's own configuration, as given to its module's `forRoot(kit, config)`. */
export const CONFIG = valueToken<unknown>('rxpool.config');
/** The kit's HealthServer (GET /health, /health/live, /metrics). */
export const HEALTH_SERVER = valueToken<HealthServer | undefined>('rxpool.health-server');

/** CONFIG, typed as the service's configuration. */
export function configToken<Config>(): ValueToken<Config> {
  return CONFIG as ValueToken<Config>;
}
