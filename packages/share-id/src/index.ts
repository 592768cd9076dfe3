export * from './reserved-bytes.js';
export * from './share-id.js';
