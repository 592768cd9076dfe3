import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  credentials,
  type GrpcObject,
  loadPackageDefinition,
  type ServiceClientConstructor,
  status,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { BANS_MAX_AGE_MS, NatsBus } from '@rxpool/bus';
import { encodeAddress } from '@rxpool/cryptonote';
import { HashrateRepository, PoolReadRepository } from '@rxpool/db';
import { makeTestDir, type NatsInstance, startNats, TEST_WALLET } from '@rxpool/devstack';
import { type BanEntry, banKey, decodeBanEntry, decodeJson, encodeJson } from '@rxpool/messages';
import { createLogger, HealthRegistry } from '@rxpool/observability';
import { ADMIN_METHODS, ADMIN_SERVICE_NAME, AdminClient, type AdminMethodName } from '@rxpool/proto';
import { ATOMIC_UNITS_PER_XMR as XMR } from '@rxpool/rewards';
import { certificateAuthority } from '@rxpool/service-kit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockRepository } from '../blocks/block.repository.js';
import { BlockUnlocker } from '../blocks/block-unlocker.js';
import { NatsChainHeaderSource } from '../blocks/chain-header-source.js';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { PayoutRepository } from '../payouts/payout.repository.js';
import { creditThroughSoloBlock } from '../payouts/test-credits.js';
import { BlockSplitter } from '../rewards/block-splitter.js';
import { PplnsWindowRepository } from '../rewards/pplns-window.repository.js';
import { PpsExposureRepository } from '../rewards/pps-exposure.repository.js';
import { migratedDatabase } from '../testing/fixtures.js';
import { AdminService } from './admin.service.js';
import type { AdminConfig } from './admin-config.js';
import { AdminGrpcServer } from './admin-grpc.server.js';
import { BanPublisher } from './ban-publisher.js';

const run = promisify(execFile);
const TOKEN = 'test-admin-token-0123456789abcdef';
const A = TEST_WALLET.address;
const B = encodeAddress({
  network: 'mainnet',
  kind: 'standard',
  spendKey: new Uint8Array(32).fill(7),
  viewKey: new Uint8Array(32).fill(9),
});
const TX_HASH = 'ab'.repeat(32);
const TX_KEY = 'cd'.repeat(32);
const log = createLogger('admin-test', 'warn');
const policy = { pplnsK: { num: 2n, den: 1n }, feeBasisPoints: 0, feeRecipients: [] };

/** A request for each method that the server accepts. */
const REQUESTS: { [M in AdminMethodName]: unknown } = {
  GetPoolStats: {},
  ListMiners: { limit: 10, offset: 0 },
  GetMiner: { miner: A },
  ListBlocks: { limit: 10, beforeHeight: 0, status: '' },
  GetBlockRewards: { height: 100, blockId: '' },
  ListPayments: { miner: '', limit: 10, status: '' },
  BanMiner: { kind: 'ip', target: '10.9.8.7', reason: 'test', durationSeconds: 60 },
  UnbanMiner: { kind: 'ip', target: '10.9.8.7' },
  ListBans: { kind: '', limit: 10 },
  HoldPayouts: { reason: 'test' },
  ResumePayouts: {},
  ResolvePayout: { batchId: '1', outcome: 'not-paid', reason: 'test', txHash: '' },
  RecheckBlock: { blockId: '1' },
};

