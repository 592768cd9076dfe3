import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import type { NatsBus } from '@rxpool/bus';
import { type Database, HashrateRepository, PoolReadRepository } from '@rxpool/db';
import type { Logger, Registry } from '@rxpool/observability';
import { BUS, LOGGER, METRICS } from '@rxpool/service-kit';
import { ACCOUNTING_CONFIG, DATABASE, READ_DATABASE } from '../accounting.tokens.js';
import { AccountingRuntime } from '../accounting-runtime.js';
import type { AccountingConfig } from '../config.js';
import { PayoutService } from '../payouts/payout.service.js';
import type { PayoutFaultPoints } from '../payouts/payout-fault-points.js';
import { PpsExposureRepository } from '../rewards/pps-exposure.repository.js';
import { AdminService } from './admin.service.js';
import { AdminGrpcServer } from './admin-grpc.server.js';
import { BanPublisher } from './ban-publisher.js';

/** Starts payouts and the admin API after the rest of accounting; stops them (and closes a read replica's pool) before it closes the database. */
@Injectable()
class PayoutAdminLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(ACCOUNTING_CONFIG) private readonly config: AccountingConfig,
    @Inject(PayoutService) private readonly payouts: PayoutService,
    @Inject(AdminGrpcServer) private readonly admin: AdminGrpcServer,
    @Inject(DATABASE) private readonly primary: Database,
    @Inject(READ_DATABASE) private readonly replica: Database,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.payouts.start();
    if (this.config.admin.enabled) await this.admin.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.admin.stop();
    await this.payouts.stop();
    if (this.replica !== this.primary) await this.replica.close();
  }
}

/** Providers of payouts and the admin gRPC API, for AccountingModule. */
export function payoutAdminProviders(faults: PayoutFaultPoints): Provider[] {
  return [
    {
      provide: PayoutService,
      inject: [ACCOUNTING_CONFIG, DATABASE, AccountingRuntime, LOGGER, METRICS],
      useFactory: (
        c: AccountingConfig,
        db: Database,
        runtime: AccountingRuntime,
        log: Logger,
        metrics: Registry,
      ) => new PayoutService(c.payouts, c.common.network, db, runtime.ledger, log, metrics, { faults }),
    },
    {
      provide: AdminGrpcServer,
      inject: [ACCOUNTING_CONFIG, READ_DATABASE, AccountingRuntime, PayoutService, BUS, LOGGER],
      useFactory: (
        c: AccountingConfig,
        reads: Database,
        runtime: AccountingRuntime,
        payouts: PayoutService,
        bus: NatsBus,
        log: Logger,
      ) => {
        const service = new AdminService({
          admin: new PoolReadRepository(reads.db),
          hashrate: new HashrateRepository(reads.db),
          ledger: runtime.ledger,
          payouts: payouts.repo,
          bans: new BanPublisher(bus),
          payoutState: () => (c.payouts.enabled ? payouts.runner.state : undefined),
          payoutThreshold: c.payouts.threshold,
          network: c.common.network,
          log: log.child({ component: 'admin' }),
          blocks: {
            recheck: (id) => runtime.unlocker.recheck(id),
            row: (id) => runtime.blocks.row(id),
          },
          pps: new PpsExposureRepository(reads.db),
        });
        return new AdminGrpcServer(c.admin, service, log.child({ component: 'admin-grpc' }));
      },
    },
    PayoutAdminLifecycle,
  ];
}
