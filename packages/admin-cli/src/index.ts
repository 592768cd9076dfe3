export * from './args.js';
export * from './cli.js';
export * from './table.js';
