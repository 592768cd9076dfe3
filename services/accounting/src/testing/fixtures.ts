import { join } from 'node:path';
import { NatsBus } from '@rxpool/bus';
import { createDb, type Database, type DB, migrateToLatest } from '@rxpool/db';
import { createDatabase, dropDatabase, makeTestDir, startNats } from '@rxpool/devstack';
import type { AcceptedShare } from '@rxpool/messages';
import { createLogger, HealthRegistry } from '@rxpool/observability';
import { shareIdOf, u32Hex } from '@rxpool/share-id';
import { type Kysely, sql, type Transaction } from 'kysely';
import { TemplateRewardBook } from '../rewards/network-reward-source.js';
import { createShareRollup, type ShareRollup } from '../shares/share-rollup.js';
import { createShareWriter, type ShareWriter } from '../shares/share-writer.js';

/** A fresh, migrated database of its own for one test file. */
export async function migratedDatabase(
  prefix: string,
): Promise<{ url: string; database: Database; drop(): Promise<void> }> {
  const admin = process.env.PG_ADMIN_URL;
  if (!admin) throw new Error('PG_ADMIN_URL is not set (the integration global setup sets it)');
  const url = await createDatabase(admin, prefix);
  const database = createDb(url, { max: 6 });
  await migrateToLatest(database.db);
  return {
    url,
    database,
    drop: async () => {
      await database.close();
      await dropDatabase(admin, url);
    },
  };
}

/** Deterministic valid-looking Monero addresses: '4' + 94 base58 characters. */
export function address(n: number): string {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let tail = '';
  let x = n + 1;
  for (let i = 0; i < 8; i++) {
    tail += alphabet[x % 58];
    x = Math.floor(x / 58);
  }
  return `4${'A'.repeat(86)}${tail}`;
}

/** Share id as the gateway makes it: instance u32 ‖ counter u32 ‖ nonce. */
export function shareId(instance: number, counter: number, nonce = 0): string {
  return shareIdOf(instance, counter, u32Hex(nonce));
}

export function acceptedShare(
  over: Partial<AcceptedShare> & { shareId: string; miner: string },
): AcceptedShare {
  return {
    worker: 'rig',
    jobId: 'j1',
    templateId: '10-1',
    height: 10,
    reserved: '00000001000000020000000000000000',
    nonce: over.shareId.slice(16),
    scheme: 'pplns',
    jobDifficulty: 1000,
    hashDifficulty: '1500',
    networkDifficulty: '1000000',
    blockCandidate: false,
    hash: 'ab'.repeat(32),
    acceptedAt: 1_700_000_000_000,
    ...over,
  };
}

/** The writer ingest uses; PPS shares are credited by `book` (none known by default) less `feeBasisPoints`. */
export function shareWriter(
  db: Kysely<DB>,
  book = new TemplateRewardBook(),
  feeBasisPoints = 0,
): ShareWriter {
  return createShareWriter(db, book, feeBasisPoints);
}

/** The rollup with no lag (its timer is never started here). */
export function shareRollup(db: Kysely<DB>): ShareRollup {
  return createShareRollup(db, { intervalMs: 60_000, lagMs: 0 }, createLogger('test', 'warn'));
}

/** Stores shares as ingest would (no PPS reward known), in batches of `batch`. */
export async function storeShares(
  db: Kysely<DB>,
  shares: readonly AcceptedShare[],
  batch = 1000,
): Promise<void> {
  const writer = shareWriter(db);
  for (let i = 0; i < shares.length; i += batch) await writer.write(shares.slice(i, i + batch));
}

/**
 * Runs `statement` in a transaction that stays open (its locks held) until
 * `commit` is called; resolves once the statement has run.
 */
export async function openTransaction(
  db: Kysely<DB>,
  statement: (trx: Transaction<DB>) => Promise<unknown>,
): Promise<{ commit(): Promise<void> }> {
  let commit: () => void = () => undefined;
  const committing = new Promise<void>((resolve) => {
    commit = resolve;
  });
  let ran: () => void = () => undefined;
  const running = new Promise<void>((resolve) => {
    ran = resolve;
  });
  const done = db.transaction().execute(async (trx) => {
    await statement(trx);
    ran();
    await committing;
  });
  await Promise.race([running, done]);
  return {
    commit: async () => {
      commit();
      await done;
    },
  };
}

/** Sessions of this test's database waiting for a lock (other tests share the server). */
export async function lockWaiters(db: Kysely<DB>): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE wait_event_type = 'Lock' AND datname = current_database()`.execute(db);
  return r.rows[0]?.n ?? 0;
}

/** A private nats-server with the pool's streams (namespace `label`) and a fresh migrated database. */
export async function busAndDatabase(label: string) {
  const dir = makeTestDir(`acct-${label}`);
  const [nats, fx] = await Promise.all([
    startNats({ dir: join(dir, 'nats') }),
    migratedDatabase(`acct_${label}`),
  ]);
  const log = createLogger('test', 'silent');
  const bus = new NatsBus({ url: nats.url, namespace: label, name: 'test' }, new HealthRegistry(), log);
  await bus.connect();
  await bus.ensureStreams();
  return {
    bus,
    fx,
    async close(): Promise<void> {
      await bus.close();
      await nats.stop();
      await fx.drop();
    },
  };
}
