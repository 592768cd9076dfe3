/**
 * job-manager turns not-ready when its monerod stops and ready again when it
 * returns, without a restart. A private regtest monerod on its own ports.
 */
import { join } from 'node:path';
import {
  type MonerodInstance,
  makeTestDir,
  type NatsInstance,
  startMonerod,
  startNats,
} from '@rxpool/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineContext, startService, type TestService } from '../tools/service-harness.js';

describe('readiness follows monerod', () => {
  const dir = makeTestDir('ready-monerod');
  const stops: Array<() => Promise<void>> = [];
  let nats: NatsInstance;
  let monerod: MonerodInstance;
  let jobManager: TestService;

  beforeAll(async () => {
    nats = await startNats({ dir: join(dir, 'nats') });
    stops.push(nats.stop);
    monerod = await startMonerod({ dir: join(dir, 'monerod') });
    stops.push(monerod.stop);
    await monerod.generateBlocks(2);
    jobManager = await startService(
      'job-manager',
      offlineContext({ natsUrl: nats.url, monerodRpcUrl: monerod.rpcUrl, monerodZmqUrl: monerod.zmqUrl! }),
      dir,
    );
    stops.push(() => jobManager.stop());
    await jobManager.waitReady();
  });

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  });

  it('reports monerod not ready while it is down, ready again after, same process', async () => {
    const pid = jobManager.process.process.pid;
    await monerod.stop();
    const down = await jobManager.waitNotReady('monerod');
    expect(down.dependencies.monerod?.ok).toBe(false);
    await monerod.restart();
    await jobManager.waitReady();
    // A new block after the restart reaches the job-manager too.
    await monerod.generateBlocks(1);
    await jobManager.waitReady();
    expect(jobManager.running).toBe(true);
    expect(jobManager.process.process.pid).toBe(pid);
  });
});
