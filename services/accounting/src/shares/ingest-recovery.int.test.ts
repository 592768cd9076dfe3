import { join } from 'node:path';
import { createDb, type Database } from '@rxpool/db';
import {
  canConnect,
  makeTestDir,
  type NatsInstance,
  type PostgresInstance,
  startNats,
  startPostgres,
  waitFor,
} from '@rxpool/devstack';
import { encodeJson, messageNames } from '@rxpool/messages';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { accountingProcess, isReady, runMigrate } from '../testing/accounting-process.js';
import { acceptedShare, address, shareId } from '../testing/fixtures.js';

const names = messageNames('recover');

describe('accounting loses and regains Postgres without a restart (private Postgres, nats-server, compiled service)', () => {
  let dir: string;
  let nats: NatsInstance;
  let pg: PostgresInstance;
  let nc: NatsConnection;
  let url: string;
  let database: Database;

  beforeAll(async () => {
    dir = makeTestDir('acct-recover');
    [nats, pg] = await Promise.all([
      startNats({ dir: join(dir, 'nats') }),
      startPostgres({ dir: join(dir, 'pg'), fsync: false }),
    ]);
    nc = await connect({ servers: nats.url });
    url = pg.url;
    database = createDb(url, { max: 2 });
  });
  afterAll(async () => {
    await database?.close();
    await nc?.close();
    await nats?.stop();
    await pg?.stop();
  });

  async function publish(from: number, to: number) {
    const js = nc.jetstream();
    for (let i = from; i < to; i++) {
      const id = shareId(3, i);
      await js.publish(
        names.subjects.sharesAccepted,
        encodeJson(acceptedShare({ shareId: id, miner: address(i % 9), acceptedAt: 1_700_000_000_000 + i })),
        { msgID: id },
      );
    }
  }
  const count = async () =>
    Number((await database.pool.query<{ n: string }>('SELECT count(*)::text AS n FROM shares')).rows[0]?.n);

  it('is not ready while Postgres is down, keeps the shares in JetStream, and catches up when it is back', async () => {
    expect(await runMigrate(url)).toMatch(/done: \d+ migration\(s\) applied/);
    const { proc, healthPort } = await accountingProcess(dir, {
      DATABASE_URL: url,
      NATS_URL: nats.url,
      NATS_NAMESPACE: 'recover',
      SHARE_BATCH_SIZE: '200',
    });
    onTestFinished(() => proc.kill());
    proc.start();
    await waitFor('accounting ready', () => isReady(healthPort), 30_000, 100);
    await publish(0, 1000);
    await waitFor('first shares stored', async () => (await count()) === 1000, 30_000, 100);

    // Stopped, not killed: as root, devstack runs Postgres under runuser, and a SIGKILL would reach only that.
    await pg.stop();
    expect(await canConnect(url)).toBe(false);
    await waitFor('not ready without Postgres', async () => !(await isReady(healthPort)), 20_000, 100);
    const body = (await (await fetch(`http://127.0.0.1:${healthPort}/health`)).json()) as {
      dependencies: Record<string, { ok: boolean }>;
    };
    expect(body.dependencies.postgres?.ok).toBe(false);
    expect(body.dependencies.nats?.ok).toBe(true);
    await publish(1000, 2000); // JetStream keeps them; nothing is acknowledged

    await pg.restart();
    await waitFor('ready again', () => isReady(healthPort), 30_000, 200);
    await waitFor('all shares stored', async () => (await count().catch(() => 0)) === 2000, 60_000, 200);
    expect(proc.running).toBe(true);
  });
});
