import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDb, type Database } from '@rxpool/db';
import {
  createDatabase,
  type MonerodInstance,
  makeTestDir,
  type NatsInstance,
  type PostgresInstance,
  startMonerod,
  startNats,
  startPostgres,
  startWalletRpc,
  type WalletRpcInstance,
  waitFor,
} from '@rxpool/devstack';
import { createLogger } from '@rxpool/observability';
import { ATOMIC_UNITS_PER_XMR as XMR } from '@rxpool/rewards';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { accountingProcess, runMigrate } from '../testing/accounting-process.js';
import { migratedDatabase } from '../testing/fixtures.js';
import type { PayoutRepository } from './payout.repository.js';
import type { PayoutService } from './payout.service.js';
import { PAYOUT_LOCK_KEY } from './payout-lock.js';
import { creditThroughSoloBlock } from './test-credits.js';
import { TestPayoutServices } from './test-payout-services.js';
import { WalletGate } from './wallet-gate.js';

const log = createLogger('payout-replicas-test', 'warn');

/**
 * Money moves once when the single-payer lock fails: two replicas that both
 * hold "the" lock, a stale plan, the lock's connection terminated and
 * Postgres restarted while a pass waits on the wallet. Real regtest monerod,
 * monero-wallet-rpc and Postgres; the miners are subaddresses of the pool wallet.
 */
