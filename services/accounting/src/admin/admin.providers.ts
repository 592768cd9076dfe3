import type { Provider } from '@nestjs/common';
import { HashrateRepository, PoolReadRepository } from '@rxpool/db';
import { BUS, LOGGER, provider } from '@rxpool/service-kit';
import { ACCOUNTING_CONFIG, READ_DATABASE } from '../accounting.tokens.js';
import { BlockRepository } from '../blocks/block.repository.js';
import { BlockUnlocker } from '../blocks/block-unlocker.js';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { PayoutService } from '../payouts/payout.service.js';
import { PpsExposureRepository } from '../rewards/pps-exposure.repository.js';
import { AdminService } from './admin.service.js';
import { AdminGrpcServer } from './admin-grpc.server.js';
import { BanPublisher } from './ban-publisher.js';

/** The admin gRPC API: its listings read READ_DATABASE, what it changes goes through the primary's parts. */
export const adminProviders: Provider[] = [
  provider(
    AdminService,
    {
      config: ACCOUNTING_CONFIG,
      reads: READ_DATABASE,
      ledger: LedgerRepository,
      payouts: PayoutService,
      blocks: BlockRepository,
      unlocker: BlockUnlocker,
      bus: BUS,
      log: LOGGER,
    },
    ({ config, reads, ledger, payouts, blocks, unlocker, bus, log }) =>
      new AdminService({
        admin: new PoolReadRepository(reads.db),
        hashrate: new HashrateRepository(reads.db),
        ledger,
        payouts: payouts.repo,
        bans: new BanPublisher(bus),
        payoutState: () => (config.payouts.enabled ? payouts.runner.state : undefined),
        payoutThreshold: config.payouts.threshold,
        network: config.common.network,
        log: log.child({ component: 'admin' }),
        blocks: { recheck: (id) => unlocker.recheck(id), row: (id) => blocks.row(id) },
        pps: new PpsExposureRepository(reads.db),
      }),
  ),
  provider(
    AdminGrpcServer,
    { config: ACCOUNTING_CONFIG, service: AdminService, log: LOGGER },
    ({ config, service, log }) =>
      new AdminGrpcServer(config.admin, service, log.child({ component: 'admin-grpc' })),
  ),
];
