import type { NatsBus } from '@rxpool/bus';
import type { Database, PostgresHealthProbe } from '@rxpool/db';
import { counter, gauge, histogram, type Logger, type Registry } from '@rxpool/observability';
import { BlockRepository } from './blocks/block.repository.js';
import { BlockTracker } from './blocks/block-tracker.js';
import { BlockUnlocker, WAIT_REASONS } from './blocks/block-unlocker.js';
import { type ChainHeaderSource, NatsChainHeaderSource } from './blocks/chain-header-source.js';
import type { AccountingConfig } from './config.js';
import { LedgerRepository } from './ledger/ledger.repository.js';
import { BlockSplitter } from './rewards/block-splitter.js';
import { TemplateRewardBook } from './rewards/network-reward-source.js';
import { PplnsWindowRepository } from './rewards/pplns-window.repository.js';
import { PpsExposureRepository } from './rewards/pps-exposure.repository.js';
import { TemplateRewardFeed } from './rewards/template-reward-feed.js';
import { StreamIngestCutoff } from './shares/ingest-cutoff.js';
import { ShareIngestor } from './shares/share-ingestor.js';
import { createSharePruner, type SharePruner } from './shares/share-pruner.js';
import { createShareRollup, type ShareRollup } from './shares/share-rollup.js';
import { ShareVoidRepository } from './shares/share-void.repository.js';
import { ShareVoider } from './shares/share-voider.js';
import { createShareWriter } from './shares/share-writer.js';

/**
 * Builds the plain classes of the service and starts/stops them in order.
 * Nest only hands in the shared pieces (config, database, bus, logger,
 * metrics); everything here works the same without it (tests, bench).
 */
export class AccountingRuntime {
  readonly blocks: BlockRepository;
  readonly ledger: LedgerRepository;
  readonly rewardBook = new TemplateRewardBook();
  readonly ingestor: ShareIngestor;
  readonly tracker: BlockTracker;
  readonly unlocker: BlockUnlocker;
  readonly pruner: SharePruner;
  readonly rollup: ShareRollup;
  readonly voider: ShareVoider;
  private readonly feed: TemplateRewardFeed;

