export * from './create-db.js';
export * from './database.js';
export * from './migrator.js';
export * from './postgres-health-probe.js';
export * from './queries/index.js';
export * from './tables/index.js';
