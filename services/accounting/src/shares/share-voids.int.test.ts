import { NatsBus } from '@rxpool/bus';
import { waitFor } from '@rxpool/devstack';
import { encodeJson, type SharesVoided } from '@rxpool/messages';
import { createLogger } from '@rxpool/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockRepository } from '../blocks/block.repository.js';
import { BlockSplitter } from '../rewards/block-splitter.js';
import { PplnsWindowRepository } from '../rewards/pplns-window.repository.js';
import {
  acceptedShare,
  address,
  busAndDatabase,
  migratedDatabase,
  shareId,
  shareRollup,
  shareWriter,
} from '../testing/fixtures.js';
import { StreamIngestCutoff } from './ingest-cutoff.js';
import { ShareIngestor } from './share-ingestor.js';
import { ShareVoidRepository } from './share-void.repository.js';
import { ShareVoider } from './share-voider.js';

const log = createLogger('test', 'silent');
const T0 = 1_700_000_000_000 - (1_700_000_000_000 % 60_000);
const CHEAT = address(7);
const HONEST = address(8);

describe('voiding shares accepted on trust (real nats-server, Postgres)', () => {
  let env: Awaited<ReturnType<typeof busAndDatabase>>;
  let bus: NatsBus;
  let fx: Awaited<ReturnType<typeof migratedDatabase>>;
  const stops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    env = await busAndDatabase('voids');
    ({ bus, fx } = env);
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    await env?.close();
  });

  const n = () => bus.names;
  const shares = () => ({ stream: n().streams.shares, durable: n().consumers.accountingShares });
  const publish = async (list: ReturnType<typeof acceptedShare>[]) => {
    for (const s of list)
      await bus.jetstream.publish(n().subjects.sharesAccepted, encodeJson(s), { msgID: s.shareId });
  };
  const ingestor = () =>
    new ShareIngestor(
      bus,
      shareWriter(fx.database.db),
      {
        ...shares(),
        subject: n().subjects.sharesAccepted,
        batchSize: 2,
        batchWaitMs: 10,
        connections: 1,
        ackWaitMs: 30_000,
      },
      log,
    );
  const results: { voided: number; kept: number }[] = [];
  const startVoider = async () => {
    const voider = new ShareVoider(
      bus,
      new StreamIngestCutoff(bus, { ...shares(), graceMs: 0 }),
      new ShareVoidRepository(fx.database.db),
      {
        stream: n().streams.shares,
        durable: n().consumers.accountingVoids,
        subject: n().subjects.sharesVoided,
        retryMs: 200,
      },
      log,
      { onVoided: (r) => results.push({ voided: r.voided, kept: r.kept }) },
    );
    await voider.start();
    stops.push(() => voider.stop());
  };
  const ids = async () =>
    (
      await fx.database.pool.query<{ id: string }>(
        "SELECT encode(share_id, 'hex') AS id FROM shares ORDER BY accepted_at, share_id",
      )
    ).rows.map((r) => r.id);
  const minuteSums = async () =>
    (
      await fx.database.pool.query<{ d: string }>(
        'SELECT coalesce(sum(difficulty), 0)::text AS d FROM pool_minutes',
      )
    ).rows[0]?.d;

  const cheat = Array.from({ length: 10 }, (_, i) =>
    acceptedShare({
      shareId: shareId(5, i),
      miner: CHEAT,
      jobDifficulty: 100 + i,
      acceptedAt: T0 + i * 10_000,
    }),
  );
  const honest = acceptedShare({
    shareId: shareId(6, 1),
    miner: HONEST,
    jobDifficulty: 999,
    acceptedAt: T0 + 35_000,
  });

  it('deletes the listed shares of that miner, keeps what a stored split counted, and takes them out of the minute sums', async () => {
    const { pool } = fx.database;
    const first = ingestor();
    await first.start();
    await publish([...cheat, honest]);
    await waitFor('shares stored', async () => (await ids()).length === 11, 20_000, 50);
    await first.stop();
    await shareRollup(fx.database.db).advanceTo(BigInt(T0 + 120_000));
    const before = BigInt((await minuteSums()) ?? '0');
    // A stored split whose window holds the cheater's shares 3 and 4.
    const block = await pool.query<{ id: bigint }>(
      `INSERT INTO blocks (candidate_id, height, status, scheme, miner, worker, network_difficulty)
       VALUES ('split-3-4', 50, 'pending', 'pplns', $1, 'w', 100) RETURNING id`,
      [CHEAT],
    );
    await pool.query(
      `INSERT INTO block_splits (block_id, height, block_hash, scheme, reward, fee_bps, fee, window_size, window_total, window_shares,
         window_newest_share, window_newest_at, window_oldest_share, window_oldest_at, window_edge_counted, digest)
       VALUES ($1, 50, $2, 'pplns', 1000, 0, 0, 207, 207, 2, decode($3, 'hex'), $4, decode($5, 'hex'), $6, 103, $7)`,
      [
        block.rows[0]?.id,
        'ab'.repeat(32),
        cheat[4]?.shareId,
        cheat[4]?.acceptedAt,
        cheat[3]?.shareId,
        cheat[3]?.acceptedAt,
        'cd'.repeat(32),
      ],
    );
    // Shares 3–9 were accepted on trust; the honest share's id is listed by mistake and must stay.
    const v: SharesVoided = {
      miner: CHEAT,
      reason: 'hash-mismatch on share x',
      shareIds: [...cheat.slice(3).map((s) => s.shareId), honest.shareId],
      detectedAt: T0 + 100_000,
    };
    await bus.jetstream.publish(n().subjects.sharesVoided, encodeJson(v), { msgID: 'void-x' });
    await startVoider();
    await waitFor('the void applied', async () => results.length === 1, 20_000, 50);
    expect(results[0]).toEqual({ voided: 5, kept: 2 });
    expect(await ids()).toEqual(
      [...cheat.slice(0, 5).map((s) => s.shareId), honest.shareId].sort((a, b) => {
        const at = (id: string) => [...cheat, honest].find((s) => s.shareId === id)?.acceptedAt ?? 0;
        return at(a) - at(b);
      }),
    );
    // 105 + 106 + 107 + 108 + 109 fewer units in the per-minute sums.
    expect(BigInt((await minuteSums()) ?? '0')).toBe(before - 535n);
    const record = await pool.query(
      'SELECT miner, listed, voided, kept, weight_voided::text AS w FROM share_voids',
    );
    expect(record.rows).toEqual([{ miner: CHEAT, listed: 8, voided: 5, kept: 2, w: '535' }]);
  });

  it('waits until every share before the void is stored, so none of its shares arrives after it', async () => {
    const late = Array.from({ length: 3 }, (_, i) =>
      acceptedShare({
        shareId: shareId(5, 100 + i),
        miner: CHEAT,
        jobDifficulty: 50,
        acceptedAt: T0 + 200_000 + i,
      }),
    );
    // Ingest is down: the shares and then their void reach the stream.
    await publish(late);
    await bus.jetstream.publish(
      n().subjects.sharesVoided,
      encodeJson({
        miner: CHEAT,
        reason: 'low-difficulty',
        shareIds: late.map((s) => s.shareId),
        detectedAt: T0 + 300_000,
      }),
      { msgID: 'void-y' },
    );
    await waitFor(
      'the void handed back while its shares are unstored',
      async () => {
        const info = await (await bus.jetstreamManager()).consumers.info(
          n().streams.shares,
          n().consumers.accountingVoids,
        );
        return info.num_redelivered > 0;
      },
      10_000,
      50,
    );
    expect(results).toHaveLength(1);
    const second = ingestor();
    await second.start();
    stops.push(() => second.stop());
    await waitFor('the second void applied', async () => results.length === 2, 20_000, 50);
    expect(results[1]).toEqual({ voided: 3, kept: 0 });
    expect((await ids()).some((id) => late.some((s) => s.shareId === id))).toBe(false);
  });

  it('the next split counts none of the voided shares: the cheater keeps only its verified and already-split weight', async () => {
    const { pool, db } = fx.database;
    const finding = acceptedShare({
      shareId: shareId(6, 9),
      miner: HONEST,
      jobDifficulty: 1,
      acceptedAt: T0 + 400_000,
      blockCandidate: true,
      networkDifficulty: '1000000',
    });
    await publish([finding]);
    await waitFor(
      'the finding share stored',
      async () => (await ids()).includes(finding.shareId),
      20_000,
      50,
    );
    await pool.query("UPDATE blocks SET status = 'accepted', hash = $1 WHERE candidate_id = $2", [
      'ef'.repeat(32),
      finding.shareId,
    ]);
    const block = (await new BlockRepository(db).open()).find((b) => b.candidateId === finding.shareId);
    if (!block) throw new Error('no block');
    const splitter = new BlockSplitter(
      new PplnsWindowRepository(db),
      { pplnsK: { num: 2n, den: 1n }, feeBasisPoints: 0, feeRecipients: [] },
      {
        rollup: shareRollup(db),
        cutoff: new StreamIngestCutoff(bus, { ...shares(), graceMs: 0 }),
      },
    );
    const { split } = await splitter.compute(block, 'ef'.repeat(32), 1_000_000n);
    const weights = new Map(split.entries.map((e) => [e.account, e.weight]));
    // Shares 0–4 of the cheater (100 … 104): 3 and 4 were already counted by a split, 0–2 never on trust.
    expect(weights.get(CHEAT)).toBe(510n);
    expect(weights.get(HONEST)).toBe(1000n);
  });
});
