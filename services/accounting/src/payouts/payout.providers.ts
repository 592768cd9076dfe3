import type { Provider } from '@nestjs/common';
import { LOGGER, METRICS, provider } from '@rxpool/service-kit';
import { ACCOUNTING_CONFIG, DATABASE, PAYOUT_FAULT_POINTS } from '../accounting.tokens.js';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { PayoutService } from './payout.service.js';

/** The payouts (wallet, repository, runner) over the accounting database and its ledger. */
export const payoutProviders: Provider[] = [
  provider(
    PayoutService,
    {
      config: ACCOUNTING_CONFIG,
      database: DATABASE,
      ledger: LedgerRepository,
      log: LOGGER,
      metrics: METRICS,
      faults: PAYOUT_FAULT_POINTS,
    },
    ({ config, database, ledger, log, metrics, faults }) =>
      new PayoutService(config.payouts, config.common.network, database, ledger, log, metrics, { faults }),
  ),
];
