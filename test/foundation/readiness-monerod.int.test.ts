/**
 * job-manager turns not-ready when its monerod stops and ready again when it
 * returns, without a restart. A private regtest monerod on its own ports.
 */
import { type MonerodInstance, makeTestDir, type ServiceProcess } from '@rxpool/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cleanup, startNatsAndMonerod } from '../tools/private-parts.js';
import { offlineContext, startService } from '../tools/service-harness.js';

describe('readiness follows monerod', () => {
  const dir = makeTestDir('ready-monerod');
  const cleanup = new Cleanup();
  let monerod: MonerodInstance;
  let jobManager: ServiceProcess;

  beforeAll(async () => {
    const parts = await startNatsAndMonerod(dir, cleanup);
    const nats = parts.nats;
    monerod = parts.monerod;
    jobManager = await startService(
      'job-manager',
      offlineContext({ natsUrl: nats.url, monerodRpcUrl: monerod.rpcUrl, monerodZmqUrl: monerod.zmqUrl! }),
      dir,
    );
    cleanup.add(() => jobManager.stop());
    await jobManager.waitReady();
  });

  afterAll(() => cleanup.run());

  it('reports monerod not ready while it is down, ready again after, same process', async () => {
    const pid = jobManager.process.pid;
    await monerod.stop();
    const down = await jobManager.waitNotReady('monerod');
    expect(down.dependencies.monerod?.ok).toBe(false);
    await monerod.restart();
    await jobManager.waitReady();
    // A new block after the restart reaches the job-manager too.
    await monerod.generateBlocks(1);
    await jobManager.waitReady();
    expect(jobManager.process.running).toBe(true);
    expect(jobManager.process.pid).toBe(pid);
  });
});