  constructor(
    config: AccountingConfig,
    private readonly database: Database,
    bus: NatsBus,
    private readonly probe: PostgresHealthProbe,
    private readonly log: Logger,
    metrics: Registry,
    chain?: ChainHeaderSource,
  ) {
    const { db } = database;
    const names = bus.names;
    this.rollup = createShareRollup(
      db,
      { intervalMs: config.retention.rollupIntervalMs, lagMs: config.retention.rollupLagMs },
      log.child({ component: 'rollup' }),
    );
    this.blocks = new BlockRepository(db);
    this.ledger = new LedgerRepository(db);
    const writer = createShareWriter(db, this.rewardBook, config.rewards.feeBasisPoints);

    const inserted = counter(metrics, 'rxpool_accounting_shares_inserted_total', 'Accepted shares stored');
    const duplicates = counter(
      metrics,
      'rxpool_accounting_shares_duplicate_total',
      'Redelivered shares already stored',
    );
    const batchMs = histogram(
      metrics,
      'rxpool_accounting_share_batch_ms',
      'Time to store one batch',
      [5, 10, 25, 50, 100, 250, 1000, 5000],
    );
    const errors = counter(
      metrics,
      'rxpool_accounting_share_batch_errors_total',
      'Batches that failed and were retried',
    );
    const invalid = counter(
      metrics,
      'rxpool_accounting_shares_invalid_total',
      'Undecodable share messages dropped',
    );
    const backlog = gauge(metrics, 'rxpool_accounting_share_backlog', 'Shares received and not yet stored');

    this.ingestor = new ShareIngestor(
      bus,
      writer,
      {
        stream: names.streams.shares,
        durable: names.consumers.accountingShares,
        subject: names.subjects.sharesAccepted,
        ...config.ingest,
      },
      log.child({ component: 'share-ingest' }),
      {
        onBatch: (r, size, ms) => {
          inserted.inc(r.inserted);
          duplicates.inc(size - r.inserted);
          batchMs.observe(ms);
          backlog.set(this.ingestor.backlog);
        },
        onError: () => errors.inc(),
        onInvalid: () => invalid.inc(),
      },
    );
    this.tracker = new BlockTracker(
      bus,
      this.blocks,
      {
        stream: names.streams.blocks,
        durable: names.consumers.accountingBlocks,
        subject: names.subjects.blocksSubmitted,
      },
      log.child({ component: 'block-tracker' }),
    );
    const source =
      chain ??
      new NatsChainHeaderSource(
        () => bus.connection,
        names.subjects.chainHeader,
        config.blocks.chainHeaderTimeoutMs,
      );
    const voided = counter(
      metrics,
      'rxpool_accounting_shares_voided_total',
      'Shares a validator accepted on trust and voided: deleted, or kept because a split had counted them',
      ['outcome'],
    );
    const cutoff = new StreamIngestCutoff(bus, {
      stream: names.streams.shares,
      durable: names.consumers.accountingShares,
      graceMs: config.blocks.ingestGraceMs,
    });
    this.voider = new ShareVoider(
      bus,
      cutoff,
      new ShareVoidRepository(db),
      {
        stream: names.streams.shares,
        durable: names.consumers.accountingVoids,
        subject: names.subjects.sharesVoided,
        retryMs: 1_000,
      },
      log.child({ component: 'share-voids' }),
      {
        onVoided: (r) => {
          voided.inc({ outcome: 'voided' }, r.voided);
          voided.inc({ outcome: 'kept' }, r.kept);
        },
      },
    );
    const waiting = gauge(
      metrics,
      'rxpool_accounting_blocks_waiting',
      'Open blocks that could not move at the last unlock pass, by reason',
      ['reason'],
    );
    const contested = gauge(
      metrics,
      'rxpool_accounting_blocks_contested',
      'Open blocks whose height a rival holds, not yet ORPHAN_DEPTH deep',
    );
    const exposure = gauge(
      metrics,
      'rxpool_accounting_pps_exposure_atomic',
      'PPS credited minus PPS block rewards earned (atomic units)',
    );
    const pps = new PpsExposureRepository(db);
    this.unlocker = new BlockUnlocker(
      db,
      this.blocks,
      source,
      new BlockSplitter(new PplnsWindowRepository(db), config.rewards, { rollup: this.rollup, cutoff }),
      this.ledger,
      {
        unlockDepth: config.blocks.unlockDepth,
        orphanDepth: config.blocks.orphanDepth,
        intervalMs: config.blocks.unlockIntervalMs,
      },
      log.child({ component: 'block-unlocker' }),
      {
        onTick: (r) => {
          for (const reason of WAIT_REASONS) waiting.set({ reason }, r.waitingFor[reason]);
          contested.set(r.contested);
          pps
            .current()
            .then((p) => exposure.set(Number(p.exposure)))
            .catch((err) => log.warn({ err: (err as Error).message }, 'PPS exposure not read'));
        },
      },
    );
    this.pruner = createSharePruner(
      db,
      {
        intervalMs: config.retention.pruneIntervalMs,
        windows: config.retention.pruneWindows,
        pplnsK: config.rewards.pplnsK,
        minShareRetentionMs: config.retention.minShareRetentionMs,
        minuteRetentionMs: config.retention.minuteRetentionMs,
      },
      log.child({ component: 'pruner' }),
    );
    this.feed = new TemplateRewardFeed(
      bus,
      names.streams.template,
      names.subjects.template,
      this.rewardBook,
      log.child({ component: 'templates' }),
    );
  }

  async start(): Promise<void> {
    this.probe.start();
    this.feed.start();
    await this.ingestor.start();
    await this.voider.start();
    await this.tracker.start();
    this.rollup.start();
    this.unlocker.start();
    this.pruner.start();
    this.log.info('accounting started');
  }

  async stop(): Promise<void> {
    await this.pruner.stop();
    await this.unlocker.stop();
    await this.rollup.stop();
    await this.tracker.stop();
    await this.voider.stop();
    await this.ingestor.stop();
    await this.feed.stop();
    this.probe.stop();
    await this.database.close();
  }
}
