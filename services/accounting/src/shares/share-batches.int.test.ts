import { NatsBus } from '@rxpool/bus';
import { waitFor } from '@rxpool/devstack';
import { encodeJson } from '@rxpool/messages';
import { createLogger } from '@rxpool/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptedShare,
  address,
  busAndDatabase,
  migratedDatabase,
  shareId,
  shareWriter,
} from '../testing/fixtures.js';
import { ShareIngestor } from './share-ingestor.js';

const log = createLogger('test', 'silent');

describe('share ingest of batched messages (real nats-server, Postgres)', () => {
  let env: Awaited<ReturnType<typeof busAndDatabase>>;
  let bus: NatsBus;
  let fx: Awaited<ReturnType<typeof migratedDatabase>>;
  let ingestor: ShareIngestor | undefined;

  beforeAll(async () => {
    env = await busAndDatabase('batches');
    ({ bus, fx } = env);
  });
  afterAll(async () => {
    await ingestor?.stop();
    await env?.close();
  });

  it('stores every share of single and batched messages once, drops only a malformed entry, acknowledges every message', async () => {
    const n = bus.names;
    const share = (i: number) =>
      acceptedShare({ shareId: shareId(4, i), miner: address(i % 5), acceptedAt: 1_700_000_000_000 + i });
    const publish = (payload: unknown) =>
      bus.jetstream.publish(n.subjects.sharesAccepted, encodeJson(payload));
    await publish(share(0));
    await publish({ shares: Array.from({ length: 300 }, (_, i) => share(1 + i)) });
    // A retried share (301) lands in two batches; one entry of the second is malformed.
    await publish({ shares: [share(300), share(301), { ...share(302), hash: 'x' }, share(303)] });
    await publish({ shares: [] });
    const invalid: number[] = [];
    ingestor = new ShareIngestor(
      bus,
      shareWriter(fx.database.db),
      {
        stream: n.streams.shares,
        durable: n.consumers.accountingShares,
        subject: n.subjects.sharesAccepted,
        batchSize: 128,
        batchWaitMs: 10,
        connections: 2,
        ackWaitMs: 30_000,
      },
      log,
      { onInvalid: () => invalid.push(1) },
    );
    await ingestor.start();
    const jsm = await bus.jetstreamManager();
    await waitFor(
      'every message acknowledged',
      async () => {
        const info = await jsm.consumers.info(n.streams.shares, n.consumers.accountingShares);
        return info.ack_floor.stream_seq === 4 && info.num_ack_pending === 0 && info.num_pending === 0;
      },
      20_000,
      50,
    );
    const { rows } = await fx.database.pool.query<{ n: string; d: string }>(
      'SELECT count(*)::text AS n, count(DISTINCT share_id)::text AS d FROM shares',
    );
    // 0 … 301 and 303: 303 shares, the malformed 302 left out.
    expect(rows[0]).toEqual({ n: '303', d: '303' });
    expect(invalid).toHaveLength(1);
    expect(ingestor.backlog).toBe(0);
  });
});
