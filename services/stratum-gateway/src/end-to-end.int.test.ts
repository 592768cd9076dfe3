/**
 * End to end through the real parts, each the compiled service as its own process:
 * regtest monerod → job-manager → NATS → stratum-gateway ← a test miner hashing real
 * RandomX (light mode); shares checked by the share-validator with RandomX, stored in
 * JetStream; blocks found by the miner submitted by the job-manager and accepted by
 * monerod. Build first (npm run build).
 */
import { join } from 'node:path';
import { NatsBus } from '@rxpool/bus';
import { targetToDifficulty } from '@rxpool/cryptonote';
import {
  freePort,
  type MonerodInstance,
  makeTestDir,
  type NatsInstance,
  type ServiceProcess,
  startMonerod,
  startNats,
  TEST_WALLET,
  waitFor,
} from '@rxpool/devstack';
import {
  type AcceptedShare,
  type BlockSubmitted,
  decodeAcceptedShare,
  decodeBlockSubmitted,
  decodeJson,
} from '@rxpool/messages';
import { createLogger, HealthRegistry } from '@rxpool/observability';
import { RandomXHasherSource, StratumClient, TestMiner } from '@rxpool/stratum-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WALLET } from './testing/fixtures.js';
import { gatewayEnv, type ServiceName, startServiceProcess } from './testing/service-process.js';

/** Blocks at difficulty 40: a light-mode miner finds one every few seconds. */
const NETWORK_DIFFICULTY = 40;
const namespace = `gwe2e${process.pid}`;

let dir: string;
let monerod: MonerodInstance;
let nats: NatsInstance;
let bus: NatsBus;
let port: number;
const services: ServiceProcess[] = [];
const hashers = new RandomXHasherSource({ mode: 'light', threads: 1 });

beforeAll(async () => {
  dir = makeTestDir('gateway-e2e');
  [monerod, nats] = await Promise.all([
    startMonerod({ dir: join(dir, 'monerod'), fixedDifficulty: NETWORK_DIFFICULTY }),
    startNats({ dir: join(dir, 'nats') }),
  ]);
  bus = new NatsBus(
    { url: nats.url, namespace, name: 'e2e-test' },
    new HealthRegistry(),
    createLogger('t', 'silent'),
  );
  await bus.connect();
  await bus.ensureStreams();
  port = await freePort();
  const start = async (name: ServiceName, env: Record<string, string>) => {
    const service = await startServiceProcess(name, { dir, natsUrl: nats.url, namespace, env });
    services.push(service);
    return service;
  };
  const jm = await start('job-manager', {
    MONEROD_URLS: monerod.rpcUrl,
    ...(monerod.zmqUrl === undefined ? {} : { MONEROD_ZMQ_URL: monerod.zmqUrl }),
    POOL_WALLET_ADDRESS: TEST_WALLET.address,
    POLL_INTERVAL_MS: '250',
  });
  const validator = await start('share-validator', { VALIDATOR_MODE: 'light', VALIDATOR_THREADS: '1' });
  const gateway = await start(
    'stratum-gateway',
    gatewayEnv(port, join(dir, 'gateway'), {
      STRATUM_START_DIFFICULTY: '1',
      VARDIFF_TARGET_SECONDS: '5',
      VARDIFF_RETARGET_SECONDS: '3',
      // At difficulty 1 every hash is a share, and a loaded machine lets the queue in front of
      // one light-mode validator thread pass the default 32; the busy reply is unit-tested, and
      // here it would only hide what the vardiff test checks.
      STRATUM_MAX_INFLIGHT_SUBMITS: '128',
    }),
  );
  await Promise.all([
    jm.waitReady(),
    validator.waitReady(120_000, { dependency: 'randomx' }),
    gateway.waitReady(120_000, { dependency: 'stratum' }),
  ]);
}, 300_000);

afterAll(async () => {
  hashers.close();
  for (const service of services.reverse()) await service.stop();
  await bus?.close();
  await Promise.all([monerod?.stop(), nats?.stop()]);
});

async function connected(): Promise<StratumClient> {
  return StratumClient.connect({ host: '127.0.0.1', port, replyTimeoutMs: 30_000 });
}

/** Every message of a stream subject so far, read one by one by sequence. */
async function readAll<T>(stream: string, subject: string, decode: (v: unknown) => T): Promise<T[]> {
  const jsm = await bus.jetstreamManager();
  const { state } = await jsm.streams.info(stream);
  const out: T[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
    if (m !== undefined && m.subject === subject) out.push(decodeJson(m.data, decode));
  }
  return out;
}

