export * from './database-server.repository.js';
export * from './hashrate.repository.js';
export * from './pool-read.repository.js';
