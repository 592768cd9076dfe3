import { freePort, waitFor } from '@rxpool/devstack';
import type { TemplateEvent } from '@rxpool/messages';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type EventCollector,
  type InProcessJobManager,
  type Stack,
  startInProcess,
  startStack,
  templates,
} from './testing/stack.js';

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
    await waitFor('ready', async () => a.health.isReady(), 10_000, 50);

    await stack.monerod.stop();
    await waitFor('not ready', async () => !a.health.isReady(), 10_000, 50);
    expect(monerodOk(a)).toBe(false);
    expect(a.health.snapshot().dependencies.monerod?.detail).toMatch(/unavailable/);
    // still polling, still leading: nothing crashed
    await new Promise((r) => setTimeout(r, 1_000));
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
    await new Promise((r) => setTimeout(r, 1_000));
    await stack.nats.restart();
    // The test's own subscriber reconnects too; the template for the new block must reach it.
    const t = await tpl.next((e) => e.height === top + 1, 20_000);
    expect(t.prevHash).toMatch(/^[0-9a-f]{64}$/);
    await waitFor('ready', async () => a.health.isReady(), 10_000, 50);
  });
});
