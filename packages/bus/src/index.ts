export * from './bans-bucket.js';
export * from './nats-bus.js';
