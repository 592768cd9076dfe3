/**
 * A pool's worth of real rows for the API and browser tests, written the
 * way accounting writes them: per-minute sums below the rollup watermark and
 * raw shares above it, blocks with splits computed and digested by
 * @rxpool/rewards, ledger credits for the unlocked block, and a signed,
 * confirmed payout with its debits.
 */
import { NatsBus } from '@rxpool/bus';
import { encodeAddress } from '@rxpool/cryptonote';
import { createDb, type Database, type DB, migrateToLatest } from '@rxpool/db';
import { createDatabase, dropDatabase } from '@rxpool/devstack';
import { encodeJson, type TemplateEvent } from '@rxpool/messages';
import { createLogger, HealthRegistry } from '@rxpool/observability';
import { PplnsWindowBuilder, splitBlock, splitDigest } from '@rxpool/rewards';
import { type Kysely, sql } from 'kysely';

const MINUTE = 60_000;

function address(fill: number): string {
  return encodeAddress({
    network: 'mainnet',
    kind: 'standard',
    spendKey: new Uint8Array(32).fill(fill),
    viewKey: new Uint8Array(32).fill(fill + 1),
  });
}

/** Alice mines with two rigs, Bob with one; the fee goes to the operator. */
export const MINERS = {
  alice: address(3),
  bob: address(5),
  operator: address(7),
  nobody: address(9),
} as const;

/** Difficulty per minute of each worker: rates of 10,000, 5,000 and 2,000 H/s. */
export const WORKERS = [
  { miner: MINERS.alice, worker: 'rig1', perMinute: 600_000n },
  { miner: MINERS.alice, worker: 'rig2', perMinute: 300_000n },
  { miner: MINERS.bob, worker: 'rig1', perMinute: 120_000n },
] as const;

export const FEE_BPS = 100;
export const TX_HASH = 'a1'.repeat(32);
export const TX_KEY = 'b2'.repeat(32);
const REWARD = 600_000_000_000n;

