export * from './create-db.js';
export * from './database.js';
export * from './migrator.js';
export * from './tables/index.js';
