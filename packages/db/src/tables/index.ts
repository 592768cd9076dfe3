export * from './block-splits.table.js';
export * from './blocks.table.js';
export * from './columns.js';
export * from './ledger-entries.table.js';
export * from './pps.table.js';
export * from './share-minutes.table.js';
export * from './shares.table.js';
export * from './workers.table.js';
