import { join } from 'node:path';
import { AccountingModule, BlockRepository, BlockUnlocker, readAccountingConfig } from '@rxpool/accounting';
import { NatsBus } from '@rxpool/bus';
import { EnvReader } from '@rxpool/config';
import { createDb, type Database, migrateToLatest } from '@rxpool/db';
import {
  createDatabase,
  dropDatabase,
  type MonerodNetwork,
  makeTestDir,
  type NatsInstance,
  overtake,
  partitionedBlock,
  startMonerodNetwork,
  startNats,
  waitFor,
  winBack,
} from '@rxpool/devstack';
import { ChainHeaderResponder, MonerodClient, MonerodRpc } from '@rxpool/job-manager';
import { type AcceptedShare, type BlockSubmitted, encodeJson } from '@rxpool/messages';
import { createLogger, HealthRegistry } from '@rxpool/observability';
import { ServiceKitModule, startServiceContext } from '@rxpool/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const UNLOCK_DEPTH = 8;
const ORPHAN_DEPTH = 6;
const NETWORK_DIFFICULTY = 1_000n;
const log = createLogger('chain-test', process.env.TEST_LOG_LEVEL ?? 'warn');

/** Deterministic mainnet-shaped addresses ('4' + 94 base58 characters). */
const miner = (n: number) => `4${'A'.repeat(90)}${String(n).padStart(4, '1').replace(/0/g, 'B')}`;

/**
 * The money path on a chain that forks as mainnet does: two regtest monerods
 * peered over loopback, the job-manager's chain.header responder on the
 * pool's node, accounting's runtime (ingest, block tracker, unlocker) on real
 * NATS and Postgres. Blocks "the pool found" are mined on the pool's node;
 * their finding shares and submissions go through JetStream as the validator
 * and job-manager publish them.
 */
