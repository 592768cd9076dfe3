export * from './common-config.js';
export * from './env-reader.js';
export * from './load-config.js';
