export * from './json-rpc.js';
export * from './managed-process.js';
export * from './monerod-instance.js';
export * from './nats-instance.js';
export * from './net-utils.js';
export * from './postgres-instance.js';
export * from './test-dirs.js';
export * from './wallet-rpc-instance.js';
