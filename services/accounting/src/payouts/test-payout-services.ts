import type { MoneroNetwork } from '@rxpool/cryptonote';
import type { Database } from '@rxpool/db';
import { createMetricsRegistry, type Logger } from '@rxpool/observability';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { PayoutService, type PayoutServiceOptions } from './payout.service.js';
import type { PayoutConfig } from './payout-config.js';

/** For tests: payouts on, 0.1 XMR threshold, 5 confirmations, cycles only when the test asks. */
export function testPayoutConfig(walletRpcUrl: string): PayoutConfig {
  return {
    enabled: true,
    threshold: 100_000_000_000n,
    intervalMs: 3_600_000,
    maxDestinations: 15,
    confirmations: 5,
    walletRpcUrl,
    walletLogin: undefined,
    walletTimeoutMs: 30_000,
  };
}

/** For tests: PayoutServices made on demand (each with its own metrics), all stopped by stopAll(). */
export class TestPayoutServices {
  readonly made: PayoutService[] = [];

  constructor(
    private readonly log: Logger,
    private readonly network: MoneroNetwork = 'mainnet',
  ) {}

  make(database: Database, walletRpcUrl: string, options: PayoutServiceOptions = {}): PayoutService {
    const s = new PayoutService(
      testPayoutConfig(walletRpcUrl),
      this.network,
      database,
      new LedgerRepository(database.db),
      this.log,
      createMetricsRegistry('payout-test'),
      options,
    );
    this.made.push(s);
    return s;
  }

  async stopAll(): Promise<void> {
    for (const s of this.made.splice(0)) await s.stop();
  }
}
