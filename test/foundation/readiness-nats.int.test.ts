/**
 * Every service turns not-ready when its nats-server stops and ready again
 * when it returns, without a restart. The whole chain runs on private
 * instances (own nats-server, monerod, database): the shared ones are never touched.
 */
import {
  createDatabase,
  dropDatabase,
  makeTestDir,
  type NatsInstance,
  type ServiceProcess,
} from '@rxpool/devstack';
import { ensureTlsCertificate } from '@rxpool/local-pool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cleanup, startNatsAndMonerod } from '../tools/private-parts.js';
import { migrate, offlineContext, startService } from '../tools/service-harness.js';

describe('readiness follows nats-server', () => {
  const dir = makeTestDir('ready-nats');
  const cleanup = new Cleanup();
  const services: ServiceProcess[] = [];
  let nats: NatsInstance;

  beforeAll(async () => {
    const parts = await startNatsAndMonerod(dir, cleanup);
    nats = parts.nats;
    const monerod = parts.monerod;
    const adminUrl = process.env.PG_ADMIN_URL!;
    const databaseUrl = await createDatabase(adminUrl, 'ready_nats');
    cleanup.add(() => dropDatabase(adminUrl, databaseUrl));
    await migrate(databaseUrl);
    const tls = await ensureTlsCertificate(dir, '127.0.0.1');
    const context = offlineContext({
      natsUrl: nats.url,
      databaseUrl,
      monerodRpcUrl: monerod.rpcUrl,
      monerodZmqUrl: monerod.zmqUrl!,
      tlsCertFile: tls.certFile,
      tlsKeyFile: tls.keyFile,
    });
    for (const name of ['job-manager', 'accounting', 'share-validator', 'stratum-gateway'] as const) {
      const service = await startService(name, context, dir);
      services.push(service);
      cleanup.add(() => service.stop());
    }
    await Promise.all(services.map((s) => s.waitReady(120_000)));
  });

  afterAll(() => cleanup.run());

  it('reports nats not ready in every service while it is down, ready again after, same processes', async () => {
    const pids = services.map((s) => s.process.pid);
    await nats.stop();
    const down = await Promise.all(services.map((s) => s.waitNotReady('nats')));
    for (const body of down) {
      expect(body.ready).toBe(false);
      expect(body.dependencies.nats?.ok).toBe(false);
    }
    await nats.restart();
    await Promise.all(services.map((s) => s.waitReady(120_000)));
    expect(services.map((s) => s.process.pid)).toEqual(pids);
    expect(services.every((s) => s.process.running)).toBe(true);
  });

  it('exits 0 on SIGTERM while it still waits for nats-server at start', async () => {
    // offlineContext: every dependency on port 1, where nothing answers; the bus retries for ever.
    const waiting = await startService('share-validator', offlineContext(), dir);
    cleanup.add(() => waiting.stop());
    await waiting.waitNotReady('nats');
    await waiting.stop();
    expect(await waiting.process.exited()).toBe(0);
    expect(waiting.process.signalCode).toBeNull();
    expect(waiting.lastLogLine()).toContain('stop requested while starting');
  });
});
