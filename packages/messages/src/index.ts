export * from './accepted-share-batch.js';
export * from './ban-messages.js';
export * from './block-messages.js';
export * from './decode.js';
export * from './names.js';
export * from './share-messages.js';
export * from './template-event.js';