describe('AdminService over gRPC (real Postgres, nats-server)', () => {
  let dir: string;
  let nats: NatsInstance;
  let bus: NatsBus;
  let fx: Awaited<ReturnType<typeof migratedDatabase>>;
  let service: AdminService;
  let server: AdminGrpcServer;
  let address: string;
  let client: AdminClient;
  let payouts: PayoutRepository;
  let blockRows: BlockRepository;
  let unlocker: BlockUnlocker;

  const cli = fileURLToPath(new URL('../../../../packages/admin-cli/dist/main.js', import.meta.url));
  /** The compiled rxpool-admin against this server. */
  const admin = (...args: string[]) => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: build first (npx tsc -b packages/admin-cli)`);
    return run(process.execPath, [cli, '--addr', address, ...args], {
      env: { ...process.env, RXPOOL_ADMIN_TOKEN: TOKEN },
    });
  };
  const failure = (err: { code: number; stderr: string }) => err;

  beforeAll(async () => {
    dir = makeTestDir('admin-grpc');
    nats = await startNats({ dir: join(dir, 'nats') });
    bus = new NatsBus({ url: nats.url, namespace: 'admint', name: 'admin-test' }, new HealthRegistry(), log);
    await bus.connect();
    fx = await migratedDatabase('admin_grpc');
    const { db } = fx.database;
    const ledger = new LedgerRepository(db);
    payouts = new PayoutRepository(db, ledger);
    blockRows = new BlockRepository(db);
    // No job-manager answers chain.header.v1 here: a re-check of an open block waits on the chain.
    unlocker = new BlockUnlocker(
      db,
      blockRows,
      new NatsChainHeaderSource(() => bus.connection, bus.names.subjects.chainHeader, 300),
      new BlockSplitter(new PplnsWindowRepository(fx.database.db), policy),
      ledger,
      { unlockDepth: 60, orphanDepth: 10, intervalMs: 60_000 },
      log,
    );
    await creditThroughSoloBlock(fx.database, ledger, A, 2n * XMR, 100);
    await creditThroughSoloBlock(fx.database, ledger, B, XMR / 2n, 101);
    // A's rig: 600000 difficulty this minute → 1000 H/s over 10 minutes.
    const worker = await db
      .insertInto('workers')
      .values({ miner: A, worker: 'rig1' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    await db
      .insertInto('share_minutes')
      .values({ minute, worker_id: worker.id, scheme: 'pplns', shares: 10, difficulty: 600_000 })
      .execute();
    // …and the pool-wide sum accounting keeps beside it.
    await db
      .insertInto('pool_minutes')
      .values({ minute, scheme: 'pplns', shares: 10, difficulty: '600000' })
      .execute();
    // A payout to A, signed (hash, key, fee and debits stored) but not relayed.
    const [batchId] = await payouts.createBatches([[{ account: A, address: A, amount: (3n * XMR) / 2n }]]);
    const batch = await payouts.batch(batchId as bigint);
    await payouts.markSigned(batch.id, {
      signed: {
        txHash: TX_HASH,
        txKey: TX_KEY,
        fee: 1000n,
        amount: (3n * XMR) / 2n - 1000n,
        txMetadata: '00',
      },
      walletHeight: 90,
      amounts: new Map([[batch.payments[0]?.id as bigint, { amount: (3n * XMR) / 2n - 1000n, fee: 1000n }]]),
    });
    service = new AdminService({
      admin: new PoolReadRepository(db),
      hashrate: new HashrateRepository(db),
      ledger,
      payouts,
      bans: new BanPublisher(bus),
      payoutState: () => ({ status: 'running', detail: '', lastCycleAt: Date.now() }),
      payoutThreshold: XMR / 10n,
      network: 'mainnet',
      log,
      blocks: { recheck: (id) => unlocker.recheck(id), row: (id) => blockRows.row(id) },
      pps: new PpsExposureRepository(db),
    });
    server = new AdminGrpcServer(adminConfig(), service, log);
    address = `127.0.0.1:${await server.start()}`;
    client = new AdminClient({ address, token: TOKEN });
  });

  afterAll(async () => {
    client?.close();
    await server?.stop();
    await bus?.close();
    await nats?.stop();
    await fx?.drop();
  });

  it('answers UNAUTHENTICATED to every method without a token or with a wrong one', async () => {
    const anonymous = new AdminClient({ address, token: '' });
    const wrong = new AdminClient({ address, token: `${TOKEN.slice(0, -1)}x` });
    try {
      for (const method of ADMIN_METHODS) {
        for (const c of [anonymous, wrong]) {
          await expect(c.call(method, REQUESTS[method] as never), method).rejects.toMatchObject({
            code: status.UNAUTHENTICATED,
          });
        }
      }
      // Nothing happened: payouts are not held, the batch is as it was.
      expect((await payouts.control()).held).toBe(false);
      expect((await payouts.batch(1n)).status).toBe('signed');
    } finally {
      anonymous.close();
      wrong.close();
    }
  });

  it('lists AdminService through server reflection, without a token', async () => {
    const reflectionProto = join(
      dirname(fileURLToPath(import.meta.resolve('@grpc/reflection'))),
      '../proto/grpc/reflection/v1/reflection.proto',
    );
    const def = loadSync(reflectionProto, { keepCase: true, oneofs: true });
    const pkg = loadPackageDefinition(def) as GrpcObject;
    const Ctor = (((pkg.grpc as GrpcObject).reflection as GrpcObject).v1 as GrpcObject)
      .ServerReflection as ServiceClientConstructor;
    const c = new Ctor(address, credentials.createInsecure()) as unknown as {
      ServerReflectionInfo(): NodeJS.ReadWriteStream & { write(m: unknown): void; end(): void };
      close(): void;
    };
    const stream = c.ServerReflectionInfo();
    const answer = new Promise<{ list_services_response?: { service: { name: string }[] } }>(
      (resolve, reject) => {
        stream.on('data', resolve);
        stream.on('error', reject);
      },
    );
    stream.write({ list_services: '*' });
    const services = (await answer).list_services_response?.service.map((s) => s.name);
    stream.end();
    c.close();
    expect(services).toContain(ADMIN_SERVICE_NAME);
  });

  it('GetPoolStats: hashrate, blocks, what is owed and paid, payout status', async () => {
    const s = await client.call('GetPoolStats', {});
    expect(s.hashrate?.h10m).toBe(1000);
    expect(s).toMatchObject({
      activeMiners: 1,
      activeWorkers: 1,
      blocksUnlocked: 2,
      blocksFound: 2,
      lastBlockHeight: 101,
    });
    // 2.5 XMR credited, 1.5 XMR (amount + fee) debited by the signed payout.
    expect(s.owed).toBe(String(XMR));
    expect(s.paid).toBe(String((3n * XMR) / 2n - 1000n));
    expect(s.payoutFees).toBe('1000');
    expect(s.payouts).toMatchObject({ status: 'running', held: false });
    expect(s).toMatchObject({ payoutThreshold: String(XMR / 10n), openBatches: 1 });
    expect(s).toMatchObject({ ppsCredited: '0', ppsEarned: '0', ppsExposure: '0' });
  });

  it('RecheckBlock: what became of one block now; unknown ids are NOT_FOUND', async () => {
    const unlocked = await client.call('RecheckBlock', { blockId: '1' });
    expect(unlocked).toMatchObject({
      outcome: 'unlocked',
      waitingFor: '',
      block: { id: '1', status: 'unlocked' },
    });
    const open = await fx.database.db
      .insertInto('blocks')
      .values({
        candidate_id: 'recheck-open',
        height: 102,
        status: 'accepted',
        scheme: 'solo',
        miner: A,
        worker: 'rig1',
        hash: 'ef'.repeat(32),
        network_difficulty: '1000',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const waiting = await client.call('RecheckBlock', { blockId: String(open.id) });
    expect(waiting).toMatchObject({
      outcome: 'waiting',
      waitingFor: 'chain-unavailable',
      block: { status: 'accepted' },
    });
    await fx.database.db.deleteFrom('blocks').where('id', '=', open.id).execute();
    await expect(client.call('RecheckBlock', { blockId: '424242' })).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
    await expect(client.call('RecheckBlock', { blockId: 'x' })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
  });

  it('ListMiners and GetMiner: balance, paid, hashrate, workers, payments', async () => {
    const list = await client.call('ListMiners', { limit: 10, offset: 0 });
    expect(list.total).toBe(2);
    expect(list.miners.map((m) => [m.miner, m.balance])).toEqual([
      [A, String(XMR / 2n)],
      [B, String(XMR / 2n)],
    ]);
    expect(list.miners[0]).toMatchObject({ workers: 1, paid: String((3n * XMR) / 2n - 1000n) });
    const m = await client.call('GetMiner', { miner: A });
    expect(m).toMatchObject({ miner: A, balance: String(XMR / 2n), payoutFees: '1000', banned: false });
    expect(m.hashrate?.h10m).toBe(1000);
    expect(m.workers).toEqual([
      { worker: 'rig1', hashrate: { h10m: 1000, h1h: 600_000 / 3600, h24h: 600_000 / 86400 } },
    ]);
    expect(m.recentPayments).toHaveLength(1);
    await expect(client.call('GetMiner', { miner: 'nobody' })).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
    await expect(client.call('GetMiner', { miner: '' })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
  });

  it('ListBlocks and GetBlockRewards: the stored, audited split', async () => {
    const blocks = await client.call('ListBlocks', { limit: 10, beforeHeight: 0, status: '' });
    expect(blocks.blocks.map((b) => [b.height, b.status, b.miner])).toEqual([
      [101, 'unlocked', B],
      [100, 'unlocked', A],
    ]);
    expect(
      (await client.call('ListBlocks', { limit: 10, beforeHeight: 101, status: 'unlocked' })).blocks,
    ).toHaveLength(1);
    await expect(
      client.call('ListBlocks', { limit: 1, beforeHeight: 0, status: 'lost' }),
    ).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
    const r = await client.call('GetBlockRewards', { height: 100, blockId: '' });
    expect(r).toMatchObject({
      scheme: 'solo',
      reward: String(2n * XMR),
      fee: '0',
      credited: true,
      window: null,
    });
    expect(r.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(r.entries).toEqual([{ role: 'miner', account: A, weight: '1', amount: String(2n * XMR) }]);
    await expect(client.call('GetBlockRewards', { height: 5, blockId: '' })).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
    // An id no bigint holds is a block that is not there, not a database error.
    await expect(
      client.call('GetBlockRewards', { height: 100, blockId: '99999999999999999999' }),
    ).rejects.toMatchObject({ code: status.NOT_FOUND });
    await expect(client.call('GetBlockRewards', { height: 100, blockId: 'x1' })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
  });

  it('ListPayments: tx hash and tx key of each payment, by miner and status', async () => {
    const all = await client.call('ListPayments', { miner: '', limit: 10, status: '' });
    expect(all.payments).toEqual([
      expect.objectContaining({ address: A, status: 'signed', txHash: TX_HASH, txKey: TX_KEY, fee: '1000' }),
    ]);
    expect((await client.call('ListPayments', { miner: B, limit: 10, status: '' })).payments).toEqual([]);
    expect(
      (await client.call('ListPayments', { miner: '', limit: 10, status: 'confirmed' })).payments,
    ).toEqual([]);
    await expect(client.call('ListPayments', { miner: '', limit: 10, status: 'odd' })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
  });

  it('BanMiner and UnbanMiner write and delete the entry the gateways watch', async () => {
    const kv = await bus.jetstream.views.kv(bus.names.buckets.bans);
    const r = await client.call('BanMiner', {
      kind: 'address',
      target: B,
      reason: 'botnet',
      durationSeconds: 0,
    });
    // No duration: the longest a ban lasts, the bans bucket's max age.
    expect(r.key).toBe(banKey('address', B));
    expect(Number(r.untilMs) - Date.now()).toBeGreaterThan(BANS_MAX_AGE_MS - 60_000);
    expect(Number(r.untilMs) - Date.now()).toBeLessThanOrEqual(BANS_MAX_AGE_MS);
    expect((await kv.status()).ttl).toBe(BANS_MAX_AGE_MS);
    const stored = await kv.get(banKey('address', B));
    const entry: BanEntry = decodeJson(stored?.value ?? new Uint8Array(), decodeBanEntry);
    expect(entry).toMatchObject({
      kind: 'address',
      target: B,
      reason: 'botnet',
      until: Number(r.untilMs),
      by: expect.stringMatching(/^admin@/),
    });
    expect((await client.call('GetMiner', { miner: B })).banned).toBe(true);
    const ip = await client.call('BanMiner', { kind: 'ip', target: '::1', reason: '', durationSeconds: 60 });
    expect(Number(ip.untilMs)).toBeGreaterThan(Date.now());
    expect((await kv.get(banKey('ip', '::1')))?.operation).toBe('PUT');
    const miner = await client.call('BanMiner', {
      kind: 'miner',
      target: `${B}@2001:db8::5`,
      reason: 'invalid shares',
      durationSeconds: 30,
    });
    // A gateway's own ban, and one that has expired (still in the bucket until its max age).
    await kv.put(
      banKey('miner', `${A}@203.0.113.7`),
      encodeJson({
        kind: 'miner',
        target: `${A}@203.0.113.7`,
        reason: 'old',
        until: Date.now() - 1,
        by: 'gateway-1',
        createdAt: 0,
      }),
    );
    const listed = await client.call('ListBans', { kind: '', limit: 0 });
    expect(listed.total).toBe(3);
    expect(listed.bans.map((b) => [b.kind, b.target, b.reason])).toEqual([
      ['address', B, 'botnet'],
      ['ip', '::1', 'banned by an operator'],
      ['miner', `${B}@2001:db8::5`, 'invalid shares'],
    ]);
    expect(listed.bans[2]).toMatchObject({
      key: miner.key,
      untilMs: miner.untilMs,
      by: expect.stringMatching(/^admin@/),
    });
    expect((await client.call('ListBans', { kind: 'miner', limit: 0 })).bans).toHaveLength(1);
    expect((await client.call('ListBans', { kind: '', limit: 1 })).bans).toHaveLength(1);
    await expect(client.call('ListBans', { kind: 'user', limit: 0 })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
    await expect(
      client.call('BanMiner', { kind: 'miner', target: B, reason: '', durationSeconds: 0 }),
    ).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    await expect(
      client.call('BanMiner', { kind: 'address', target: 'nope', reason: '', durationSeconds: 0 }),
    ).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
    await expect(
      client.call('BanMiner', { kind: 'user', target: B, reason: '', durationSeconds: 0 }),
    ).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
    expect(await client.call('UnbanMiner', { kind: 'address', target: B })).toEqual({
      key: banKey('address', B),
      removed: true,
    });
    expect((await kv.get(banKey('address', B)))?.operation).not.toBe('PUT');
    expect((await client.call('GetMiner', { miner: B })).banned).toBe(false);
    expect(await client.call('UnbanMiner', { kind: 'address', target: B })).toMatchObject({ removed: false });
  });

  it('HoldPayouts and ResumePayouts switch the shared hold flag', async () => {
    const held = await client.call('HoldPayouts', { reason: 'wallet migration' });
    expect(held).toMatchObject({ status: 'held', held: true, heldReason: 'wallet migration' });
    expect(await payouts.control()).toMatchObject({ held: true, reason: 'wallet migration' });
    expect((await client.call('GetPoolStats', {})).payouts?.status).toBe('held');
    const resumed = await client.call('ResumePayouts', {});
    expect(resumed).toMatchObject({ status: 'running', held: false, heldReason: '' });
    expect((await payouts.control()).held).toBe(false);
  });

  it('serves over mTLS: a client certificate from the CA is required', async () => {
    const pki = await makePki(join(dir, 'pki'));
    const tlsServer = new AdminGrpcServer(
      adminConfig({ certFile: pki.serverCert, keyFile: pki.serverKey, caFile: pki.ca }),
      service,
      log,
    );
    const port = await tlsServer.start();
    const ca = readFileSync(pki.ca);
    const good = new AdminClient({
      address: `localhost:${port}`,
      token: TOKEN,
      tls: { ca, clientCert: readFileSync(pki.clientCert), clientKey: readFileSync(pki.clientKey) },
      timeoutMs: 5_000,
    });
    const noCert = new AdminClient({
      address: `localhost:${port}`,
      token: TOKEN,
      tls: { ca },
      timeoutMs: 5_000,
    });
    try {
      expect((await good.call('GetPoolStats', {})).blocksUnlocked).toBe(2);
      await expect(noCert.call('GetPoolStats', {})).rejects.toMatchObject({ code: status.UNAVAILABLE });
    } finally {
      good.close();
      noCert.close();
      await tlsServer.stop();
    }
  });

  it('rxpool-admin: tables, --json, errors (compiled CLI against this server)', async () => {
    const stats = await admin('stats');
    expect(stats.stdout).toMatch(/owed \(XMR\):\s+1\n/);
    expect(stats.stdout).toMatch(/payouts:\s+running/);

    const miners = await admin('miners');
    const lines = miners.stdout.split('\n');
    expect(lines[0]).toMatch(/^MINER\s+BALANCE XMR\s+PAID XMR\s+HASHRATE 1H\s+WORKERS\s+LAST SHARE$/);
    expect(lines[2]).toContain(A);
    expect(lines[2]).toMatch(/\s0\.5\s+1\.499999999\s+167 H\/s\s+1\s/);
    expect(miners.stdout).toMatch(/2 of 2 miners/);

    const json = JSON.parse((await admin('payments', '--miner', A, '--json')).stdout);
    expect(json.payments[0]).toMatchObject({ txHash: TX_HASH, txKey: TX_KEY, status: 'signed' });
    expect((await admin('payments', '--keys')).stdout).toContain(TX_KEY);
    expect((await admin('rewards', '100')).stdout).toMatch(/credited to the ledger:\s+yes/);
    expect((await admin('blocks', '--status', 'unlocked')).stdout).toMatch(
      /^\s*101\s+unlocked\s+solo\s+0\.5/m,
    );
    expect((await admin('miner', A)).stdout).toMatch(/rig1\s+1\.00 kH\/s/);
    expect((await admin('ban', 'ip', '10.1.2.3', '--reason', 'cli test')).stdout).toMatch(
      /banned ip 10.1.2.3/,
    );
    const bans = (await admin('bans', 'ip')).stdout;
    expect(bans).toMatch(/^KIND\s+TARGET\s+REASON\s+UNTIL\s+BY\s+SINCE$/m);
    expect(bans).toMatch(/^ip\s+10\.1\.2\.3\s+cli test\s+\d{4}-/m);
    expect(bans).toMatch(/\d+ of \d+ bans in force/);
    expect((await admin('unban', 'ip', '10.1.2.3')).stdout).toMatch(/unbanned ip 10.1.2.3/);
    expect((await admin('hold', '--reason', 'cli hold')).stdout).toBe('payouts held: cli hold\n');
    expect((await payouts.control()).held).toBe(true);
    expect((await admin('resume')).stdout).toMatch(/payouts resumed/);

    const refused = await run(process.execPath, [
      cli,
      '--addr',
      address,
      '--token',
      'wrong-token',
      'stats',
    ]).catch((err: { code: number; stderr: string }) => err);
    expect(refused).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^rxpool-admin: UNAUTHENTICATED: /),
    });
    const usage = await admin('rewards').catch((err: { code: number; stderr: string }) => err);
    expect(usage).toMatchObject({ code: 2, stderr: expect.stringMatching(/rewards needs a block height/) });
  });

  /** A payout of `amount` to B, signed, relayed and then under review (as when the wallet lists it failed). */
  const underReview = async (txHash: string, amount = XMR / 2n) => {
    const [id] = (await payouts.createBatches([[{ account: B, address: B, amount }]])) as [bigint];
    const b = await payouts.batch(id);
    await payouts.markSigned(id, {
      signed: { txHash, txKey: TX_KEY, fee: 1000n, amount: amount - 1000n, txMetadata: '00' },
      walletHeight: 95,
      amounts: new Map([[b.payments[0]?.id as bigint, { amount: amount - 1000n, fee: 1000n }]]),
    });
    await payouts.markSubmitting(id);
    await payouts.markNeedsReview(id, 'the wallet lists the transaction as failed');
    return String(id);
  };
  const balanceOfB = async () => (await client.call('GetMiner', { miner: B })).balance;
  const refundRows = async (id: string) =>
    (
      await fx.database.db
        .selectFrom('ledger_entries')
        .select(['account', 'amount'])
        .where('payout_id', '=', BigInt(id))
        .where('kind', '=', 'payout_refund')
        .execute()
    ).map((r) => [r.account, String(r.amount)]);
  const resolve = (batchId: string, outcome: string, reason = 'checked', txHash = '') =>
    client.call('ResolvePayout', { batchId, outcome, reason, txHash });

  /** The batch the refusals leave in needs_review; the not-paid test settles it. */
  let refusedBatch = '';

  it('ResolvePayout refuses what it cannot settle and changes nothing', async () => {
    const id = await underReview('ef'.repeat(32));
    refusedBatch = id;
    expect(await balanceOfB()).toBe('0');
    for (const [batchId, outcome, reason, txHash] of [
      [id, 'paid', '  ', ''],
      [id, 'maybe', 'checked', ''],
      ['', 'paid', 'checked', ''],
      ['7x', 'paid', 'checked', ''],
      [id, 'paid', 'checked', 'not-a-hash'],
    ] as const) {
      await expect(resolve(batchId, outcome, reason, txHash), `${batchId} ${outcome}`).rejects.toMatchObject({
        code: status.INVALID_ARGUMENT,
      });
    }
    for (const missing of ['999999', '99999999999999999999']) {
      await expect(resolve(missing, 'paid')).rejects.toMatchObject({
        code: status.NOT_FOUND,
        details: `no payout batch ${missing}`,
      });
    }
    await expect(resolve('1', 'not-paid')).rejects.toMatchObject({
      code: status.FAILED_PRECONDITION,
      details: 'payout batch 1 is signed: only a needs_review batch can be resolved',
    });
    await expect(resolve(id, 'paid', 'checked', TX_HASH)).rejects.toMatchObject({
      code: status.FAILED_PRECONDITION,
      details: expect.stringContaining(`sent transaction ${'ef'.repeat(32)}, not ${TX_HASH}`),
    });
    const review = await client.call('ListPayments', { miner: '', limit: 10, status: 'needs_review' });
    expect(review.payments.map((p) => [p.batchId, p.status])).toEqual([[id, 'needs_review']]);
    expect((await payouts.batch(1n)).status).toBe('signed');
    expect(await balanceOfB()).toBe('0');
    expect(await refundRows(id)).toEqual([]);
  });

  it('ResolvePayout not-paid: failed, the debits refunded once; a repeat is FAILED_PRECONDITION', async () => {
    const id = refusedBatch;
    expect(id, 'the refusals test ran first').not.toBe('');
    const r = await resolve(id, 'not-paid', 'key images unspent, tx never mined');
    expect(r).toMatchObject({
      batchId: id,
      status: 'failed',
      txHash: 'ef'.repeat(32),
      refunded: String(XMR / 2n),
      payments: [{ address: B, amount: String(XMR / 2n - 1000n), fee: '1000', refunded: String(XMR / 2n) }],
    });
    expect(r.reason).toMatch(
      /^the wallet lists the transaction as failed; resolved not-paid by admin@\S+: key images unspent, tx never mined$/,
    );
    expect(await balanceOfB()).toBe(String(XMR / 2n));
    for (const outcome of ['not-paid', 'paid']) {
      await expect(resolve(id, outcome)).rejects.toMatchObject({
        code: status.FAILED_PRECONDITION,
        details: `payout batch ${id} is failed: only a needs_review batch can be resolved`,
      });
    }
    expect(await balanceOfB()).toBe(String(XMR / 2n));
    expect(await refundRows(id)).toEqual([[B, String(XMR / 2n)]]);
    expect(
      (await client.call('ListPayments', { miner: '', limit: 10, status: 'needs_review' })).payments,
    ).toEqual([]);
  });

  it('ResolvePayout paid: confirmed with the verified tx hash, the debits stay', async () => {
    const hash = '12'.repeat(32);
    const id = await underReview(hash);
    // The hash as an operator may paste it (upper case) is the batch's.
    const r = await resolve(id, 'paid', 'check_tx_key: 0.499999999 XMR received', hash.toUpperCase());
    expect(r).toMatchObject({ batchId: id, status: 'confirmed', txHash: hash, refunded: '0' });
    expect(r.payments).toEqual([
      { address: B, amount: String(XMR / 2n - 1000n), fee: '1000', refunded: '0' },
    ]);
    expect(await balanceOfB()).toBe('0');
    expect(await refundRows(id)).toEqual([]);
    const confirmed = await client.call('ListPayments', { miner: B, limit: 10, status: 'confirmed' });
    expect(confirmed.payments.map((p) => p.batchId)).toEqual([id]);
    await expect(resolve(id, 'not-paid')).rejects.toMatchObject({ code: status.FAILED_PRECONDITION });
    expect(await balanceOfB()).toBe('0');
  });

  it('ResolvePayout: of two calls at once, one settles and the other is refused; money moves once', async () => {
    await creditThroughSoloBlock(fx.database, new LedgerRepository(fx.database.db), B, XMR / 2n, 102);
    const id = await underReview('34'.repeat(32));
    expect(await balanceOfB()).toBe('0');
    const results = await Promise.allSettled([resolve(id, 'not-paid'), resolve(id, 'not-paid')]);
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((x) => x.status === 'rejected').map((x) => x.reason)).toEqual([
      expect.objectContaining({ code: status.FAILED_PRECONDITION }),
    ]);
    expect(await refundRows(id)).toEqual([[B, String(XMR / 2n)]]);
    expect(await balanceOfB()).toBe(String(XMR / 2n));
  });

  it('rxpool-admin resolve: a table, --json, usage and refusals', async () => {
    const id = await underReview('56'.repeat(32));
    const out = await admin('resolve', id, 'not-paid', '--reason', 'not in the chain after 2 days');
    expect(out.stdout).toMatch(new RegExp(`^batch:\\s+${id} resolved not-paid: now failed$`, 'm'));
    expect(out.stdout).toMatch(/^refunded \(XMR\):\s+0\.5$/m);
    expect(out.stdout).toMatch(
      /^reason:\s+.*resolved not-paid by admin@\S+: not in the chain after 2 days$/m,
    );
    expect(out.stdout).toMatch(/^ADDRESS\s+AMOUNT XMR\s+FEE XMR\s+REFUNDED XMR$/m);
    expect(out.stdout).toMatch(new RegExp(`^${B}\\s+0\\.499999999\\s+0\\.000000001\\s+0\\.5$`, 'm'));
    expect(await balanceOfB()).toBe(String(XMR / 2n));
    const again = await admin('resolve', id, 'paid', '--reason', 'x').catch(failure);
    expect(again).toMatchObject({
      code: 1,
      stderr: `rxpool-admin: FAILED_PRECONDITION: payout batch ${id} is failed: only a needs_review batch can be resolved\n`,
    });

    const hash = '78'.repeat(32);
    const paid = await underReview(hash);
    const json = JSON.parse(
      (await admin('resolve', paid, 'paid', '--reason', 'on chain', '--tx-hash', hash, '--json')).stdout,
    );
    expect(json).toMatchObject({ batchId: paid, status: 'confirmed', txHash: hash, refunded: '0' });
    expect(await balanceOfB()).toBe('0');

    expect(await admin('resolve', paid, 'paid').catch(failure)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/resolve needs --reason/),
    });
    expect(await admin('resolve', paid, 'maybe', '--reason', 'x').catch(failure)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/resolve needs an outcome: paid or not-paid/),
    });
    expect(await admin('resolve', '999999', 'paid', '--reason', 'x').catch(failure)).toMatchObject({
      code: 1,
      stderr: 'rxpool-admin: NOT_FOUND: no payout batch 999999\n',
    });
  });

  it('keeps the ledger append-only: payout rows cannot be changed', async () => {
    await expect(
      sql`UPDATE ledger_entries SET amount = 1 WHERE kind = 'payout'`.execute(fx.database.db),
    ).rejects.toThrow(/append-only/);
  });
});

function adminConfig(tls?: AdminConfig['tls']): AdminConfig {
  return { enabled: true, host: '127.0.0.1', port: 0, token: TOKEN, tls };
}

/** A CA, a server certificate for localhost and a client certificate (mTLS), as files. */
async function makePki(dir: string) {
  mkdirSync(dir, { recursive: true });
  const write = (name: string, pem: string) => {
    writeFileSync(join(dir, name), pem);
    return join(dir, name);
  };
  const ca = await certificateAuthority({ commonName: 'rxpool test CA', days: 2 });
  const server = await ca.issue({ commonName: 'localhost', altNames: ['localhost', '127.0.0.1'], days: 2 });
  const client = await ca.issue({ commonName: 'operator', days: 2, purpose: 'client' });
  return {
    ca: write('ca.pem', ca.cert),
    serverCert: write('server.pem', server.cert),
    serverKey: write('server.key', server.key),
    clientCert: write('client.pem', client.cert),
    clientKey: write('client.key', client.key),
  };
}
