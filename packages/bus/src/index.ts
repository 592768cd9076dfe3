export * from './bans-bucket.js';
export * from './kv-bucket.js';
export * from './nats-bus.js';
