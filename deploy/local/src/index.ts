export * from './infra.js';
export * from './local-pool.js';
export * from './options.js';
export * from './ports.js';
export * from './process-ledger.js';
export * from './secrets.js';
export * from './service-plan.js';
export * from './service-process.js';
