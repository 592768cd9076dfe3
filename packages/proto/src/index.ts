export * from './admin-client.js';
export * from './admin-proto.js';
export * from './admin-types.js';
