import type { Provider } from '@nestjs/common';
import { counter, gauge, histogram, type Registry } from '@rxpool/observability';
import { BUS, LOGGER, METRICS, provider } from '@rxpool/service-kit';
import { ACCOUNTING_CONFIG, DATABASE } from './accounting.tokens.js';
import { TemplateRewardBook } from './rewards/network-reward-source.js';
import { TemplateRewardFeed } from './rewards/template-reward-feed.js';
import { StreamIngestCutoff } from './shares/ingest-cutoff.js';
import { type IngestEvents, ShareIngestor } from './shares/share-ingestor.js';
import { createSharePruner, SharePruner } from './shares/share-pruner.js';
import { createShareRollup, ShareRollup } from './shares/share-rollup.js';
import { ShareVoidRepository } from './shares/share-void.repository.js';
import { ShareVoider, type VoidEvents } from './shares/share-voider.js';
import { createShareWriter, ShareWriter } from './shares/share-writer.js';

/** The share path: templates' rewards, ingest, voids, the per-minute rollup and the pruner. */
export const shareProviders: Provider[] = [
  provider(TemplateRewardBook, {}, () => new TemplateRewardBook()),
  provider(
    TemplateRewardFeed,
    { bus: BUS, book: TemplateRewardBook, log: LOGGER },
    ({ bus, book, log }) =>
      new TemplateRewardFeed(
        bus,
        bus.names.streams.template,
        bus.names.subjects.template,
        book,
        log.child({ component: 'templates' }),
      ),
  ),
  provider(
    ShareWriter,
    { config: ACCOUNTING_CONFIG, database: DATABASE, book: TemplateRewardBook },
    ({ config, database, book }) => createShareWriter(database.db, book, config.rewards.feeBasisPoints),
  ),
  provider(
    ShareIngestor,
    { config: ACCOUNTING_CONFIG, bus: BUS, writer: ShareWriter, log: LOGGER, metrics: METRICS },
    ({ config, bus, writer, log, metrics }) => {
      const { names } = bus;
      const ingestor: ShareIngestor = new ShareIngestor(
        bus,
        writer,
        {
          stream: names.streams.shares,
          durable: names.consumers.accountingShares,
          subject: names.subjects.sharesAccepted,
          ...config.ingest,
        },
        log.child({ component: 'share-ingest' }),
        ingestMetrics(metrics, () => ingestor.backlog),
      );
      return ingestor;
    },
  ),
  provider(
    StreamIngestCutoff,
    { config: ACCOUNTING_CONFIG, bus: BUS },
    ({ config, bus }) =>
      new StreamIngestCutoff(bus, {
        stream: bus.names.streams.shares,
        durable: bus.names.consumers.accountingShares,
        graceMs: config.blocks.ingestGraceMs,
      }),
  ),
  provider(
    ShareVoider,
    { bus: BUS, cutoff: StreamIngestCutoff, database: DATABASE, log: LOGGER, metrics: METRICS },
    ({ bus, cutoff, database, log, metrics }) =>
      new ShareVoider(
        bus,
        cutoff,
        new ShareVoidRepository(database.db),
        {
          stream: bus.names.streams.shares,
          durable: bus.names.consumers.accountingVoids,
          subject: bus.names.subjects.sharesVoided,
          retryMs: 1_000,
        },
        log.child({ component: 'share-voids' }),
        voidMetrics(metrics),
      ),
  ),
  provider(
    ShareRollup,
    { config: ACCOUNTING_CONFIG, database: DATABASE, log: LOGGER },
    ({ config, database, log }) =>
      createShareRollup(
        database.db,
        { intervalMs: config.retention.rollupIntervalMs, lagMs: config.retention.rollupLagMs },
        log.child({ component: 'rollup' }),
      ),
  ),
  provider(
    SharePruner,
    { config: ACCOUNTING_CONFIG, database: DATABASE, log: LOGGER },
    ({ config, database, log }) =>
      createSharePruner(
        database.db,
        {
          intervalMs: config.retention.pruneIntervalMs,
          windows: config.retention.pruneWindows,
          pplnsK: config.rewards.pplnsK,
          minShareRetentionMs: config.retention.minShareRetentionMs,
          minuteRetentionMs: config.retention.minuteRetentionMs,
        },
        log.child({ component: 'pruner' }),
      ),
  ),
];

/** The ingest's metrics, fed by its events; `backlog` reads the ingestor's queue after each batch. */
function ingestMetrics(metrics: Registry, backlog: () => number): IngestEvents {
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
  const queued = gauge(metrics, 'rxpool_accounting_share_backlog', 'Shares received and not yet stored');
  return {
    onBatch: (r, size, ms) => {
      inserted.inc(r.inserted);
      duplicates.inc(size - r.inserted);
      batchMs.observe(ms);
      queued.set(backlog());
    },
    onError: () => errors.inc(),
    onInvalid: () => invalid.inc(),
  };
}

function voidMetrics(metrics: Registry): VoidEvents {
  const voided = counter(
    metrics,
    'rxpool_accounting_shares_voided_total',
    'Shares a validator accepted on trust and voided: deleted, or kept because a split had counted them',
    ['outcome'],
  );
  return {
    onVoided: (r) => {
      voided.inc({ outcome: 'voided' }, r.voided);
      voided.inc({ outcome: 'kept' }, r.kept);
    },
  };
}
