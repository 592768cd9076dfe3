export * from './nats-bus.js';
