export * from './backoff.js';
export * from './health-registry.js';
export * from './health-server.js';
export * from './logger.js';
export * from './metrics.js';
