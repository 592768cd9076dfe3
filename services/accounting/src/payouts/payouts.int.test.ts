import { join } from 'node:path';
import {
  freePort,
  type ManagedProcess,
  type MonerodInstance,
  makeTestDir,
  type NatsInstance,
  startMonerod,
  startNats,
  startWalletRpc,
  type WalletRpcInstance,
  waitFor,
} from '@rxpool/devstack';
import { createLogger } from '@rxpool/observability';
import { AdminClient } from '@rxpool/proto';
import { ATOMIC_UNITS_PER_XMR as XMR } from '@rxpool/rewards';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { accountingProcess } from '../testing/accounting-process.js';
import { address, migratedDatabase } from '../testing/fixtures.js';
import { payoutCrashProcess } from '../testing/payout-crash.js';
import type { PayoutService } from './payout.service.js';
import type { PayoutFaultPoint } from './payout-fault-points.js';
import { creditThroughSoloBlock } from './test-credits.js';
import { TestPayoutServices } from './test-payout-services.js';

const THRESHOLD = XMR / 10n;
const TOKEN = 'payout-test-admin-token-0123456789';
const log = createLogger('payout-test', 'warn');

interface MinerWallet {
  name: string;
  /** The address the miner logs in with (its ledger account). */
  address: string;
}

/**
 * Real parts: regtest monerod, the pool's monero-wallet-rpc, a second
 * wallet-rpc that opens each miner's own wallet in turn, Postgres, nats-server.
 */
