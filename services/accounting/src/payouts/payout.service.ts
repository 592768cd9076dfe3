import type { MoneroNetwork } from '@rxpool/cryptonote';
import type { Database } from '@rxpool/db';
import type { Logger, Registry } from '@rxpool/observability';
import type { LedgerRepository } from '../ledger/ledger.repository.js';
import { PayoutRepository } from './payout.repository.js';
import type { PayoutConfig, PayoutCrashPoint } from './payout-config.js';
import { type CrashHook, PayoutProcessor } from './payout-processor.js';
import { PayoutRunner } from './payout-runner.js';
import { WalletRpcClient } from './wallet-rpc.client.js';

export interface PayoutServiceOptions {
  /** Called at each crash point (default: exit there when PAYOUT_CRASH_AT names it). */
  crash?: CrashHook;
  /** Tests only: the advisory lock's key (see PayoutRunner). */
  lockKey?: number;
}

/** Builds the payout parts from configuration; one instance per accounting process. */
export class PayoutService {
  readonly repo: PayoutRepository;
  readonly wallet: WalletRpcClient;
  readonly runner: PayoutRunner;

  constructor(
    config: PayoutConfig,
    network: MoneroNetwork,
    database: Database,
    ledger: LedgerRepository,
    log: Logger,
    metrics: Registry,
    options: PayoutServiceOptions = {},
  ) {
    const crash = options.crash ?? exitAt(config.crashAt, log);
    this.repo = new PayoutRepository(database.db, ledger);
    this.wallet = new WalletRpcClient({
      url: config.walletRpcUrl || 'http://127.0.0.1:18083',
      login: config.walletLogin,
      timeoutMs: config.walletTimeoutMs,
    });
    const processor = new PayoutProcessor(this.repo, this.wallet, crash, log.child({ component: 'payouts' }));
    this.runner = new PayoutRunner(
      config,
      network,
      database.pool,
      this.repo,
      processor,
      this.wallet,
      log.child({ component: 'payouts' }),
      metrics,
      options.lockKey,
    );
  }

  start(): void {
    this.runner.start();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }
}

/**
 * PAYOUT_CRASH_AT (tests only): exit at once with 137, as if killed, at the
 * named point, so a test can check what a restart makes of it.
 */
export function exitAt(point: PayoutCrashPoint | undefined, log: Logger): CrashHook {
  return (at) => {
    if (point !== at) return;
    log.fatal({ at }, 'PAYOUT_CRASH_AT: exiting here on purpose');
    process.exit(137);
  };
}