describe('chain reality: forks, reorgs and partitions (2 monerods, real NATS, Postgres)', {
  timeout: 600_000,
}, () => {
  let dir: string;
  let net: MonerodNetwork;
  let nats: NatsInstance;
  let bus: NatsBus;
  let databaseUrl: string;
  let database: Database;
  let app: Awaited<ReturnType<typeof startServiceContext>> | undefined;
  let runtime: { blocks: BlockRepository; unlocker: BlockUnlocker };
  let responder: ChainHeaderResponder;
  let serial = 0;

  beforeAll(async () => {
    dir = makeTestDir('chain-reality');
    const admin = process.env.PG_ADMIN_URL;
    if (!admin) throw new Error('PG_ADMIN_URL is not set (the integration global setup sets it)');
    [net, nats, databaseUrl] = await Promise.all([
      startMonerodNetwork({ dir: join(dir, 'monerod'), nodes: 2, fixedDifficulty: 1, zmq: false }),
      startNats({ dir: join(dir, 'nats') }),
      createDatabase(admin, 'chain_reality'),
    ]);
    database = createDb(databaseUrl, { max: 8 });
    await migrateToLatest(database.db);
    const health = new HealthRegistry();
    bus = new NatsBus({ url: nats.url, namespace: 'chain', name: 'chain-test' }, health, log);
    await bus.connect();
    await bus.ensureStreams();
    const pool = net.nodes[0];
    if (!pool) throw new Error('no pool node');
    responder = new ChainHeaderResponder(
      bus,
      new MonerodRpc(new MonerodClient({ urls: [pool.rpcUrl], timeoutMs: 5_000, attempts: 2 })),
      log,
    );
    responder.start();
    const config = readAccountingConfig(
      new EnvReader({
        DATABASE_URL: databaseUrl,
        NATS_URL: nats.url,
        NATS_NAMESPACE: 'chain',
        UNLOCK_DEPTH: String(UNLOCK_DEPTH),
        ORPHAN_DEPTH: String(ORPHAN_DEPTH),
        // The test ticks the unlocker itself, after each change of the chain.
        UNLOCK_INTERVAL_MS: '3600000',
        SPLIT_INGEST_GRACE_MS: '0',
        SHARE_BATCH_WAIT_MS: '5',
      }),
    );
    // The accounting module as the service composes it, on this test's bus and health registry.
    const kit = ServiceKitModule.forRoot({
      common: config.common,
      logger: log,
      bus,
      health,
      serveHealth: false,
    });
    app = await startServiceContext(AccountingModule.forRoot(kit, config), log);
    runtime = { blocks: app.get(BlockRepository), unlocker: app.get(BlockUnlocker) };
  });

  afterAll(async () => {
    await app?.close();
    await database?.close();
    responder?.stop();
    await bus?.close();
    await Promise.all([net?.stop(), nats?.stop()]);
    if (process.env.PG_ADMIN_URL && databaseUrl) await dropDatabase(process.env.PG_ADMIN_URL, databaseUrl);
  });

  /** Shares accepted just now, the last of them finding `hash` (mined on the pool's node at `height`). */
  async function found(height: number, hash: string, window: { miner: string; difficulty: number }[]) {
    serial += 1;
    const now = Date.now();
    const shares: AcceptedShare[] = [...window, { miner: miner(99), difficulty: 100 }].map((s, i) => ({
      shareId: Buffer.from([0, 0, 0, 9, 0, 0, serial >> 8, serial & 255, 0, 0, 0, i]).toString('hex'),
      miner: s.miner,
      worker: 'rig',
      jobId: `j${serial}`,
      templateId: `${height}-1`,
      height,
      reserved: '00'.repeat(16),
      nonce: '00000000',
      scheme: 'pplns',
      jobDifficulty: s.difficulty,
      hashDifficulty: String(s.difficulty),
      networkDifficulty: NETWORK_DIFFICULTY.toString(),
      blockCandidate: i === window.length,
      hash: 'ab'.repeat(32),
      acceptedAt: now - 1_000 + i,
    }));
    for (const s of shares) {
      await bus.jetstream.publish(bus.names.subjects.sharesAccepted, encodeJson(s), { msgID: s.shareId });
    }
    const finding = shares[shares.length - 1] as AcceptedShare;
    const submitted: BlockSubmitted = {
      candidateId: finding.shareId,
      templateId: finding.templateId,
      height,
      status: 'accepted',
      blockHash: hash,
      reward: '0',
      miner: finding.miner,
      worker: finding.worker,
      networkDifficulty: NETWORK_DIFFICULTY.toString(),
      submittedAt: now,
    };
    await bus.jetstream.publish(bus.names.subjects.blocksSubmitted, encodeJson(submitted), {
      msgID: `${finding.shareId}-accepted`,
    });
    let id: bigint | undefined;
    await waitFor(
      'the block and its finding share stored',
      async () => {
        const row = await runtime.blocks.byCandidate(finding.shareId);
        id = row?.status === 'accepted' && row.found_at !== null ? row.id : undefined;
        return id !== undefined;
      },
      20_000,
      50,
    );
    return id as bigint;
  }

  /** Mines the pool's block on its node, propagated to the network. */
  async function poolBlock(window: { miner: string; difficulty: number }[]) {
    const [hash] = await net.mine(0, 1);
    if (!hash) throw new Error('no block mined');
    const tip = await net.converge();
    return { height: tip.height, hash, id: await found(tip.height, hash, window) };
  }

  const status = async (id: bigint) => (await runtime.blocks.row(id))?.status;
  const credited = async (id: bigint) => {
    const r = await database.pool.query<{ sum: string | null; n: string }>(
      'SELECT sum(amount)::text AS sum, count(*)::text AS n FROM ledger_entries WHERE block_id = $1',
      [id],
    );
    return { sum: BigInt(r.rows[0]?.sum ?? '0'), rows: Number(r.rows[0]?.n) };
  };
  /** Mines on the pool's node until the main chain's block at `height` is `depth` deep. */
  async function bury(height: number, depth: number) {
    const { height: top } = await net.tip(0);
    const more = height + depth - top;
    if (more > 0) await net.mine(0, more);
    await net.converge();
  }

  it('a block that loses the tip to a rival and wins back is unlocked and credited in full, once', async () => {
    const block = await poolBlock([
      { miner: miner(1), difficulty: 300 },
      { miner: miner(2), difficulty: 500 },
    ]);
    const { rivalHashes } = await overtake(net, block.height, 1);
    expect(await net.hashAt(0, block.height)).toBe(rivalHashes[0]);
    expect(await runtime.unlocker.tick()).toMatchObject({ contested: 1, orphaned: 0 });
    const contested = await runtime.blocks.row(block.id);
    expect(contested).toMatchObject({ status: 'accepted', rival_hash: rivalHashes[0] });

    await winBack(net, block.height);
    expect(await net.hashAt(0, block.height)).toBe(block.hash);
    expect(await net.hashAt(1, block.height)).toBe(block.hash);
    expect(await runtime.unlocker.tick()).toMatchObject({ pending: 1, contested: 0 });
    expect(await runtime.blocks.row(block.id)).toMatchObject({ status: 'pending', rival_hash: null });

    await bury(block.height, UNLOCK_DEPTH);
    expect(await runtime.unlocker.tick()).toMatchObject({ unlocked: 1 });
    const reward = BigInt((await runtime.blocks.row(block.id))?.reward ?? -1n);
    expect(reward).toBeGreaterThan(0n);
    const first = await credited(block.id);
    expect(first.sum).toBe(reward);
    // PPLNS over the window: 300 : 500 : 100 (the finder).
    const split = await database.pool.query<{ account: string; amount: string }>(
      'SELECT account, amount::text FROM block_split_entries WHERE block_id = $1 ORDER BY account',
      [block.id],
    );
    expect(split.rows.map((r) => r.account).sort()).toEqual([miner(1), miner(2), miner(99)].sort());
    await runtime.unlocker.tick();
    expect(await credited(block.id)).toEqual(first);
  });

  it.each([1, 2, 3])(
    'a block overtaken by a rival chain %i deep stays open until the rival is buried, then is orphaned and credits nothing',
    async (lead) => {
      const block = await poolBlock([{ miner: miner(10 + lead), difficulty: 400 }]);
      const { rivalHashes } = await overtake(net, block.height, lead);
      expect(await runtime.unlocker.tick()).toMatchObject({ contested: 1 });
      expect(await status(block.id)).toBe('accepted');
      await bury(block.height, ORPHAN_DEPTH - 1);
      expect(await runtime.unlocker.tick()).toMatchObject({ contested: 1, orphaned: 0 });
      await bury(block.height, ORPHAN_DEPTH);
      expect(await runtime.unlocker.tick()).toMatchObject({ orphaned: 1 });
      expect(await runtime.blocks.row(block.id)).toMatchObject({
        status: 'orphaned',
        rival_hash: rivalHashes[0],
        rival_depth: ORPHAN_DEPTH,
      });
      expect(await credited(block.id)).toEqual({ sum: 0n, rows: 0 });
    },
  );

  it('a block that reached only a partitioned node and lost is orphaned; its shares count toward the next block', async () => {
    const { lost, winner } = await partitionedBlock(net);
    const height = (await net.tip(0)).height - 1;
    expect(await net.hashAt(0, height)).toBe(winner[0]);
    const orphan = await found(height, lost, [{ miner: miner(50), difficulty: 250 }]);
    await bury(height, ORPHAN_DEPTH);
    expect(await runtime.unlocker.tick()).toMatchObject({ orphaned: 1 });
    expect(await status(orphan)).toBe('orphaned');
    expect(await credited(orphan)).toEqual({ sum: 0n, rows: 0 });

    // The next block's window (k × 1,000) reaches back over the orphan's shares: miner 50 is in it.
    const next = await poolBlock([{ miner: miner(51), difficulty: 200 }]);
    expect(await runtime.unlocker.tick()).toMatchObject({ pending: 1 });
    const accounts = await database.pool.query<{ account: string }>(
      'SELECT account FROM block_split_entries WHERE block_id = $1',
      [next.id],
    );
    expect(accounts.rows.map((r) => r.account)).toContain(miner(50));
  });

  it('the admin re-check sees the same chain: an orphaned block in the main chain again is reopened', async () => {
    // A block of ours, overtaken, buried past ORPHAN_DEPTH, and then its branch wins after all.
    const block = await poolBlock([{ miner: miner(60), difficulty: 100 }]);
    await overtake(net, block.height, 1);
    await bury(block.height, ORPHAN_DEPTH);
    expect(await runtime.unlocker.tick()).toMatchObject({ orphaned: 1 });
    await winBack(net, block.height);
    expect(await net.hashAt(0, block.height)).toBe(block.hash);
    expect(await runtime.unlocker.recheck(block.id)).toEqual({ outcome: 'pending' });
    expect(await status(block.id)).toBe('pending');
  });
});
