import { freePort, waitFor } from '@rxpool/devstack';
import type { TemplateEvent } from '@rxpool/messages';
import { afterEach, describe, expect, it } from 'vitest';
import { LEADER_KEY } from './leadership/leader-lease.js';
import {
  type EventCollector,
  type InProcessJobManager,
  type Stack,
  startInProcess,
  startStack,
  templates,
} from './testing/stack.js';

/** get_info calls that got no answer (the status poller's, mostly). */
async function getInfoFailures(app: InProcessJobManager): Promise<number> {
  const calls = await app.registry.getSingleMetric('rxpool_job_manager_monerod_calls_total')?.get();
  return (calls?.values ?? [])
    .filter((v) => v.labels.method === 'get_info' && v.labels.outcome === 'transport-error')
    .reduce((sum, v) => sum + v.value, 0);
}

/** The chain height the job-manager last saw (poll or ZMQ). */
async function chainHeight(app: InProcessJobManager): Promise<number | undefined> {
  const gauge = await app.registry.getSingleMetric('rxpool_job_manager_chain_height')?.get();
  return gauge?.values[0]?.value;
}

/** The leader key's revision in the KV bucket: it moves with every renewal. */
async function leaseRevision(stack: Stack): Promise<number> {
  const kv = await stack.bus.jetstream.views.kv(stack.names.buckets.jobManagerLeader);
  return (await kv.get(LEADER_KEY))?.revision ?? 0;
}

describe('job-manager when monerod or its ZMQ goes away', () => {
  let stack: Stack | undefined;
  let app: InProcessJobManager | undefined;
  let tpl: EventCollector<TemplateEvent> | undefined;
  afterEach(async () => {
    tpl?.close();
    await app?.stop();
    await stack?.close();
    stack = app = tpl = undefined;
  });

  const monerodOk = (a: InProcessJobManager) => a.health.snapshot().dependencies.monerod?.ok === true;

  it('stays up but not ready while monerod is stopped, and resumes when it returns', async () => {
    stack = await startStack('jm-monerod-away');
    tpl = templates(stack.bus);
    app = await startInProcess(stack);
    const a = app;
    const s = stack;
    await waitFor('ready', async () => a.health.isReady(), 10_000, 50);

    await stack.monerod.stop();
    await waitFor('not ready', async () => !a.health.isReady(), 10_000, 50);
    expect(monerodOk(a)).toBe(false);
    expect(a.health.snapshot().dependencies.monerod?.detail).toMatch(/unavailable/);
    // still polling, still leading: nothing crashed (two more polls failed and the lease
    // was renewed while monerod is away)
    const failed = await getInfoFailures(a);
    const revision = await leaseRevision(s);
    await waitFor('two more failed polls', async () => (await getInfoFailures(a)) >= failed + 2, 10_000, 20);
    await waitFor('the lease renewed', async () => (await leaseRevision(s)) > revision, 10_000, 20);
    expect(a.jm.isLeader).toBe(true);

    await stack.monerod.restart();
    await waitFor('ready again', async () => a.health.isReady(), 15_000, 50);
    const from = tpl.events.length;
    const top = await stack.monerod.generateBlocks(1);
    const t = await tpl.next((e) => e.height === top + 1, 10_000, from);
    expect(t.prevHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('delivers templates by polling when monerod has no ZMQ publisher', async () => {
    stack = await startStack('jm-no-zmq', { zmq: false });
    tpl = templates(stack.bus);
    // A ZMQ URL where nothing publishes: ZMQ stays silent, polling must carry on.
    app = await startInProcess(stack, { MONEROD_ZMQ_URL: `tcp://127.0.0.1:${await freePort()}` });
    for (let i = 0; i < 2; i++) {
      const from = tpl.events.length;
      const top = await stack.monerod.generateBlocks(1);
      await tpl.next((e) => e.height === top + 1, 10_000, from);
    }
    const text = await app.registry.getSingleMetricAsString(
      'rxpool_job_manager_new_block_to_template_seconds',
    );
    expect(text).toMatch(/_count\{[^}]*source="poll"[^}]*\} [1-9]/);
    expect(text).not.toMatch(/source="zmq"/);
  });

  it('publishes again after nats-server was away', async () => {
    stack = await startStack('jm-nats-away');
    tpl = templates(stack.bus);
    app = await startInProcess(stack);
    const a = app;
    await waitFor('leading', async () => a.jm.isLeader && a.jm.source.published !== undefined, 10_000, 50);
    await stack.nats.stop();
    const top = await stack.monerod.generateBlocks(1);
    // The job-manager saw the new block while NATS is away (its poller needs only monerod).
    await waitFor('the block seen offline', async () => (await chainHeight(a)) === top + 1, 10_000, 20);
    await stack.nats.restart();
    // The test's own subscriber reconnects too; the template for the new block must reach it.
    const t = await tpl.next((e) => e.height === top + 1, 20_000);
    expect(t.prevHash).toMatch(/^[0-9a-f]{64}$/);
    await waitFor('ready', async () => a.health.isReady(), 10_000, 50);
  });
});
