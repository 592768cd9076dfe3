import type { Migration } from 'kysely';
import * as accountingCore from './20261124050000-accounting-core.js';

/**
 * Every migration, in order, by name (`<timestamp>-<name>`). An explicit
 * list rather than a folder scan, so compiled code needs no file system
 * layout. Append only; never edit one that has shipped.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '20261124050000-accounting-core': accountingCore,
};