/** Mines on the client's jobs until the job-manager reports a block of `worker` accepted. */
async function mineUntilAccepted(client: StratumClient, worker: string): Promise<BlockSubmitted> {
  const miner = new TestMiner({ client, hashers });
  const mining = miner.run();
  let accepted: BlockSubmitted | undefined;
  try {
    await waitFor(
      `a block from the test miner ${worker}`,
      async () => {
        const blocks = await readAll<BlockSubmitted>(
          bus.names.streams.blocks,
          bus.names.subjects.blocksSubmitted,
          decodeBlockSubmitted,
        );
        accepted = blocks.find((b) => b.worker === worker && b.status === 'accepted');
        return accepted !== undefined;
      },
      180_000,
      1_000,
    );
  } finally {
    miner.stop();
    await mining;
  }
  if (accepted?.blockHash === undefined) throw new Error('no accepted block');
  return accepted;
}

/** monerod has the block in its chain at the height the job-manager reported. */
async function blockInChain(block: BlockSubmitted): Promise<void> {
  const header = await monerod.rpc<{ block_header: { hash: string; height: number } }>(
    'get_block_header_by_hash',
    { hash: block.blockHash },
  );
  expect(header.block_header.height).toBe(block.height);
}

describe('end to end', () => {
  it("accepts the test miner's real shares and stores each as an accepted-share event", async () => {
    const client = await connected();
    await client.login({ login: `${WALLET}.e2e+5` });
    const miner = new TestMiner({
      client,
      hashers,
      shares: 6,
      onShare: (share) => {
        if (process.env.E2E_VERBOSE) console.log(share.jobId, share.nonce, JSON.stringify(share.outcome));
      },
    });
    const report = await miner.run();
    expect(report.sent).toBe(6);
    expect(report.rejections).toEqual({});
    expect(report.accepted).toBe(6);
    const shares = await readAll<AcceptedShare>(
      bus.names.streams.shares,
      bus.names.subjects.sharesAccepted,
      decodeAcceptedShare,
    );
    const mine = shares.filter((s) => s.worker === 'e2e');
    expect(mine.length).toBeGreaterThanOrEqual(6);
    for (const s of mine) {
      expect(s).toMatchObject({ miner: WALLET, jobDifficulty: 5, scheme: 'pplns' });
      expect(s.shareId).toBe(`${s.jobId}${s.nonce}`);
      expect(BigInt(s.hashDifficulty)).toBeGreaterThanOrEqual(5n);
    }
    await client.close();
  });

  it('gets a block the test miner found accepted by monerod', async () => {
    const startHeight = await monerod.height();
    const client = await connected();
    await client.login({ login: `${WALLET}.finder+10` });
    await blockInChain(await mineUntilAccepted(client, 'finder'));
    expect(await monerod.height()).toBeGreaterThan(startHeight);
    await client.close();
  });

  it('caps a +diff far above the network difficulty, so its blocks still reach monerod', async () => {
    const startHeight = await monerod.height();
    const client = await connected();
    await client.login({ login: `${WALLET}.bigdiff+5000000` });
    // At 5,000,000 XMRig would never send a hash of a difficulty-40 block.
    expect(targetToDifficulty(client.job?.target ?? '')).toBeLessThanOrEqual(BigInt(NETWORK_DIFFICULTY));
    const block = await mineUntilAccepted(client, 'bigdiff');
    await blockInChain(block);
    expect(await monerod.height()).toBeGreaterThan(startHeight);
    await client.close();
  });

  it('raises the difficulty of a fast miner (vardiff) and keeps crediting its shares', async () => {
    const client = await connected();
    await client.login({ login: `${WALLET}.vardiff` });
    const startDifficulty = targetToDifficulty(client.job?.target ?? '');
    const miner = new TestMiner({ client, hashers, shares: 40 });
    const report = await miner.run();
    const now = targetToDifficulty(client.job?.target ?? '');
    expect(now).toBeGreaterThan(startDifficulty);
    expect(report.accepted).toBeGreaterThanOrEqual(35);
    const stale = Object.entries(report.rejections).filter(([m]) => !/^Block expired/.test(m));
    expect(stale).toEqual([]);
    await client.close();
  });
});
