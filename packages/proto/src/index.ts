export * from './admin-client.js';
export * from './admin-field-values.js';
export * from './admin-methods.js';
export * from './admin-proto.js';
export type * from './generated/index.js';
