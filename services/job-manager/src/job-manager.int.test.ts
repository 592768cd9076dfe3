import { randomBytes } from 'node:crypto';
import { bytesToHex, nonceBytes } from '@rxpool/cryptonote';
import { TEST_WALLET, waitFor } from '@rxpool/devstack';
import {
  type BlockCandidate,
  type ChainHeaderReply,
  decodeChainHeaderReply,
  decodeJson,
  decodeTemplateEvent,
  encodeJson,
  type TemplateEvent,
} from '@rxpool/messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findNonce, reservedBytes } from './testing/pow.js';
import {
  type EventCollector,
  type InProcessJobManager,
  outcomes,
  type Stack,
  startInProcess,
  startStack,
  templates,
} from './testing/stack.js';

const DIFFICULTY = 10;

function candidateFor(t: TemplateEvent, reserved: Uint8Array, nonce: Uint8Array): BlockCandidate {
  return {
    candidateId: randomBytes(12).toString('hex'),
    templateId: t.templateId,
    height: t.height,
    reserved: bytesToHex(reserved),
    nonce: bytesToHex(nonce),
    powHash: '00'.repeat(32),
    miner: TEST_WALLET.address,
    worker: 'rig1',
    networkDifficulty: t.networkDifficulty,
    foundAt: Date.now(),
  };
}

