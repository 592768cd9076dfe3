import type { Provider } from '@nestjs/common';
import { gauge, type Logger, type Registry } from '@rxpool/observability';
import { BUS, LOGGER, METRICS, provider } from '@rxpool/service-kit';
import { ACCOUNTING_CONFIG, CHAIN_HEADER_SOURCE, DATABASE } from './accounting.tokens.js';
import { BlockRepository } from './blocks/block.repository.js';
import { BlockTracker } from './blocks/block-tracker.js';
import { BlockUnlocker, type UnlockerEvents, WAIT_REASONS } from './blocks/block-unlocker.js';
import { NatsChainHeaderSource } from './blocks/chain-header-source.js';
import { LedgerRepository } from './ledger/ledger.repository.js';
import { BlockSplitter } from './rewards/block-splitter.js';
import { PplnsWindowRepository } from './rewards/pplns-window.repository.js';
import { PpsExposureRepository } from './rewards/pps-exposure.repository.js';
import { StreamIngestCutoff } from './shares/ingest-cutoff.js';
import { ShareRollup } from './shares/share-rollup.js';

/** Blocks from submission to unlock: the tracker, the chain's view, the split and the ledger credit. */
export const blockProviders: Provider[] = [
  provider(BlockRepository, { database: DATABASE }, ({ database }) => new BlockRepository(database.db)),
  provider(LedgerRepository, { database: DATABASE }, ({ database }) => new LedgerRepository(database.db)),
  provider(
    PpsExposureRepository,
    { database: DATABASE },
    ({ database }) => new PpsExposureRepository(database.db),
  ),
  provider(
    BlockTracker,
    { bus: BUS, blocks: BlockRepository, log: LOGGER },
    ({ bus, blocks, log }) =>
      new BlockTracker(
        bus,
        blocks,
        {
          stream: bus.names.streams.blocks,
          durable: bus.names.consumers.accountingBlocks,
          subject: bus.names.subjects.blocksSubmitted,
        },
        log.child({ component: 'block-tracker' }),
      ),
  ),
  provider(
    CHAIN_HEADER_SOURCE,
    { config: ACCOUNTING_CONFIG, bus: BUS },
    ({ config, bus }) =>
      new NatsChainHeaderSource(
        () => bus.connection,
        bus.names.subjects.chainHeader,
        config.blocks.chainHeaderTimeoutMs,
      ),
  ),
  provider(
    BlockSplitter,
    { config: ACCOUNTING_CONFIG, database: DATABASE, rollup: ShareRollup, cutoff: StreamIngestCutoff },
    ({ config, database, rollup, cutoff }) =>
      new BlockSplitter(new PplnsWindowRepository(database.db), config.rewards, { rollup, cutoff }),
  ),
  provider(
    BlockUnlocker,
    {
      config: ACCOUNTING_CONFIG,
      database: DATABASE,
      blocks: BlockRepository,
      chain: CHAIN_HEADER_SOURCE,
      splitter: BlockSplitter,
      ledger: LedgerRepository,
      pps: PpsExposureRepository,
      log: LOGGER,
      metrics: METRICS,
    },
    ({ config, database, blocks, chain, splitter, ledger, pps, log, metrics }) =>
      new BlockUnlocker(
        database.db,
        blocks,
        chain,
        splitter,
        ledger,
        {
          unlockDepth: config.blocks.unlockDepth,
          orphanDepth: config.blocks.orphanDepth,
          intervalMs: config.blocks.unlockIntervalMs,
        },
        log.child({ component: 'block-unlocker' }),
        unlockMetrics(metrics, pps, log),
      ),
  ),
];

/** After each unlock pass: what the open blocks wait for, the contested ones, and the PPS exposure. */
function unlockMetrics(metrics: Registry, pps: PpsExposureRepository, log: Logger): UnlockerEvents {
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
  return {
    onTick: (r) => {
      for (const reason of WAIT_REASONS) waiting.set({ reason }, r.waitingFor[reason]);
      contested.set(r.contested);
      pps
        .current()
        .then((p) => exposure.set(Number(p.exposure)))
        .catch((err) => log.warn({ err: (err as Error).message }, 'PPS exposure not read'));
    },
  };
}
