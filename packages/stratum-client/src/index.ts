export * from './client-errors.js';
export * from './hasher.js';
export * from './job-work.js';
export * from './latency.js';
export * from './load-generator.js';
export * from './stratum-client.js';
export * from './submit-tally.js';
export * from './test-miner.js';
