export * from './digest-auth.js';
export * from './http-endpoint.js';