export interface SeededPool {
  url: string;
  database: Database;
  /** The current minute's start when seeded; the windows are counted from it. */
  minute: number;
  /** Heights: unlocked (credited), pending (split, not credited), orphaned, candidate (not public). */
  heights: { unlocked: number; pending: number; orphaned: number; candidate: number };
  digests: Record<number, string>;
  /** Alice's payout (sent amount and its fee share). */
  payout: { amount: bigint; fee: bigint };
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own, seeded; `hours` of per-minute history (≥ 1). */
export async function seedPool(prefix: string, hours = 3): Promise<SeededPool> {
  const admin = process.env.PG_ADMIN_URL;
  if (!admin) throw new Error('PG_ADMIN_URL is not set (the integration global setup sets it)');
  const url = await createDatabase(admin, prefix);
  const database = createDb(url, { max: 4 });
  // Seeded minutes are counted from the current one: leave time before the next begins.
  const left = MINUTE - (Date.now() % MINUTE);
  if (left < 15_000) await new Promise((r) => setTimeout(r, left + 100));
  await migrateToLatest(database.db);
  const db = database.db;
  const minute = Math.floor(Date.now() / MINUTE) * MINUTE;
  const ids = await workers(db);
  await shares(db, ids, minute, hours);

  const heights = { unlocked: 100, pending: 130, orphaned: 90, candidate: 140 };
  const digests: Record<number, string> = {};
  const unlocked = await block(db, heights.unlocked, 'unlocked', 60, minute - 90 * MINUTE);
  digests[heights.unlocked] = await split(db, unlocked, heights.unlocked, true);
  const pending = await block(db, heights.pending, 'pending', 12, minute - 20 * MINUTE);
  digests[heights.pending] = await split(db, pending, heights.pending, false);
  await block(db, heights.orphaned, 'orphaned', 0, minute - 150 * MINUTE);
  await block(db, heights.candidate, 'candidate', 0, minute - 2 * MINUTE);
  const payout = await pay(db, MINERS.alice, 100_000_000_000n, 30_000_000n);
  return {
    url,
    database,
    minute,
    heights,
    digests,
    payout,
    drop: async () => {
      await database.close();
      await dropDatabase(admin, url);
    },
  };
}

async function workers(db: Kysely<DB>): Promise<number[]> {
  const rows = await db
    .insertInto('workers')
    .values(WORKERS.map((w) => ({ miner: w.miner, worker: w.worker })))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Minutes before the last two are rolled up; the last two are raw shares above the watermark. */
async function shares(db: Kysely<DB>, ids: number[], minute: number, hours: number): Promise<void> {
  const watermark = minute - MINUTE;
  const minutes: Array<{
    minute: number;
    worker_id: number;
    scheme: 'pplns';
    shares: number;
    difficulty: bigint;
  }> = [];
  for (let m = minute - hours * 60 * MINUTE + MINUTE; m < watermark; m += MINUTE) {
    WORKERS.forEach((w, i) => {
      minutes.push({ minute: m, worker_id: ids[i]!, scheme: 'pplns', shares: 6, difficulty: w.perMinute });
    });
  }
  for (let i = 0; i < minutes.length; i += 1000) {
    await db
      .insertInto('share_minutes')
      .values(minutes.slice(i, i + 1000))
      .execute();
  }
  // The pool-wide sums accounting keeps beside them.
  await sql`INSERT INTO pool_minutes (minute, scheme, shares, difficulty)
    SELECT minute, scheme, sum(shares), sum(difficulty) FROM share_minutes GROUP BY 1, 2`.execute(db);
  // Each raw minute: the worker's difficulty in two shares.
  const raw = [];
  let counter = 0;
  for (const m of [watermark, minute]) {
    for (const [i, w] of WORKERS.entries()) {
      for (const half of [0, 1]) {
        const id = Buffer.alloc(12);
        id.writeUInt32BE(1, 0);
        id.writeUInt32BE(++counter, 4);
        raw.push({
          share_id: id,
          accepted_at: m + half * 1000,
          job_difficulty: w.perMinute / 2n,
          worker_id: ids[i]!,
          height: 141,
          scheme: 'pplns' as const,
        });
      }
    }
  }
  await db.insertInto('shares').values(raw).execute();
  await db.updateTable('share_rollup').set({ watermark, rolled_at: new Date() }).execute();
}

async function block(
  db: Kysely<DB>,
  height: number,
  status: 'unlocked' | 'pending' | 'orphaned' | 'candidate',
  confirmations: number,
  foundAt: number,
): Promise<bigint> {
  const row = await db
    .insertInto('blocks')
    .values({
      candidate_id: `${height}-candidate`,
      height,
      status,
      scheme: 'pplns',
      miner: MINERS.alice,
      worker: 'rig1',
      hash: status === 'candidate' ? null : height.toString(16).padStart(64, 'c'),
      reward: REWARD,
      network_difficulty: '2400',
      found_at: foundAt,
      confirmations,
      submitted_at: new Date(foundAt),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The split accounting would store: Alice 3/4 and Bob 1/4 of a 4,800 window, 1 % fee. */
async function split(db: Kysely<DB>, blockId: bigint, height: number, credit: boolean): Promise<string> {
  const builder = new PplnsWindowBuilder(4_800n);
  builder.add({
    id: `00000001000000${height.toString(16).padStart(2, '0')}00000002`,
    account: MINERS.alice,
    weight: 3_600n,
  });
  builder.add({
    id: `00000001000000${height.toString(16).padStart(2, '0')}00000001`,
    account: MINERS.bob,
    weight: 2_000n,
  });
  const window = builder.result();
  const s = splitBlock({
    scheme: 'pplns',
    reward: REWARD,
    feeBasisPoints: FEE_BPS,
    feeRecipients: [{ account: MINERS.operator, weight: 1n }],
    finder: MINERS.alice,
    window,
  });
  const blockHash = height.toString(16).padStart(64, 'c');
  const digest = splitDigest({ height, blockHash }, s);
  await db
    .insertInto('block_splits')
    .values({
      block_id: blockId,
      height,
      block_hash: blockHash,
      scheme: 'pplns',
      reward: REWARD,
      fee_bps: FEE_BPS,
      fee: s.fee,
      window_size: String(window.size),
      window_total: String(window.total),
      window_shares: window.shareCount,
      window_newest_share: sql<Buffer>`decode(${window.newestId}, 'hex')`,
      window_newest_at: 0,
      window_oldest_share: sql<Buffer>`decode(${window.oldestId}, 'hex')`,
      window_oldest_at: 0,
      window_edge_counted: window.edgeCounted,
      digest,
    })
    .execute();
  await db
    .insertInto('block_split_entries')
    .values(
      s.entries.map((e) => ({
        block_id: blockId,
        role: e.role,
        account: e.account,
        weight: String(e.weight),
        amount: e.amount,
      })),
    )
    .execute();
  if (credit) {
    await db
      .insertInto('ledger_entries')
      .values(
        s.entries.map((e) => ({
          account: e.account,
          amount: e.amount,
          kind: e.role === 'fee' ? ('block_fee' as const) : ('block_reward' as const),
          block_id: blockId,
        })),
      )
      .execute();
  }
  return digest;
}

/** A confirmed payout to `account` (debits written as the payout processor writes them), then a failed one. */
async function pay(
  db: Kysely<DB>,
  account: string,
  planned: bigint,
  fee: bigint,
): Promise<{ amount: bigint; fee: bigint }> {
  const batch = await db
    .insertInto('payout_batches')
    .values({
      status: 'confirmed',
      tx_hash: TX_HASH,
      tx_key: TX_KEY,
      tx_metadata: '00',
      fee,
      wallet_height: 120,
      confirmations: 10,
      signed_at: new Date(),
      submitted_at: new Date(),
      confirmed_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const amount = planned - fee;
  await db
    .insertInto('payout_payments')
    .values({ batch_id: batch.id, account, address: account, planned_amount: planned, amount, fee })
    .execute();
  await db
    .insertInto('ledger_entries')
    .values([
      { account, amount: -amount, kind: 'payout', payout_id: batch.id },
      { account, amount: -fee, kind: 'payout_fee', payout_id: batch.id },
    ])
    .execute();
  const failed = await db
    .insertInto('payout_batches')
    .values({ status: 'failed', reason: 'wallet refused' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('payout_payments')
    .values({ batch_id: failed.id, account: MINERS.bob, address: MINERS.bob, planned_amount: 1n })
    .execute();
  return { amount, fee };
}

/** The template the job-manager would publish: the network's height and difficulty. */
export const TEMPLATE: TemplateEvent = {
  templateId: '141-1',
  height: 141,
  prevHash: '11'.repeat(32),
  seedHash: '22'.repeat(32),
  nextSeedHash: '',
  networkDifficulty: '360000000000',
  blob: '00',
  reservedOffset: 0,
  reserveSize: 16,
  expectedReward: '600000000000',
  createdAt: Date.now(),
};

/** Publishes TEMPLATE to pool.template.v1 of `namespace` (creating the streams as any service would). */
export async function publishTemplate(natsUrl: string, namespace: string): Promise<void> {
  const bus = new NatsBus(
    { url: natsUrl, namespace, name: 'stats-web-seed' },
    new HealthRegistry(),
    createLogger('stats-web-seed', 'warn'),
  );
  await bus.connect();
  try {
    await bus.ensureStreams();
    await bus.jetstream.publish(bus.names.subjects.template, encodeJson(TEMPLATE));
  } finally {
    await bus.close();
  }
}
