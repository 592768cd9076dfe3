export * from './errors.js';
export * from './randomx-context.js';
