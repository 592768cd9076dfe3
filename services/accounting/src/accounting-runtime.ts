import type { Database, PostgresHealthProbe } from '@rxpool/db';
import type { Logger } from '@rxpool/observability';
import type { ServiceRuntime } from '@rxpool/service-kit';
import type { AdminGrpcServer } from './admin/admin-grpc.server.js';
import type { BlockTracker } from './blocks/block-tracker.js';
import type { BlockUnlocker } from './blocks/block-unlocker.js';
import type { PayoutService } from './payouts/payout.service.js';
import type { TemplateRewardFeed } from './rewards/template-reward-feed.js';
import type { ShareIngestor } from './shares/share-ingestor.js';
import type { SharePruner } from './shares/share-pruner.js';
import type { ShareRollup } from './shares/share-rollup.js';
import type { ShareVoider } from './shares/share-voider.js';

/** What the runtime starts and stops; each is a provider of AccountingModule. */
export interface AccountingParts {
  probe: PostgresHealthProbe;
  feed: TemplateRewardFeed;
  ingestor: ShareIngestor;
  voider: ShareVoider;
  tracker: BlockTracker;
  rollup: ShareRollup;
  unlocker: BlockUnlocker;
  pruner: SharePruner;
  payouts: PayoutService;
  /** Undefined when the admin API is off (no ADMIN_TOKEN). */
  admin: AdminGrpcServer | undefined;
  database: Database;
  /** The read replica, or `database` itself when none is configured. */
  reads: Database;
  log: Logger;
}

/**
 * The one place the order of accounting's parts lives. Start: the share
 * path first, then blocks, then payouts and the admin API once everything
 * they read is moving. Stop: the reverse, so nothing still writes when the
 * databases close, last of all.
 */
export class AccountingRuntime implements ServiceRuntime {
  constructor(private readonly parts: AccountingParts) {}

  async start(): Promise<void> {
    const p = this.parts;
    p.probe.start();
    p.feed.start();
    await p.ingestor.start();
    await p.voider.start();
    await p.tracker.start();
    p.rollup.start();
    p.unlocker.start();
    p.pruner.start();
    p.payouts.start();
    await p.admin?.start();
    p.log.info('accounting started');
  }

  async stop(): Promise<void> {
    const p = this.parts;
    await p.admin?.stop();
    await p.payouts.stop();
    await p.pruner.stop();
    await p.unlocker.stop();
    await p.rollup.stop();
    await p.tracker.stop();
    await p.voider.stop();
    await p.ingestor.stop();
    await p.feed.stop();
    p.probe.stop();
    if (p.reads !== p.database) await p.reads.close();
    await p.database.close();
  }
}