describe('payouts with two payers, a lost lock and a restarted Postgres', () => {
  let dir: string;
  let monerod: MonerodInstance;
  let wallet: WalletRpcInstance;
  let poolAddress: string;
  const miners: string[] = [];
  let height = 10;

  const mine = async (n: number) => {
    for (let left = n; left > 0; left -= 10) await monerod.generateBlocks(Math.min(10, left), poolAddress);
    await wallet.rpc('refresh');
  };
  /** How often the wallet sent to each address (out and pending). */
  const sentTo = async (address: string) => {
    await wallet.rpc('refresh');
    type Sent = { destinations?: { address: string }[] };
    const r = await wallet.rpc<{ out?: Sent[]; pending?: Sent[] }>('get_transfers', {
      out: true,
      pending: true,
    });
    return [...(r.out ?? []), ...(r.pending ?? [])]
      .flatMap((t) => t.destinations ?? [])
      .filter((d) => d.address === address).length;
  };
  const payoutDebits = async (database: Database, account: string) =>
    Number(
      (
        await database.pool.query<{ n: string }>(
          "SELECT count(*)::text AS n FROM ledger_entries WHERE account = $1 AND kind = 'payout'",
          [account],
        )
      ).rows[0]?.n,
    );
  const credit = (database: Database, account: string) =>
    creditThroughSoloBlock(database, new LedgerRepository(database.db), account, XMR, height++);

  beforeAll(async () => {
    dir = makeTestDir('payout-replicas');
    monerod = await startMonerod({ dir: join(dir, 'monerod'), zmq: false });
    wallet = await startWalletRpc({ dir: join(dir, 'wallet'), daemonRpcPort: monerod.rpcPort });
    poolAddress = await wallet.openOrCreateWallet('pool');
    for (let i = 0; i < 6; i++) {
      miners.push((await wallet.rpc<{ address: string }>('create_address', { account_index: 0 })).address);
    }
    // Coinbase outputs unlock after 60 blocks; transfers need ring members.
    await mine(100);
  }, 600_000);
  afterAll(async () => {
    await wallet?.stop();
    await monerod?.stop();
  });

  describe('two runners in one database (two replicas that both believe they hold the lock)', () => {
    let fx: Awaited<ReturnType<typeof migratedDatabase>>;
    let second: Database;
    const services = new TestPayoutServices(log);

    beforeAll(async () => {
      fx = await migratedDatabase('payout_replicas');
      second = createDb(fx.url, { max: 4 });
    });
    afterAll(async () => {
      await services.stopAll();
      await second?.close();
      await fx?.drop();
    });

    it('both plan from the same balances at once: each account is debited and paid once', async () => {
      const accounts = miners.slice(0, 3);
      for (const a of accounts) await credit(fx.database, a);
      const [a, b] = [
        services.make(fx.database, wallet.url, { lockKey: 1 }),
        services.make(second, wallet.url, { lockKey: 2 }),
      ];
      // Both read the candidates before either plans: the window the advisory lock used to close.
      const bothRead = barrier(2);
      for (const s of [a, b]) {
        const read = s.repo.candidates.bind(s.repo);
        s.repo.candidates = async (...args: Parameters<PayoutRepository['candidates']>) => {
          const found = await read(...args);
          await bothRead();
          return found;
        };
      }
      const states = await Promise.all([a.runner.cycle(), b.runner.cycle()]);
      expect(states.map((s) => s.status)).toEqual(['running', 'running']);
      const once = async () => {
        for (const account of accounts) {
          expect(await payoutDebits(fx.database, account)).toBe(1);
          const balance = await new LedgerRepository(fx.database.db).balance(account);
          expect(balance).toBeGreaterThanOrEqual(0n);
          expect(balance).toBeLessThan(XMR / 1000n);
          expect(await sentTo(account)).toBe(1);
        }
      };
      await once();

      // Both move the same open batch on: one confirms it, the other finds it moved.
      await mine(6);
      const again = await Promise.all([a.runner.cycle(), b.runner.cycle()]);
      expect(again.map((s) => s.status)).toEqual(['running', 'running']);
      expect(await a.repo.countByStatus()).toMatchObject({ confirmed: 1, submitted: 0, failed: 0 });
      await once();
    });

    it('a stale plan (its balance was paid meanwhile): the ledger refuses the debit, the batch fails, nothing is sent', async () => {
      const [account] = miners.slice(3, 4) as [string];
      await credit(fx.database, account);
      const s = services.made[0] as PayoutService;
      // Another payer's batch paid the balance (booked here without a wallet) …
      const [paid] = (await s.repo.createBatches([[{ account, address: account, amount: XMR }]])) as [bigint];
      const p = await s.repo.batch(paid);
      await s.repo.markSigned(paid, {
        signed: { txHash: 'c'.repeat(64), txKey: 'k', fee: 30n, amount: XMR - 30n, txMetadata: '00' },
        walletHeight: 1,
        amounts: new Map([[p.payments[0]?.id as bigint, { amount: XMR - 30n, fee: 30n }]]),
      });
      await s.repo.markSubmitting(paid);
      await s.repo.markSubmitted(paid);
      await s.repo.markConfirmed(paid, 10);
      // … after this one planned the same balance.
      const [stale] = (await s.repo.createBatches([[{ account, address: account, amount: XMR }]])) as [
        bigint,
      ];
      expect((await s.runner.cycle()).status).toBe('running');
      const failed = await s.repo.batch(stale);
      expect(failed).toMatchObject({ status: 'failed', txHash: null });
      expect(failed.reason).toMatch(/ledger refused the debit/);
      expect(await payoutDebits(fx.database, account)).toBe(1);
      expect(await new LedgerRepository(fx.database.db).balance(account)).toBe(0n);
      expect(await sentTo(account)).toBe(0);
    });
  });

  describe('the compiled service loses its lock connection, then Postgres, while a pass waits on the wallet', () => {
    let nats: NatsInstance;
    let postgres: PostgresInstance;
    let database: Database;
    let gate: WalletGate;
    let env: Record<string, string>;

    beforeAll(async () => {
      [nats, postgres] = await Promise.all([
        startNats({ dir: join(dir, 'nats') }),
        startPostgres({ dir: join(dir, 'pg'), fsync: false }),
      ]);
      const url = await createDatabase(postgres.url, 'payout_restart');
      await runMigrate(url);
      database = createDb(url, { max: 2 });
      gate = new WalletGate(wallet.url);
      env = {
        DATABASE_URL: url,
        NATS_URL: nats.url,
        NATS_NAMESPACE: 'replicas',
        WALLET_RPC_URL: await gate.start(),
        PAYOUT_THRESHOLD: String(XMR / 10n),
        PAYOUT_INTERVAL_MS: '300',
        PAYOUT_CONFIRMATIONS: '5',
        UNLOCK_INTERVAL_MS: '3600000',
        MONERO_NETWORK: 'mainnet',
      };
    });
    afterAll(async () => {
      await gate?.close();
      await database?.close();
      await postgres?.stop();
      await nats?.stop();
    });

    const logFile = () => join(dir, 'accounting.log');
    const logged = (message: string) =>
      readFileSync(logFile(), 'utf8').split(`"msg":"${message}"`).length - 1;
    const connectionLost = () => logged('the payout lock connection was lost');
    const passStopped = () => logged('payout pass stopped: the payout lock was lost');
    const submitted = (account: string) => async () =>
      (
        await database.pool.query<{ status: string }>(
          `SELECT b.status FROM payout_payments p JOIN payout_batches b ON b.id = p.batch_id
           WHERE p.account = $1`,
          [account],
        )
      ).rows.some((r) => r.status === 'submitted');

    it('stops the pass before the wallet moves money, stays up, and the next cycle pays once', async () => {
      const [first, later] = miners.slice(4, 6) as [string, string];
      await credit(database, first);
      gate.hold('transfer');
      const { proc } = await accountingProcess(dir, env);
      onTestFinished(() => proc.stop());
      proc.start();
      const pid = proc.pid;

      // 1. The lock's backend terminated while the first transfer (the fee estimate) is with the wallet.
      await waitFor('the pass to wait on the wallet', async () => gate.held === 1, 60_000);
      const terminated = await database.pool.query<{ ok: boolean }>(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_locks
         WHERE locktype = 'advisory' AND classid = 0 AND objid = $1 AND objsubid = 1 AND granted`,
        [PAYOUT_LOCK_KEY],
      );
      expect(terminated.rows).toEqual([{ ok: true }]);
      // The process lives through it (no unheard 'error'), and the pass stops once the wallet answers.
      const noticed = (n: number) => async () => connectionLost() === n || !proc.running;
      await waitFor('the lost lock connection noticed', noticed(1), 30_000);
      expect(proc.running, 'accounting survives its lock connection ending').toBe(true);
      gate.release();
      await waitFor('the pass stopped', async () => passStopped() === 1, 30_000);
      await waitFor('paid by the next cycle', submitted(first), 60_000);
      expect(proc.running).toBe(true);
      // The interrupted pass signed nothing more: 1 estimate, then 2 transfers and 1 relay by the next pass.
      expect([gate.count('transfer'), gate.count('relay_tx')]).toEqual([3, 1]);
      expect([await payoutDebits(database, first), await sentTo(first)]).toEqual([1, 1]);

      // 2. Postgres stops while the next account's fee estimate is with the wallet, and comes back.
      await credit(database, later);
      gate.hold('transfer');
      await waitFor('the next pass to wait on the wallet', async () => gate.held === 1, 60_000);
      await postgres.stop();
      await waitFor('the lost lock connection noticed', noticed(2), 30_000);
      expect(proc.running, 'accounting survives Postgres stopping').toBe(true);
      gate.release();
      await waitFor('the pass stopped without Postgres', async () => passStopped() === 2, 30_000);
      await postgres.restart();
      await waitFor('paid once Postgres is back', submitted(later), 90_000);
      expect(proc.running).toBe(true);
      expect(proc.pid).toBe(pid);
      expect([gate.count('transfer'), gate.count('relay_tx')]).toEqual([6, 2]);
      for (const account of [first, later]) {
        expect([await payoutDebits(database, account), await sentTo(account)]).toEqual([1, 1]);
      }
    }, 300_000);
  });
});

/** Resolves for every caller once `n` have arrived. */
function barrier(n: number): () => Promise<void> {
  let arrived = 0;
  const opened: (() => void)[] = [];
  const all = new Promise<void>((r) => opened.push(r));
  return () => {
    arrived += 1;
    if (arrived >= n) for (const open of opened) open();
    return all;
  };
}
