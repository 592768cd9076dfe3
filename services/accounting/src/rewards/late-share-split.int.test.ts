import { NatsBus } from '@rxpool/bus';
import { waitFor } from '@rxpool/devstack';
import { type AcceptedShare, encodeJson } from '@rxpool/messages';
import { createLogger } from '@rxpool/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockRepository } from '../blocks/block.repository.js';
import type { RewardPolicy } from '../config.js';
import { StreamIngestCutoff } from '../shares/ingest-cutoff.js';
import { AckPolicy, ensureDurableConsumer } from '../shares/share-consumer.js';
import { ShareIngestor } from '../shares/share-ingestor.js';
import {
  acceptedShare,
  address,
  busAndDatabase,
  migratedDatabase,
  shareId,
  shareRollup,
  shareWriter,
} from '../testing/fixtures.js';
import { BlockSplitter, IngestIncompleteError } from './block-splitter.js';
import { PplnsWindowRepository } from './pplns-window.repository.js';
import { SplitRecomputeRepository } from './split-recompute.repository.js';

const ACK_WAIT_MS = 3_000;
const policy: RewardPolicy = { pplnsK: { num: 2n, den: 1n }, feeBasisPoints: 0, feeRecipients: [] };
const log = createLogger('test', 'warn');

describe('a split waits for shares accepted before the finding share (real nats-server, Postgres)', () => {
  let env: Awaited<ReturnType<typeof busAndDatabase>>;
  let bus: NatsBus;
  let fx: Awaited<ReturnType<typeof migratedDatabase>>;
  let ingestor: ShareIngestor | undefined;

  beforeAll(async () => {
    env = await busAndDatabase('late');
    ({ bus, fx } = env);
  });
  afterAll(async () => {
    await ingestor?.stop();
    await env?.close();
  });

  it('leaves out nothing held for redelivery, and the stored split recomputes from the stored rows', async () => {
    const n = bus.names;
    const stream = n.streams.shares;
    const durable = n.consumers.accountingShares;
    const spec = { stream, durable, filterSubject: n.subjects.sharesAccepted, ackPolicy: AckPolicy.Explicit };
    await ensureDurableConsumer(await bus.jetstreamManager(), {
      ...spec,
      ackWaitMs: ACK_WAIT_MS,
      maxAckPending: 1000,
    });
    const publish = (s: AcceptedShare) =>
      bus.jetstream.publish(n.subjects.sharesAccepted, encodeJson(s), { msgID: s.shareId });

    // Accepted a minute ago, in this order: a share of miner A, then miner B's share that found a block.
    const t = Date.now() - 60_000;
    const late = acceptedShare({
      shareId: shareId(1, 1),
      miner: address(1),
      jobDifficulty: 500,
      acceptedAt: t,
    });
    const finding = acceptedShare({
      shareId: shareId(2, 1),
      miner: address(2),
      jobDifficulty: 700,
      acceptedAt: t + 1,
      blockCandidate: true,
      networkDifficulty: '100000',
    });
    await publish(late);
    // An accounting instance takes A's share and dies before storing it: redelivered after the ack wait.
    const dying = await (await bus.jetstream.consumers.get(stream, durable)).next({ expires: 5_000 });
    expect(dying?.seq).toBe(1);
    await publish(finding);

    ingestor = new ShareIngestor(
      bus,
      shareWriter(fx.database.db),
      {
        stream,
        durable,
        subject: n.subjects.sharesAccepted,
        batchSize: 100,
        batchWaitMs: 20,
        connections: 2,
        ackWaitMs: ACK_WAIT_MS,
      },
      log,
    );
    await ingestor.start();
    const blocks = new BlockRepository(fx.database.db);
    await waitFor(
      'finding share stored',
      async () => (await blocks.byCandidate(finding.shareId)) !== undefined,
      10_000,
      20,
    );
    await fx.database.pool.query("UPDATE blocks SET status = 'accepted', hash = $1", ['ab'.repeat(32)]);
    const [block] = await blocks.open();
    if (!block) throw new Error('no open block');

    const splitter = new BlockSplitter(new PplnsWindowRepository(fx.database.db), policy, {
      rollup: shareRollup(fx.database.db),
      cutoff: new StreamIngestCutoff(bus, { stream, durable, graceMs: 1_000 }),
    });
    // A's share is not stored yet: the split refuses to be taken.
    await expect(splitter.compute(block, 'ab'.repeat(32), 1_000_000n)).rejects.toBeInstanceOf(
      IngestIncompleteError,
    );

    // After the ack wait the server hands A's share to the live instance; only then is the window complete.
    let taken: Awaited<ReturnType<BlockSplitter['compute']>> | undefined;
    await waitFor(
      'the split can be taken',
      async () => {
        taken = await splitter.compute(block, 'ab'.repeat(32), 1_000_000n).catch(() => undefined);
        return taken !== undefined;
      },
      30_000,
      100,
    );
    const computed = taken as NonNullable<typeof taken>;
    expect(new Map(computed.split.entries.map((e) => [e.account, e.weight]))).toEqual(
      new Map([
        [late.miner, 500n],
        [finding.miner, 700n],
      ]),
    );
    expect(computed.cutoff?.seq).toBe(2n);
    await fx.database.db
      .transaction()
      .execute((trx) => splitter.store(trx, block, 'ab'.repeat(32), computed));
    const stored = await fx.database.db.selectFrom('block_splits').selectAll().executeTakeFirstOrThrow();
    expect(stored.ingest_cutoff_seq).toBe(2n);
    expect(stored.digest).toBe(computed.digest);

    // The audit, from the stored rows alone; a share stored after the split does not change it.
    await publish(
      acceptedShare({ shareId: shareId(1, 2), miner: address(3), jobDifficulty: 900, acceptedAt: t - 5 }),
    );
    await waitFor('straggler stored', async () => (await shareCount(fx)) === 3, 10_000, 20);
    const audit = await new SplitRecomputeRepository(fx.database.db).recompute(block.id);
    expect(audit).toMatchObject({ matches: true, stored: stored.digest, storedLater: 1 });
  });
});

async function shareCount(fx: Awaited<ReturnType<typeof migratedDatabase>>): Promise<number> {
  const r = await fx.database.pool.query<{ n: string }>('SELECT count(*)::text AS n FROM shares');
  return Number(r.rows[0]?.n);
}
