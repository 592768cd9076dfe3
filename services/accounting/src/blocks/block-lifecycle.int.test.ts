import { join } from 'node:path';
import { NatsBus } from '@rxpool/bus';
import {
  type MonerodInstance,
  makeTestDir,
  type NatsInstance,
  startMonerod,
  startNats,
  TEST_WALLET,
  waitFor,
} from '@rxpool/devstack';
import {
  type AcceptedShare,
  type BlockSubmitted,
  type ChainHeaderReply,
  decodeChainHeaderRequest,
  decodeJson,
  encodeJson,
} from '@rxpool/messages';
import { createLogger, HealthRegistry } from '@rxpool/observability';
import { parseFeeRecipients } from '@rxpool/rewards';
import type { Subscription } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RewardPolicy } from '../config.js';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { BlockSplitter } from '../rewards/block-splitter.js';
import { TemplateRewardBook } from '../rewards/network-reward-source.js';
import { PplnsWindowRepository } from '../rewards/pplns-window.repository.js';
import { SplitRecomputeRepository } from '../rewards/split-recompute.repository.js';
import { StreamIngestCutoff } from '../shares/ingest-cutoff.js';
import { AckPolicy, ensureDurableConsumer } from '../shares/share-consumer.js';
import {
  acceptedShare,
  address,
  migratedDatabase,
  shareId,
  shareRollup,
  shareWriter,
} from '../testing/fixtures.js';
import { BlockRepository } from './block.repository.js';
import { BlockTracker } from './block-tracker.js';
import { BlockUnlocker } from './block-unlocker.js';
import { NatsChainHeaderSource } from './chain-header-source.js';

const FEE_A = address(1000);
const FEE_B = address(1001);
const policy: RewardPolicy = {
  pplnsK: { num: 2n, den: 1n },
  feeBasisPoints: 150,
  feeRecipients: parseFeeRecipients(`${FEE_A}:2,${FEE_B}:1`),
};
const NETWORK_DIFFICULTY = 400_000n;
const T0 = 1_700_000_040_000;
const ORPHAN_DEPTH = 6;

/** The PPLNS split written out plainly from the raw shares, as a miner would check it. */
function independentSplit(shares: AcceptedShare[], end: AcceptedShare, reward: bigint) {
  const ordered = shares
    .filter((s) => s.scheme === 'pplns')
    .sort(
      (a, b) => a.acceptedAt - b.acceptedAt || (a.shareId < b.shareId ? -1 : a.shareId > b.shareId ? 1 : 0),
    );
  const upTo = ordered.slice(0, ordered.findIndex((s) => s.shareId === end.shareId) + 1).reverse();
  let room = NETWORK_DIFFICULTY * 2n;
  const weight = new Map<string, bigint>();
  for (const s of upTo) {
    if (room === 0n) break;
    const d = BigInt(s.jobDifficulty) < room ? BigInt(s.jobDifficulty) : room;
    room -= d;
    weight.set(s.miner, (weight.get(s.miner) ?? 0n) + d);
  }
  const total = [...weight.values()].reduce((a, b) => a + b, 0n);
  const fee = (reward * 150n) / 10_000n;
  const pay = reward - fee;
  const rows = [...weight].map(([miner, w]) => ({
    miner,
    amount: (pay * w) / total,
    rest: (pay * w) % total,
  }));
  let left = pay - rows.reduce((a, r) => a + r.amount, 0n);
  rows.sort((a, b) => (a.rest === b.rest ? (a.miner < b.miner ? -1 : 1) : a.rest > b.rest ? -1 : 1));
  for (const r of rows) {
    if (left === 0n) break;
    r.amount += 1n;
    left -= 1n;
  }
  return { fee, miners: new Map(rows.map((r) => [r.miner, r.amount])) };
}