describe('job-manager against regtest monerod and nats-server', () => {
  let stack: Stack;
  let app: InProcessJobManager;
  let tpl: EventCollector<TemplateEvent>;
  let out: ReturnType<typeof outcomes>;

  beforeAll(async () => {
    stack = await startStack('jm-core', { fixedDifficulty: DIFFICULTY });
    tpl = templates(stack.bus);
    out = outcomes(stack.bus);
    app = await startInProcess(stack);
  });
  afterAll(async () => {
    tpl?.close();
    out?.close();
    await app?.stop();
    await stack?.close();
  });

  const publishCandidate = (c: BlockCandidate) =>
    stack.bus.jetstream.publish(stack.names.subjects.blocksCandidate, encodeJson(c), {
      msgID: c.candidateId,
    });

  it('publishes a template at start and keeps the latest retrievable in the stream', async () => {
    const height = await stack.monerod.height();
    const first = await tpl.next((t) => t.height === height);
    expect(first.reserveSize).toBe(16);
    expect(first.networkDifficulty).toBe(String(DIFFICULTY));
    expect(first.prevHash).toMatch(/^[0-9a-f]{64}$/);
    expect(BigInt(first.expectedReward)).toBeGreaterThan(0n);
    const jsm = await stack.bus.jetstreamManager();
    const last = await jsm.streams.getMessage(stack.names.streams.template, {
      last_by_subj: stack.names.subjects.template,
    });
    expect(decodeJson(last.data, decodeTemplateEvent).templateId).toBe(tpl.events.at(-1)?.event.templateId);
    expect(app.health.isReady()).toBe(true);
  });

  it('publishes a new template when monerod gets a block (generateblocks)', async () => {
    const from = tpl.events.length;
    const top = await stack.monerod.generateBlocks(1);
    const info = await stack.monerod.rpc<{ top_block_hash: string }>('get_info');
    const t = await tpl.next((e) => e.height === top + 1, 10_000, from);
    expect(t.prevHash).toBe(info.top_block_hash);
    // The poller may publish first on a loaded machine; monerod's ZMQ message must still arrive.
    const zmq = () => app.registry.getSingleMetricAsString('rxpool_job_manager_zmq_notifications_total');
    await waitFor('a ZMQ chain_main notification', async () => / [1-9]\d*$/m.test(await zmq()), 10_000, 50);
  });

  it('submits a candidate with a valid nonce: monerod accepts it and the chain grows', async () => {
    const t = tpl.events.at(-1)?.event as TemplateEvent;
    const reserved = reservedBytes(7, 1);
    const nonce = await findNonce(stack.monerod, t, reserved, 'valid');
    const before = await stack.monerod.height();
    const c = candidateFor(t, reserved, nonce);
    await publishCandidate(c);
    const result = await out.next((o) => o.candidateId === c.candidateId);
    expect(result.status).toBe('accepted');
    expect(result.height).toBe(t.height);
    expect(result.reward).toBe(t.expectedReward);
    expect(result.miner).toBe(TEST_WALLET.address);
    expect(result.networkDifficulty).toBe(t.networkDifficulty);
    expect(await stack.monerod.height()).toBe(before + 1);
    const last = await stack.monerod.rpc<{ block_header: { hash: string } }>('get_last_block_header');
    expect(result.blockHash).toBe(last.block_header.hash);
    // and the next template builds on our block
    await tpl.next((e) => e.prevHash === result.blockHash);
  });

  it('submits the same block once however often it is named', async () => {
    const t = tpl.events.at(-1)?.event as TemplateEvent;
    const reserved = reservedBytes(7, 2);
    const nonce = await findNonce(stack.monerod, t, reserved, 'valid');
    const c = candidateFor(t, reserved, nonce);
    const calls = async () =>
      (await app.registry.getSingleMetricAsString('rxpool_job_manager_monerod_calls_total'))
        .split('\n')
        .filter((l) => l.includes('method="submit_block"'))
        .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    const before = await calls();
    const [a, b] = await Promise.all([
      app.jm.submitter.submit(c),
      app.jm.submitter.submit({ ...c, candidateId: randomBytes(12).toString('hex') }),
    ]);
    const again = await app.jm.submitter.submit(c);
    expect(a.status).toBe('accepted');
    expect(b).toEqual(a);
    expect(again).toEqual(a);
    expect((await calls()) - before).toBe(1);
  });

  it('reports a corrupted candidate as rejected with monerod’s reason, and a fresh template follows', async () => {
    const height = await stack.monerod.height();
    const t = await tpl.next((e) => e.height === height);
    const reserved = reservedBytes(7, 3);
    const nonce = await findNonce(stack.monerod, t, reserved, 'invalid');
    const before = await stack.monerod.height();
    const from = tpl.events.length;
    const c = candidateFor(t, reserved, nonce);
    await publishCandidate(c);
    const result = await out.next((o) => o.candidateId === c.candidateId);
    expect(result.status).toBe('rejected');
    expect(result.reason).toMatch(/Block not accepted/);
    expect(result.blockHash).toBeUndefined();
    expect(await stack.monerod.height()).toBe(before);
    const fresh = await tpl.next((e) => e.height === t.height, 5_000, from);
    expect(fresh.templateId).not.toBe(t.templateId);
  });

  it('reports a candidate for a template it does not hold', async () => {
    const t = tpl.events.at(-1)?.event as TemplateEvent;
    const c = { ...candidateFor(t, reservedBytes(1, 1), nonceBytes(0)), templateId: '999-gone-1' };
    await publishCandidate(c);
    const result = await out.next((o) => o.candidateId === c.candidateId);
    expect(result.status).toBe('unknown-template');
    expect(result.reason).toMatch(/999-gone-1/);
  });

  it('answers chain header queries by height and by hash', async () => {
    const request = async (body: unknown): Promise<ChainHeaderReply> =>
      decodeJson(
        (
          await stack.bus.connection.request(stack.names.subjects.chainHeader, encodeJson(body), {
            timeout: 5_000,
          })
        ).data,
        decodeChainHeaderReply,
      );
    const height = await stack.monerod.height();
    const byHeight = await request({ height: 1 });
    if (!byHeight.ok) throw new Error(byHeight.error);
    expect(byHeight.header.height).toBe(1);
    expect(byHeight.header.depth).toBe(height - 2);
    expect(byHeight.header.orphan).toBe(false);
    expect(BigInt(byHeight.header.reward)).toBeGreaterThan(0n);
    expect(byHeight.header.networkDifficulty).toBe(String(DIFFICULTY));
    const byHash = await request({ hash: byHeight.header.hash });
    expect(byHash).toEqual(byHeight);
    const missing = await request({ height: height + 100 });
    expect(missing.ok).toBe(false);
    const bad = await request({ hash: 'xyz' });
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/bad request/) });
  });
});
