/** Injection tokens for what every service shares. */
export const LOGGER = Symbol('rxpool.logger');
export const HEALTH = Symbol('rxpool.health');
export const METRICS = Symbol('rxpool.metrics');
export const BUS = Symbol('rxpool.bus');
/** The service's own configuration, as given to its module's `forRoot(kit, config)`. */
export const CONFIG = Symbol('rxpool.config');
/** The kit's HealthServer (GET /health, /health/live, /metrics). */
export const HEALTH_SERVER = Symbol('rxpool.health-server');