// Mining 60+ regtest blocks per test takes a while on a busy machine.
describe('block lifecycle against regtest monerod (real NATS, Postgres, monerod)', {
  timeout: 300_000,
}, () => {
  let dir: string;
  let monerod: MonerodInstance;
  let nats: NatsInstance;
  let bus: NatsBus;
  let responder: Subscription;
  let fx: Awaited<ReturnType<typeof migratedDatabase>>;
  let tracker: BlockTracker;
  let unlocker: BlockUnlocker;
  let blocks: BlockRepository;
  const log = createLogger('test', 'warn');

  beforeAll(async () => {
    dir = makeTestDir('acct-blocks');
    [monerod, nats, fx] = await Promise.all([
      startMonerod({ dir: join(dir, 'monerod'), zmq: false }),
      startNats({ dir: join(dir, 'nats') }),
      migratedDatabase('acct_blocks'),
    ]);
    bus = new NatsBus({ url: nats.url, namespace: 'blk', name: 'test' }, new HealthRegistry(), log);
    await bus.connect();
    await bus.ensureStreams();
    // The job-manager's chain.header.v1 responder, reduced to what the unlocker asks.
    responder = bus.connection.subscribe(bus.names.subjects.chainHeader, {
      callback: async (_err, msg) => {
        let reply: ChainHeaderReply;
        try {
          const req = decodeJson(msg.data, decodeChainHeaderRequest);
          if (!('height' in req)) throw new Error('by hash is not needed here');
          const { block_header: h } = await monerod.rpc<{
            block_header: Record<string, string | number | boolean>;
          }>('get_block_header_by_height', { height: req.height });
          reply = {
            ok: true,
            header: {
              height: Number(h.height),
              hash: String(h.hash),
              prevHash: String(h.prev_hash),
              depth: Number(h.depth),
              orphan: h.orphan_status === true,
              reward: String(h.reward),
              timestamp: Number(h.timestamp),
              networkDifficulty: String(h.difficulty),
            },
          };
        } catch (err) {
          reply = { ok: false, error: (err as Error).message };
        }
        msg.respond(encodeJson(reply));
      },
    });
    blocks = new BlockRepository(fx.database.db);
    tracker = new BlockTracker(
      bus,
      blocks,
      {
        stream: bus.names.streams.blocks,
        durable: bus.names.consumers.accountingBlocks,
        subject: bus.names.subjects.blocksSubmitted,
      },
      log,
    );
    await tracker.start();
    // The share consumer exists and has nothing outstanding: these tests store shares directly.
    const shares = { stream: bus.names.streams.shares, durable: bus.names.consumers.accountingShares };
    await ensureDurableConsumer(await bus.jetstreamManager(), {
      ...shares,
      filterSubject: bus.names.subjects.sharesAccepted,
      ackPolicy: AckPolicy.Explicit,
      ackWaitMs: 30_000,
      maxAckPending: 100,
    });
    unlocker = new BlockUnlocker(
      fx.database.db,
      blocks,
      new NatsChainHeaderSource(() => bus.connection, bus.names.subjects.chainHeader, 5_000),
      new BlockSplitter(new PplnsWindowRepository(fx.database.db), policy, {
        rollup: shareRollup(fx.database.db),
        cutoff: new StreamIngestCutoff(bus, { ...shares, graceMs: 1_000 }),
      }),
      new LedgerRepository(fx.database.db),
      { unlockDepth: 60, orphanDepth: ORPHAN_DEPTH, intervalMs: 60_000 },
      log,
    );
  });
  afterAll(async () => {
    await tracker?.stop();
    responder?.unsubscribe();
    await bus?.close();
    await Promise.all([monerod?.stop(), nats?.stop()]);
    await fx?.drop();
  });

  async function submitted(
    e: Omit<BlockSubmitted, 'templateId' | 'networkDifficulty' | 'submittedAt' | 'worker'>,
  ) {
    const event: BlockSubmitted = {
      ...e,
      templateId: `${e.height}-1`,
      networkDifficulty: NETWORK_DIFFICULTY.toString(),
      submittedAt: Date.now(),
      worker: 'rig',
    };
    await bus.jetstream.publish(bus.names.subjects.blocksSubmitted, encodeJson(event), {
      msgID: `${e.candidateId}-${e.status}`,
    });
    await waitFor(
      'block event stored',
      async () =>
        (await blocks.byCandidate(e.candidateId))?.status ===
        (e.status === 'accepted' ? 'accepted' : 'rejected'),
      10_000,
      50,
    );
  }

  it('unlocks a found block after 60 more blocks with an exact, auditable PPLNS split', async () => {
    // 3,000 PPLNS shares from 7 miners over 10 minutes; the last one found the block.
    const shares = Array.from({ length: 3000 }, (_, i) =>
      acceptedShare({
        shareId: shareId(1 + (i % 2), i),
        miner: address(i % 7),
        jobDifficulty: 200 + ((i * 53) % 900),
        networkDifficulty: NETWORK_DIFFICULTY.toString(),
        acceptedAt: T0 + i * 200,
        blockCandidate: i === 2999,
      }),
    );
    const finder = shares[2999] as AcceptedShare;
    const writer = shareWriter(fx.database.db);
    for (let i = 0; i < shares.length; i += 700) await writer.write(shares.slice(i, i + 700));

    // "Our" block is the next one the chain gets.
    await monerod.generateBlocks(1);
    const height = (await monerod.height()) - 1;
    const { block_header: h } = await monerod.rpc<{ block_header: { hash: string; reward: number } }>(
      'get_block_header_by_height',
      { height },
    );
    await submitted({
      candidateId: finder.shareId,
      height,
      status: 'accepted',
      blockHash: h.hash,
      reward: String(h.reward),
      miner: finder.miner,
    });

    expect(await unlocker.tick()).toMatchObject({ pending: 1 });
    const split = await fx.database.db.selectFrom('block_splits').selectAll().executeTakeFirstOrThrow();
    const entries = await fx.database.db
      .selectFrom('block_split_entries')
      .selectAll()
      .where('block_id', '=', split.block_id)
      .execute();
    const reward = BigInt(h.reward);
    expect(split.reward).toBe(reward);
    expect(entries.reduce((s, e) => s + e.amount, 0n)).toBe(reward);
    const minerEntries = entries.filter((e) => e.role === 'miner');
    expect(minerEntries.reduce((s, e) => s + e.amount, 0n)).toBe(reward - split.fee);
    const expected = independentSplit(shares, finder, reward);
    expect(split.fee).toBe(expected.fee);
    expect(new Map(minerEntries.map((e) => [e.account, e.amount]))).toEqual(expected.miners);
    expect(split.window_total).toBe((NETWORK_DIFFICULTY * 2n).toString());
    expect(split.digest).toMatch(/^[0-9a-f]{64}$/);

    // 59 blocks later it is still pending and nothing is credited.
    await monerod.generateBlocks(59);
    expect(await unlocker.tick()).toMatchObject({ pending: 1, unlocked: 0 });
    const ledger = new LedgerRepository(fx.database.db);
    expect(await ledger.balance(FEE_A)).toBe(0n);

    await monerod.generateBlocks(1);
    expect(await unlocker.tick()).toMatchObject({ unlocked: 1 });
    const row = await blocks.byCandidate(finder.shareId);
    expect(row?.status).toBe('unlocked');
    expect(row?.confirmations).toBeGreaterThanOrEqual(60);
    for (const e of entries) expect(await ledger.balance(e.account)).toBe(e.amount);
    // Unlocking again changes nothing.
    await unlocker.tick();
    const total = await fx.database.pool.query<{ s: string }>(
      "SELECT sum(amount)::text AS s FROM ledger_entries WHERE kind IN ('block_reward', 'block_fee')",
    );
    expect(total.rows[0]?.s).toBe(reward.toString());
  });

  it('keeps a block on a losing fork open until the rival is ORPHAN_DEPTH deep, then orphans it and credits nothing', async () => {
    if ((await monerod.height()) < 10) await monerod.generateBlocks(10);
    const top = await monerod.height();
    const forkHeight = top - 3;
    const { block_header: parent } = await monerod.rpc<{ block_header: { hash: string } }>(
      'get_block_header_by_height',
      { height: forkHeight - 1 },
    );
    // A competing block at forkHeight on top of the same parent: monerod keeps it as an alternative block.
    const fork = await monerod.rpc<{ blocks: string[]; height: number }>('generateblocks', {
      amount_of_blocks: 1,
      wallet_address: TEST_WALLET.address,
      prev_block: parent.hash,
      starting_nonce: 12345,
    });
    const forkHash = fork.blocks[0] as string;
    const { block_header: main } = await monerod.rpc<{ block_header: { hash: string } }>(
      'get_block_header_by_height',
      { height: forkHeight },
    );
    expect(forkHash).not.toBe(main.hash);

    const candidate = acceptedShare({
      shareId: shareId(7, 1),
      miner: address(3),
      blockCandidate: true,
      acceptedAt: T0 + 999_000,
      networkDifficulty: NETWORK_DIFFICULTY.toString(),
    });
    await shareWriter(fx.database.db).write([candidate]);
    await submitted({
      candidateId: candidate.shareId,
      height: forkHeight,
      status: 'accepted',
      blockHash: forkHash,
      reward: '1000',
      miner: candidate.miner,
    });

    const before = await fx.database.pool.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM ledger_entries',
    );
    // The rival holds the height, 2 deep: not final yet.
    expect(await unlocker.tick()).toMatchObject({ contested: 1, orphaned: 0 });
    const contested = await blocks.byCandidate(candidate.shareId);
    expect(contested?.status).toBe('accepted');
    expect(contested?.rival_hash).toBe(main.hash);
    expect(contested?.rival_depth).toBe(top - 1 - forkHeight);
    await monerod.generateBlocks(ORPHAN_DEPTH - (top - 1 - forkHeight) - 1);
    expect(await unlocker.tick()).toMatchObject({ contested: 1, orphaned: 0 });
    await monerod.generateBlocks(1);
    expect(await unlocker.tick()).toMatchObject({ orphaned: 1 });
    const row = await blocks.byCandidate(candidate.shareId);
    expect(row?.status).toBe('orphaned');
    expect(row?.reason).toContain(main.hash);
    expect(row?.rival_depth).toBe(ORPHAN_DEPTH);
    await monerod.generateBlocks(61);
    await unlocker.tick();
    const after = await fx.database.pool.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM ledger_entries',
    );
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
    expect(
      await fx.database.db
        .selectFrom('block_splits')
        .select('block_id')
        .where('block_id', '=', row?.id as bigint)
        .execute(),
    ).toEqual([]);
  });
  it('SOLO pays the finder reward − fee and a PPS-found block goes to the operator, once unlocked', async () => {
    if ((await monerod.height()) < 10) await monerod.generateBlocks(10);
    const writer = shareWriter(fx.database.db);
    const soloMiner = address(500);
    const ppsMiner = address(501);
    const solo = acceptedShare({
      shareId: shareId(8, 1),
      miner: soloMiner,
      scheme: 'solo',
      blockCandidate: true,
      acceptedAt: T0 + 2_000_000,
    });
    const pps = acceptedShare({
      shareId: shareId(8, 2),
      miner: ppsMiner,
      scheme: 'pps',
      networkDifficulty: NETWORK_DIFFICULTY.toString(),
      blockCandidate: true,
      acceptedAt: T0 + 2_000_001,
    });
    const found: { share: AcceptedShare; height: number; hash: string; reward: bigint }[] = [];
    for (const share of [solo, pps]) {
      await monerod.generateBlocks(1);
      const height = (await monerod.height()) - 1;
      const { block_header: h } = await monerod.rpc<{ block_header: { hash: string; reward: number } }>(
        'get_block_header_by_height',
        { height },
      );
      found.push({ share, height, hash: h.hash, reward: BigInt(h.reward) });
    }
    // The PPS share is credited when stored: a reward must be known for its height.
    const book = new TemplateRewardBook();
    book.record(pps.height, 600_000_000_000n);
    const ppsWriter = shareWriter(fx.database.db, book, policy.feeBasisPoints);
    await writer.write([solo]);
    await ppsWriter.write([pps]);
    for (const f of found) {
      await submitted({
        candidateId: f.share.shareId,
        height: f.height,
        status: 'accepted',
        blockHash: f.hash,
        reward: String(f.reward),
        miner: f.share.miner,
      });
    }
    const ledger = new LedgerRepository(fx.database.db);
    const before = {
      a: await ledger.balance(FEE_A),
      b: await ledger.balance(FEE_B),
      pps: await ledger.balance(ppsMiner),
    };
    // PPS: 600e9 × 98.5 % × 1000 / 400,000 = 1,477,500,000 units for the one share.
    expect(before.pps).toBe(1_477_500_000n);

    await unlocker.tick();
    await monerod.generateBlocks(60);
    expect(await unlocker.tick()).toMatchObject({ unlocked: 2 });

    const [s, p] = found as [(typeof found)[0], (typeof found)[0]];
    const soloFee = (s.reward * 150n) / 10_000n;
    expect(await ledger.balance(soloMiner)).toBe(s.reward - soloFee);
    // Fee recipients (2:1) get the SOLO fee and the whole PPS-found reward.
    const feeTotal = (await ledger.balance(FEE_A)) - before.a + ((await ledger.balance(FEE_B)) - before.b);
    expect(feeTotal).toBe(soloFee + p.reward);
    expect(await ledger.balance(ppsMiner)).toBe(1_477_500_000n);
  });

  it('with no fee and no fee addresses, a PPS-found block goes to PPS_REWARD_ADDRESS (it waited forever before)', async () => {
    const pool = address(900);
    const ppsOnly: RewardPolicy = { ...policy, feeBasisPoints: 0, feeRecipients: [], ppsRewardAccount: pool };
    const ppsUnlocker = new BlockUnlocker(
      fx.database.db,
      blocks,
      new NatsChainHeaderSource(() => bus.connection, bus.names.subjects.chainHeader, 5_000),
      new BlockSplitter(new PplnsWindowRepository(fx.database.db), ppsOnly),
      new LedgerRepository(fx.database.db),
      { unlockDepth: 60, orphanDepth: ORPHAN_DEPTH, intervalMs: 60_000 },
      log,
    );
    const book = new TemplateRewardBook();
    const share = acceptedShare({
      shareId: shareId(8, 3),
      miner: address(502),
      scheme: 'pps',
      networkDifficulty: NETWORK_DIFFICULTY.toString(),
      blockCandidate: true,
      acceptedAt: T0 + 3_000_000,
    });
    await monerod.generateBlocks(1);
    const height = (await monerod.height()) - 1;
    const { block_header: h } = await monerod.rpc<{ block_header: { hash: string; reward: number } }>(
      'get_block_header_by_height',
      { height },
    );
    book.record(share.height, 600_000_000_000n);
    await shareWriter(fx.database.db, book).write([share]);
    await submitted({
      candidateId: share.shareId,
      height,
      status: 'accepted',
      blockHash: h.hash,
      reward: String(h.reward),
      miner: share.miner,
    });
    await monerod.generateBlocks(60);
    expect(await ppsUnlocker.tick()).toMatchObject({ unlocked: 1 });
    expect(await new LedgerRepository(fx.database.db).balance(pool)).toBe(BigInt(h.reward));
    // Every split stored in this file rebuilds to its digest from the stored rows alone.
    const splits = await fx.database.db.selectFrom('block_splits').select('block_id').execute();
    const audit = new SplitRecomputeRepository(fx.database.db);
    for (const { block_id } of splits) expect((await audit.recompute(block_id))?.matches).toBe(true);
  });
});
