export * from './nest-pino-logger.js';
export * from './periodic-task.js';
export * from './run-service.js';
export * from './runtime-lifecycle.js';
export * from './service-kit.module.js';
export * from './service-kit-lifecycle.js';
export * from './service-module.js';
export * from './tokens.js';
