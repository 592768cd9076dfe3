/**
 * accounting turns not-ready when its Postgres stops and ready again when it
 * returns, without a restart. A private Postgres cluster on its own port:
 * the machine's own server is never stopped.
 */
import { join } from 'node:path';
import {
  createDatabase,
  makeTestDir,
  type NatsInstance,
  type PostgresInstance,
  type ServiceProcess,
  startNats,
  startPostgres,
} from '@rxpool/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cleanup } from '../tools/private-parts.js';
import { migrate, offlineContext, startService } from '../tools/service-harness.js';

describe('readiness follows Postgres', () => {
  const dir = makeTestDir('ready-postgres');
  const cleanup = new Cleanup();
  let nats: NatsInstance;
  let postgres: PostgresInstance;
  let accounting: ServiceProcess;

  beforeAll(async () => {
    nats = await startNats({ dir: join(dir, 'nats') });
    cleanup.add(nats.stop);
    postgres = await startPostgres({ dir: join(dir, 'postgres'), fsync: false });
    cleanup.add(() => postgres.stop());
    const databaseUrl = await createDatabase(postgres.url, 'ready_pg');
    await migrate(databaseUrl);
    accounting = await startService('accounting', offlineContext({ natsUrl: nats.url, databaseUrl }), dir);
    cleanup.add(() => accounting.stop());
    await accounting.waitReady();
  });

  afterAll(() => cleanup.run());

  it('reports postgres not ready while it is down, ready again after, same process', async () => {
    const pid = accounting.process.pid;
    await postgres.stop();
    const down = await accounting.waitNotReady('postgres');
    expect(down.dependencies.postgres?.ok).toBe(false);
    expect(down.dependencies.nats?.ok).toBe(true);
    await postgres.restart();
    await accounting.waitReady();
    expect(accounting.process.running).toBe(true);
    expect(accounting.process.pid).toBe(pid);
  });
});
