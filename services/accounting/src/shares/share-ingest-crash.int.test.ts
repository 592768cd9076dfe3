import { join } from 'node:path';
import { makeTestDir, type NatsInstance, startNats, waitFor } from '@rxpool/devstack';
import { encodeJson, messageNames } from '@rxpool/messages';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { accountingProcess, isReady, runMigrate } from '../testing/accounting-process.js';
import { acceptedShare, address, migratedDatabase, shareId } from '../testing/fixtures.js';

const TOTAL = 30_000;
const names = messageNames('crash');

describe('share ingest survives kill -9 (real nats-server, Postgres, compiled service)', () => {
  let dir: string;
  let nats: NatsInstance;
  let nc: NatsConnection;
  let fx: Awaited<ReturnType<typeof migratedDatabase>>;

  beforeAll(async () => {
    dir = makeTestDir('acct-crash');
    nats = await startNats({ dir: join(dir, 'nats') });
    nc = await connect({ servers: nats.url });
    fx = await migratedDatabase('acct_crash');
  });
  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
    await fx?.drop();
  });

  it('stores exactly the published shares: none lost, none doubled', async () => {
    // The separate migrate command is idempotent: a second run applies nothing.
    expect(await runMigrate(fx.url)).toMatch(/done: 0 migration\(s\) applied/);

    const env = {
      DATABASE_URL: fx.url,
      NATS_URL: nats.url,
      NATS_NAMESPACE: 'crash',
      SHARE_BATCH_SIZE: '500',
      SHARE_ACK_WAIT_MS: '5000',
    };
    const { proc, healthPort } = await accountingProcess(dir, env);
    onTestFinished(() => proc.kill());
    proc.start();
    await waitFor('accounting ready', () => isReady(healthPort), 30_000, 100);

    const js = nc.jetstream();
    const count = async () =>
      Number(
        (await fx.database.pool.query<{ n: string }>('SELECT count(*)::text AS n FROM shares')).rows[0]?.n,
      );
    const published: string[] = [];
    let killed = false;
    const publishing = (async () => {
      for (let i = 0; i < TOTAL; i += 250) {
        const acks = [];
        for (let j = i; j < i + 250; j++) {
          const id = shareId(1 + (j % 4), j, j * 7);
          published.push(id);
          const share = acceptedShare({
            shareId: id,
            miner: address(j % 50),
            worker: `w${j % 3}`,
            jobDifficulty: 1000 + (j % 17),
            acceptedAt: 1_700_000_000_000 + j * 10,
          });
          acks.push(js.publish(names.subjects.sharesAccepted, encodeJson(share), { msgID: id }));
        }
        await Promise.all(acks);
      }
    })();

    // Crash it mid-stream, once some batches are stored and more are in flight.
    await waitFor('some shares stored', async () => (await count()) >= 6_000, 60_000, 20);
    await proc.kill();
    killed = true;
    const atCrash = await count();
    expect(atCrash).toBeLessThan(TOTAL);

    proc.start();
    await publishing;
    await waitFor('every share stored', async () => (await count()) >= TOTAL, 90_000, 200);
    // Redeliveries of batches committed before the crash must not add rows: wait until the
    // consumer has delivered and seen acknowledged every message (nothing pending, nothing unacked).
    const jsm = await nc.jetstreamManager();
    await waitFor(
      'the ingest consumer to settle',
      async () => {
        const info = await jsm.consumers.info(names.streams.shares, names.consumers.accountingShares);
        return info.num_pending === 0 && info.num_ack_pending === 0;
      },
      90_000,
      200,
    );

    const { rows } = await fx.database.pool.query<{ id: string }>(
      "SELECT encode(share_id, 'hex') AS id FROM shares",
    );
    const stored = rows.map((r) => r.id).sort();
    expect(killed).toBe(true);
    expect(stored.length).toBe(TOTAL);
    expect(stored).toEqual([...published].sort());
    // Each share counted once: in share_minutes below the rollup watermark, still raw above it.
    const sums = await fx.database.pool.query<{ raw: string; agg: string }>(
      `SELECT (SELECT sum(job_difficulty)::text FROM shares) AS raw,
              ((SELECT coalesce(sum(difficulty), 0) FROM share_minutes)
               + (SELECT coalesce(sum(job_difficulty), 0) FROM shares WHERE accepted_at >= (SELECT watermark FROM share_rollup)))::text AS agg`,
    );
    expect(sums.rows[0]?.agg).toBe(sums.rows[0]?.raw);
    await proc.stop();
  });
});
