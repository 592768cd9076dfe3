import type { Migration } from 'kysely';
import * as accountingCore from './20261124050000-accounting-core.js';
import * as payouts from './20261124060000-payouts.js';
import * as shareRollup from './20261124070000-share-rollup.js';
import * as poolMinutes from './20261124080000-pool-minutes.js';
import * as publicReadIndexes from './20261124090000-public-read-indexes.js';
import * as shareMinutesByWorker from './20261124100000-share-minutes-by-worker.js';
import * as chainFinality from './20261204110000-chain-finality.js';
import * as payoutGuards from './20261204120000-payout-guards.js';
import * as shareVoids from './20261204130000-share-voids.js';
import * as oneNamePerConcept from './20261208010000-one-name-per-concept.js';

/**
 * Every migration, in order, by name (`<timestamp>-<name>`). An explicit
 * list rather than a folder scan, so compiled code needs no file system
 * layout. Append only; never edit one that has shipped.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '20261124050000-accounting-core': accountingCore,
  '20261124060000-payouts': payouts,
  '20261124070000-share-rollup': shareRollup,
  '20261124080000-pool-minutes': poolMinutes,
  '20261124090000-public-read-indexes': publicReadIndexes,
  '20261124100000-share-minutes-by-worker': shareMinutesByWorker,
  '20261204110000-chain-finality': chainFinality,
  '20261204120000-payout-guards': payoutGuards,
  '20261204130000-share-voids': shareVoids,
  '20261208010000-one-name-per-concept': oneNamePerConcept,
};
