import type { MoneroNetwork } from '@rxpool/cryptonote';
import type { Database } from '@rxpool/db';
import type { Logger, Registry } from '@rxpool/observability';
import type { LedgerRepository } from '../ledger/ledger.repository.js';
import { PayoutRepository } from './payout.repository.js';
import type { PayoutConfig } from './payout-config.js';
import type { PayoutFaultPoints } from './payout-fault-points.js';
import { PayoutProcessor } from './payout-processor.js';
import { PayoutRunner } from './payout-runner.js';
import { WalletRpcClient } from './wallet-rpc.client.js';

export interface PayoutServiceOptions {
  /** Tests only: told at each point of the payout sequence (default: nothing happens there). */
  faults?: PayoutFaultPoints;
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
    this.repo = new PayoutRepository(database.db, ledger);
    this.wallet = new WalletRpcClient({
      url: config.walletRpcUrl || 'http://127.0.0.1:18083',
      login: config.walletLogin,
      timeoutMs: config.walletTimeoutMs,
    });
    const processor = new PayoutProcessor(
      this.repo,
      this.wallet,
      log.child({ component: 'payouts' }),
      options.faults,
    );
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
