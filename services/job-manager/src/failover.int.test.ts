import { randomBytes } from 'node:crypto';
import { bytesToHex, nonceBytes } from '@rxpool/cryptonote';
import { type ServiceProcess, TEST_WALLET, waitFor } from '@rxpool/devstack';
import { type BlockCandidate, encodeJson, type TemplateEvent } from '@rxpool/messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reservedBytes } from './testing/pow.js';
import {
  buildService,
  type EventCollector,
  outcomes,
  type Stack,
  startChild,
  startStack,
  templates,
} from './testing/stack.js';

async function published(child: ServiceProcess): Promise<number> {
  const text = await child.metrics();
  return text
    .split('\n')
    .filter((l) => l.startsWith('rxpool_job_manager_templates_published_total{'))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

const CHAIN_HEIGHT = 'rxpool_job_manager_chain_height';

/** get_info calls the instance made, answered or not (its poller's rhythm). */
async function getInfoCalls(child: ServiceProcess): Promise<number> {
  const text = await child.metrics();
  return text
    .split('\n')
    .filter((l) => l.startsWith('rxpool_job_manager_monerod_calls_total{') && l.includes('method="get_info"'))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

const isLeader = async (child: ServiceProcess) => (await child.metric('rxpool_job_manager_leader')) === 1;

describe('two job-manager processes', () => {
  let stack: Stack;
  let tpl: EventCollector<TemplateEvent>;
  let a: ServiceProcess;
  let b: ServiceProcess;

  beforeAll(async () => {
    buildService();
    stack = await startStack('jm-failover');
    tpl = templates(stack.bus);
    a = await startChild(stack, 'job-manager-a');
    await waitFor('a leads', () => isLeader(a), 15_000, 100);
    b = await startChild(stack, 'job-manager-b');
    await waitFor('b ready', () => b.isReady(), 15_000, 100);
  });
  afterAll(async () => {
    tpl?.close();
    await Promise.all([a?.process.stop(), b?.process.stop()]);
    await stack?.close();
  });

  it('only the leader publishes; the standby takes over within seconds of a kill -9', async () => {
    let from = tpl.events.length;
    let top = await stack.monerod.generateBlocks(1);
    await tpl.next((e) => e.height === top + 1, 10_000, from);
    // The standby saw the same new block (its poller runs too) and polled twice since:
    // a leader would have fetched and published a template by then.
    await waitFor('b sees the block', async () => (await b.metric(CHAIN_HEIGHT)) === top + 1, 10_000, 20);
    const polled = await getInfoCalls(b);
    await waitFor('b polls twice more', async () => (await getInfoCalls(b)) >= polled + 2, 10_000, 20);
    expect(await isLeader(b)).toBe(false);
    expect(await published(a)).toBeGreaterThanOrEqual(2);
    expect(await published(b)).toBe(0);
    expect(tpl.events.filter((e) => e.event.height === top + 1)).toHaveLength(1);

    const last = tpl.events.at(-1)?.event as TemplateEvent;
    await a.process.kill();
    const killedAt = Date.now();
    await waitFor('b leads', () => isLeader(b), 15_000, 50);
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThan(6_000); // lease TTL 3 s in these tests
    expect(await b.isReady()).toBe(true);

    // A candidate for the dead leader's template: the new leader holds it (read from the stream).
    const out = outcomes(stack.bus);
    const candidate: BlockCandidate = {
      candidateId: randomBytes(12).toString('hex'),
      templateId: last.templateId,
      height: last.height,
      reserved: bytesToHex(reservedBytes(3, 9)),
      nonce: bytesToHex(nonceBytes(42)),
      powHash: '00'.repeat(32),
      miner: TEST_WALLET.address,
      worker: '',
      networkDifficulty: last.networkDifficulty,
      foundAt: Date.now(),
    };
    await stack.bus.jetstream.publish(stack.names.subjects.blocksCandidate, encodeJson(candidate));
    const result = await out.next((o) => o.candidateId === candidate.candidateId, 15_000);
    out.close();
    expect(result.status).toBe('accepted');

    from = tpl.events.length;
    top = await stack.monerod.generateBlocks(1);
    await tpl.next((e) => e.height === top + 1, 10_000, from);
    expect(await published(b)).toBeGreaterThanOrEqual(1);
  });

  it('hands over at once on SIGTERM: the leader releases its lease', async () => {
    const c = await startChild(stack, 'job-manager-c');
    await waitFor('c ready', () => c.isReady(), 15_000, 100);
    expect(await isLeader(c)).toBe(false);
    const stoppedAt = Date.now();
    await b.process.stop();
    await waitFor('c leads', () => isLeader(c), 10_000, 50);
    // Well under the 3 s TTL: c did not wait for the lease to expire.
    expect(Date.now() - stoppedAt).toBeLessThan(2_500);
    await c.process.stop();
  });
});
