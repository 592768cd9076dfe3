/** Injection tokens for what every service shares. */
export const LOGGER = Symbol('rxpool.logger');
export const HEALTH = Symbol('rxpool.health');
export const METRICS = Symbol('rxpool.metrics');
export const BUS = Symbol('rxpool.bus');
export const CONFIG = Symbol('rxpool.config');
