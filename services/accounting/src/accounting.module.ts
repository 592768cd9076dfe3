import { type DynamicModule, Module } from '@nestjs/common';
import { PostgresHealthProbe } from '@rxpool/db';
import { LOGGER, provider, serviceModule } from '@rxpool/service-kit';
import { ACCOUNTING_CONFIG, DATABASE, PAYOUT_FAULT_POINTS, READ_DATABASE } from './accounting.tokens.js';
import { AccountingRuntime } from './accounting-runtime.js';
import { adminProviders } from './admin/admin.providers.js';
import { AdminGrpcServer } from './admin/admin-grpc.server.js';
import { blockProviders } from './block.providers.js';
import { BlockRepository } from './blocks/block.repository.js';
import { BlockTracker } from './blocks/block-tracker.js';
import { BlockUnlocker } from './blocks/block-unlocker.js';
import type { AccountingConfig } from './config.js';
import { databaseProviders } from './database.providers.js';
import { LedgerRepository } from './ledger/ledger.repository.js';
import { payoutProviders } from './payouts/payout.providers.js';
import { PayoutService } from './payouts/payout.service.js';
import { NO_PAYOUT_FAULTS, type PayoutFaultPoints } from './payouts/payout-fault-points.js';
import { TemplateRewardFeed } from './rewards/template-reward-feed.js';
import { shareProviders } from './share.providers.js';
import { ShareIngestor } from './shares/share-ingestor.js';
import { SharePruner } from './shares/share-pruner.js';
import { ShareRollup } from './shares/share-rollup.js';
import { ShareVoider } from './shares/share-voider.js';

/** What a test harness may hand in; production passes none. */
export interface AccountingOptions {
  /** Told at each point of the payout sequence (a crash test exits there). */
  payoutFaults?: PayoutFaultPoints;
}

const runtimeProvider = provider(
  AccountingRuntime,
  {
    config: ACCOUNTING_CONFIG,
    probe: PostgresHealthProbe,
    feed: TemplateRewardFeed,
    ingestor: ShareIngestor,
    voider: ShareVoider,
    tracker: BlockTracker,
    rollup: ShareRollup,
    unlocker: BlockUnlocker,
    pruner: SharePruner,
    payouts: PayoutService,
    admin: AdminGrpcServer,
    database: DATABASE,
    reads: READ_DATABASE,
    log: LOGGER,
  },
  ({ config, admin, ...parts }) =>
    new AccountingRuntime({ ...parts, admin: config.admin.enabled ? admin : undefined }),
);

/**
 * The accounting service: each of its classes is a provider (the share
 * path, blocks, payouts, the admin API, the databases) over the service
 * kit, and AccountingRuntime starts and stops them in order.
 */
@Module({})
export class AccountingModule {
  static forRoot(
    kit: DynamicModule,
    config: AccountingConfig,
    options: AccountingOptions = {},
  ): DynamicModule {
    return serviceModule({
      module: AccountingModule,
      kit,
      config,
      providers: [
        { provide: PAYOUT_FAULT_POINTS, useValue: options.payoutFaults ?? NO_PAYOUT_FAULTS },
        ...databaseProviders,
        ...shareProviders,
        ...blockProviders,
        ...payoutProviders,
        ...adminProviders,
        runtimeProvider,
      ],
      runtime: AccountingRuntime,
      // What in-process tests take with app.get().
      exports: [AccountingRuntime, DATABASE, BlockRepository, BlockUnlocker, LedgerRepository, PayoutService],
    });
  }
}
