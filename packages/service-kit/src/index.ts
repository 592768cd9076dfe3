export * from './nest-pino-logger.js';
export * from './periodic-task.js';
export * from './provider.js';
export * from './run-service.js';
// RuntimeLifecycle and runtimeLifecycle() stay internal: serviceModule({ runtime }) is the one way in.
export type { ServiceRuntime } from './runtime-lifecycle.js';
export * from './service-kit.module.js';
export * from './service-kit-lifecycle.js';
export * from './service-module.js';
export * from './tls/certificates.js';
export * from './tokens.js';