describe('payouts through monero-wallet-rpc (regtest)', () => {
  let dir: string;
  let monerod: MonerodInstance;
  let poolWallet: WalletRpcInstance;
  let minerRpc: WalletRpcInstance;
  let poolAddress: string;
  const miners: Record<'standard' | 'subaddress' | 'integrated' | 'small', MinerWallet> = {
    standard: { name: 'miner-standard', address: '' },
    subaddress: { name: 'miner-sub', address: '' },
    integrated: { name: 'miner-integrated', address: '' },
    small: { name: 'miner-small', address: '' },
  };

  /** Mines n blocks (to the pool wallet) and lets the pool wallet see them. */
  const mine = async (n: number) => {
    // In steps: one RPC call must finish within the client's timeout on a busy machine.
    for (let left = n; left > 0; left -= 10) await monerod.generateBlocks(Math.min(10, left), poolAddress);
    await poolWallet.rpc('refresh');
  };

  /** Incoming transfers of a miner's own wallet, after it scanned the chain. */
  const inMinerWallet = async <T>(m: MinerWallet, work: () => Promise<T>): Promise<T> => {
    await minerRpc.rpc('open_wallet', { filename: m.name, password: '' });
    try {
      await minerRpc.rpc('refresh');
      return await work();
    } finally {
      await minerRpc.rpc('close_wallet');
    }
  };
  const incoming = async () =>
    (await minerRpc.rpc<{ in?: { txid: string; amount: number }[] }>('get_transfers', { in: true })).in ?? [];

  beforeAll(async () => {
    dir = makeTestDir('payouts');
    monerod = await startMonerod({ dir: join(dir, 'monerod'), zmq: false });
    [poolWallet, minerRpc] = await Promise.all([
      startWalletRpc({ dir: join(dir, 'pool-wallet'), daemonRpcPort: monerod.rpcPort }),
      startWalletRpc({ dir: join(dir, 'miner-wallets'), daemonRpcPort: monerod.rpcPort }),
    ]);
    poolAddress = await poolWallet.openOrCreateWallet('pool');
    for (const m of Object.values(miners)) {
      const primary = await minerRpc.openOrCreateWallet(m.name);
      m.address = primary;
      if (m === miners.subaddress) {
        m.address = (await minerRpc.rpc<{ address: string }>('create_address', { account_index: 0 })).address;
      } else if (m === miners.integrated) {
        m.address = (
          await minerRpc.rpc<{ integrated_address: string }>('make_integrated_address', {})
        ).integrated_address;
      }
      await minerRpc.rpc('close_wallet');
    }
    // Coinbase outputs unlock after 60 blocks; transfers need ring members.
    await mine(100);
  }, 600_000);

  afterAll(async () => {
    await minerRpc?.stop();
    await poolWallet?.stop();
    await monerod?.stop();
  });

  describe('a wallet that cannot pay stops payouts and loses nothing; hold and resume', () => {
    let fx: Awaited<ReturnType<typeof migratedDatabase>>;
    let ledger: LedgerRepository;
    const services = new TestPayoutServices(log);
    const service = async (walletRpcUrl: string) => services.make(fx.database, walletRpcUrl);

    beforeAll(async () => {
      fx = await migratedDatabase('payout_conditions');
      ledger = new LedgerRepository(fx.database.db);
      await creditThroughSoloBlock(fx.database, ledger, miners.small.address, XMR / 5n, 10);
    });
    afterAll(async () => {
      await services.stopAll();
      await fx?.drop();
    });

    it('unreachable wallet: status wallet-unavailable, nothing planned', async () => {
      const s = await service(`http://127.0.0.1:${await freePort()}`);
      expect(await s.runner.cycle()).toMatchObject({ status: 'wallet-unavailable' });
      expect(await s.repo.countByStatus()).toMatchObject({ planned: 0, signed: 0 });
      expect(await ledger.balance(miners.small.address)).toBe(XMR / 5n);
    });

    it('locked wallet (none open): status wallet-locked', async () => {
      const s = await service(minerRpc.url);
      const state = await s.runner.cycle();
      expect(state).toMatchObject({ status: 'wallet-locked' });
      expect(state.detail).toMatch(/No wallet file/);
    });

    it('empty wallet: status wallet-empty, the batch stays planned, no debit; the pool wallet pays it later', async () => {
      await minerRpc.openOrCreateWallet('empty');
      const empty = await service(minerRpc.url);
      try {
        expect(await empty.runner.cycle()).toMatchObject({ status: 'wallet-empty' });
      } finally {
        await minerRpc.rpc('close_wallet');
      }
      expect(await empty.repo.countByStatus()).toMatchObject({ planned: 1, signed: 0 });
      expect(await ledger.balance(miners.small.address)).toBe(XMR / 5n);

      const pool = await service(poolWallet.url);
      await pool.repo.setHeld(true, 'operator check', 'test');
      expect(await pool.runner.cycle()).toMatchObject({ status: 'held', detail: 'operator check' });
      expect(await pool.repo.countByStatus()).toMatchObject({ planned: 1, submitted: 0 });

      await pool.repo.setHeld(false, '', '');
      expect(await pool.runner.cycle()).toMatchObject({ status: 'running' });
      const counts = await pool.repo.countByStatus();
      expect(counts).toMatchObject({ planned: 0, submitted: 1, failed: 0 });
      const [batch] = await pool.repo.openBatches();
      const paid = (batch?.payments[0]?.amount ?? 0n) + (batch?.payments[0]?.fee ?? 0n);
      expect(paid).toBeGreaterThan(((XMR / 5n) * 99n) / 100n);
      expect(await ledger.balance(miners.small.address)).toBe(XMR / 5n - paid);
    });

    it('a submitting batch the wallet does not know, while another tx paid exactly its destinations, goes to review', async () => {
      const pool = services.made.at(-1) as PayoutService;
      const [real] = await pool.repo.openBatches();
      const payment = real?.payments[0];
      if (!real || !payment?.amount) throw new Error('the previous test left no submitted batch');
      // The same destination and amount under another tx hash, as if the pool had lost track of a relay.
      // Booked to another account: the miner's own has its one open payout already (payout_payments_one_open).
      const stand = address(1);
      await creditThroughSoloBlock(fx.database, ledger, stand, payment.plannedAmount, 11);
      const [id] = await pool.repo.createBatches([
        [{ account: stand, address: payment.address, amount: payment.plannedAmount }],
      ]);
      const fake = await pool.repo.batch(id as bigint);
      await pool.repo.markSigned(fake.id, {
        signed: {
          txHash: 'ee'.repeat(32),
          txKey: 'ff'.repeat(32),
          fee: payment.fee ?? 0n,
          amount: payment.amount,
          txMetadata: '00',
        },
        walletHeight: real.walletHeight ?? 0,
        amounts: new Map([
          [fake.payments[0]?.id as bigint, { amount: payment.amount, fee: payment.fee ?? 1n }],
        ]),
      });
      await pool.repo.markSubmitting(fake.id);
      await pool.runner.cycle();
      const reviewed = await pool.repo.batch(fake.id);
      expect(reviewed.status).toBe('needs_review');
      expect(reviewed.reason).toContain(real.txHash as string);
      expect(reviewed.attempts).toBe(1);
    });
  });

  describe('exactly once through the compiled accounting service, with crashes', () => {
    let nats: NatsInstance;
    let fx: Awaited<ReturnType<typeof migratedDatabase>>;
    let ledger: LedgerRepository;
    let env: Record<string, string>;
    let adminPort: number;
    let height = 1000;
    const running: ManagedProcess[] = [];

    const start = async (crashAt?: PayoutFaultPoint) => {
      const proc = crashAt
        ? await payoutCrashProcess(dir, env, crashAt)
        : (await accountingProcess(dir, env)).proc;
      running.push(proc.start());
      return proc;
    };
    const credit = (m: MinerWallet, amount: bigint) =>
      creditThroughSoloBlock(fx.database, ledger, m.address, amount, height++);
    const batches = async () =>
      (
        await fx.database.pool.query<{
          id: string;
          status: string;
          tx_hash: string | null;
          tx_key: string | null;
        }>('SELECT id::text, status, tx_hash, tx_key FROM payout_batches ORDER BY id')
      ).rows;
    const payments = async (m: MinerWallet) =>
      (
        await fx.database.pool.query<{ amount: string; tx_hash: string; tx_key: string; status: string }>(
          `SELECT p.amount::text, b.tx_hash, b.tx_key, b.status FROM payout_payments p
           JOIN payout_batches b ON b.id = p.batch_id WHERE p.account = $1 ORDER BY p.id`,
          [m.address],
        )
      ).rows;
    /** Mines until every batch is confirmed. */
    const confirmAll = async () => {
      await waitFor(
        'every payout confirmed',
        async () => {
          await mine(2);
          return (await batches()).every((b) => b.status === 'confirmed');
        },
        120_000,
        1_500,
      );
    };
    /** Each payment of the miner arrived once in its own wallet, and its tx key proves it. */
    const expectPaidOnce = async (m: MinerWallet) => {
      const rows = await payments(m);
      await inMinerWallet(m, async () => {
        const received = await incoming();
        expect(received.map((t) => t.txid).sort()).toEqual(rows.map((r) => r.tx_hash).sort());
        for (const r of rows) {
          const proof = await minerRpc.rpc<{ received: number; confirmations: number; in_pool: boolean }>(
            'check_tx_key',
            {
              txid: r.tx_hash,
              tx_key: r.tx_key,
              address: m.address,
            },
          );
          expect(String(proof.received)).toBe(r.amount);
          expect(proof.in_pool).toBe(false);
          expect(proof.confirmations).toBeGreaterThanOrEqual(5);
        }
      });
      return rows;
    };

    beforeAll(async () => {
      nats = await startNats({ dir: join(dir, 'nats') });
      fx = await migratedDatabase('payout_once');
      ledger = new LedgerRepository(fx.database.db);
      adminPort = await freePort();
      env = {
        DATABASE_URL: fx.url,
        NATS_URL: nats.url,
        NATS_NAMESPACE: 'payouts',
        WALLET_RPC_URL: poolWallet.url,
        PAYOUT_THRESHOLD: String(THRESHOLD),
        PAYOUT_INTERVAL_MS: '500',
        PAYOUT_CONFIRMATIONS: '5',
        ADMIN_TOKEN: TOKEN,
        ADMIN_GRPC_HOST: '127.0.0.1',
        ADMIN_GRPC_PORT: String(adminPort),
        UNLOCK_INTERVAL_MS: '3600000',
        MONERO_NETWORK: 'mainnet',
      };
    });
    afterAll(async () => {
      for (const p of running) await p.stop();
      await nats?.stop();
      await fx?.drop();
    });

    it('pays balances above the threshold to standard, subaddress and integrated addresses', async () => {
      await credit(miners.standard, XMR);
      await credit(miners.subaddress, 2n * XMR);
      await credit(miners.integrated, 3n * XMR);
      await credit(miners.small, THRESHOLD / 2n);
      const proc = await start();
      try {
        await waitFor(
          'payouts relayed',
          async () => {
            const b = await batches();
            return b.length === 2 && b.every((x) => x.status === 'submitted');
          },
          60_000,
          200,
        );
        await confirmAll();
        for (const m of [miners.standard, miners.subaddress, miners.integrated]) {
          const [row] = await expectPaidOnce(m);
          // The miner bears its share of the fee: what was sent plus that share is what was owed.
          const balance = await ledger.balance(m.address);
          expect(balance).toBeGreaterThanOrEqual(0n);
          expect(balance).toBeLessThan(XMR / 1000n);
          expect(BigInt(row?.amount ?? 0)).toBeGreaterThan((XMR * 99n) / 100n);
        }
        // The integrated address went alone; the others shared one transaction.
        const withIntegrated = (await payments(miners.integrated))[0]?.tx_hash;
        expect((await payments(miners.subaddress))[0]?.tx_hash).not.toBe(withIntegrated);
        expect((await payments(miners.subaddress))[0]?.tx_hash).toBe(
          (await payments(miners.standard))[0]?.tx_hash,
        );
        // Below the threshold: not paid.
        expect(await payments(miners.small)).toEqual([]);
        expect(await ledger.balance(miners.small.address)).toBe(THRESHOLD / 2n);

        // The admin API shows each payment with its proof.
        const client = new AdminClient({ address: `127.0.0.1:${adminPort}`, token: TOKEN });
        try {
          const listed = await client.call('ListPayments', {
            miner: miners.integrated.address,
            limit: 10,
            status: '',
          });
          expect(listed.payments).toEqual([
            expect.objectContaining({
              status: 'confirmed',
              txHash: withIntegrated,
              txKey: expect.stringMatching(/^[0-9a-f]{64}/),
            }),
          ]);
          expect((await client.call('GetPoolStats', {})).payouts?.status).toBe('running');
        } finally {
          client.close();
        }
      } finally {
        await proc.stop();
      }
    }, 300_000);

    for (const [crashAt, miner] of [
      ['before-wallet', 'standard'],
      ['after-wallet', 'subaddress'],
      ['after-sign', 'integrated'],
    ] as const) {
      it(`a crash ${crashAt} the wallet call: after a restart the miner is paid exactly once`, async () => {
        const m = miners[miner];
        const before = (await payments(m)).length;
        await credit(m, XMR);
        const crashing = await start(crashAt);
        const code = await Promise.race([
          crashing.exited(),
          new Promise((r) => setTimeout(() => r('still running'), 90_000)),
        ]);
        await crashing.stop();
        expect(code).toBe(137);
        const [open] = (await batches()).filter((b) => b.status !== 'confirmed');
        const inWallet = async () => {
          const r = await poolWallet.rpc<{ pending?: { txid: string }[]; out?: { txid: string }[] }>(
            'get_transfers',
            {
              out: true,
              pending: true,
            },
          );
          return [...(r.pending ?? []), ...(r.out ?? [])].some((t) => t.txid === open?.tx_hash);
        };
        if (crashAt === 'after-sign') {
          // Signed, never stored, never relayed: the batch is still only planned.
          expect(open).toMatchObject({ status: 'planned', tx_hash: null });
        } else {
          expect(open).toMatchObject({
            status: 'submitting',
            tx_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
          });
          expect(await inWallet()).toBe(crashAt === 'after-wallet');
        }

        const proc = await start();
        try {
          await waitFor(
            'the batch relayed after the restart',
            async () => (await batches()).every((b) => b.status !== 'submitting' && b.status !== 'planned'),
            60_000,
            200,
          );
          await confirmAll();
          const rows = await expectPaidOnce(m);
          expect(rows).toHaveLength(before + 1);
          expect(rows.every((r) => r.status === 'confirmed')).toBe(true);
          expect(await ledger.balance(m.address)).toBeLessThan(XMR / 1000n);
        } finally {
          await proc.stop();
        }
      }, 300_000);
    }
  });
});
