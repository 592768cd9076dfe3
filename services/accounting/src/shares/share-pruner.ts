import type { DB } from '@rxpool/db';
import type { Logger } from '@rxpool/observability';
import type { Ratio } from '@rxpool/rewards';
import { PeriodicTask, type PeriodicTimer } from '@rxpool/service-kit';
import type { Kysely } from 'kysely';
import { BlockRepository } from '../blocks/block.repository.js';
import { MinuteSumsRepository } from './minute-sums.repository.js';
import { ShareRepository } from './share.repository.js';

export interface PruneOptions {
  intervalMs: number;
  /** Keep raw shares for this many PPLNS windows back from the newest share. */
  windows: Ratio;
  pplnsK: Ratio;
  minShareRetentionMs: number;
  minuteRetentionMs: number;
  /** Rows deleted per statement, so a prune never holds long locks. */
  chunk?: number;
}

export interface PruneResult {
  horizon: bigint | undefined;
  shares: number;
  minutes: number;
}

/** What the pruner reads and deletes. */
export interface PruneTables {
  shares: ShareRepository;
  minutes: MinuteSumsRepository;
  blocks: BlockRepository;
}

/**
 * Keeps the database bounded. Raw shares are needed only for PPLNS windows
 * (and idempotency on redelivery): rows older than `windows` × the current
 * window, older than the minimum retention, and older than every block
 * still waiting for its split, are deleted. Minute sums live longer (hashrate).
 */
export class SharePruner {
  private readonly task: PeriodicTask<PruneResult>;

  constructor(
    private readonly tables: PruneTables,
    private readonly options: PruneOptions,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    timer?: PeriodicTimer,
  ) {
    this.task = new PeriodicTask({
      name: 'prune',
      intervalMs: options.intervalMs,
      pass: () => this.prune(),
      log,
      timer,
    });
  }

  start(): void {
    this.task.start();
  }

  /** Stops the timer and waits for a running prune, so the database is not closed under it. */
  stop(): Promise<void> {
    return this.task.stop();
  }

  /**
   * The accepted_at below which raw shares may go (a minute boundary, so a
   * minute's rows go all together), or undefined to keep all.
   */
  async horizon(): Promise<bigint | undefined> {
    const o = this.options;
    // Network difficulty: the newest block we know of (a window is k × it).
    const d = await this.tables.blocks.newestNetworkDifficulty();
    if (d === undefined) return undefined;
    const keep = (d * o.pplnsK.num * o.windows.num) / (o.pplnsK.den * o.windows.den);
    let horizon = await this.tables.minutes.pplnsMinuteHolding(keep);
    if (horizon === undefined) return undefined;
    // Never above the rollup watermark: rows at or above it are not in share_minutes yet.
    const watermark = await this.tables.minutes.watermark();
    if (watermark < horizon) horizon = watermark;
    const byAge = floorMinute(BigInt(this.now() - o.minShareRetentionMs));
    if (byAge < horizon) horizon = byAge;
    const guard = await this.unsplitGuard();
    if (guard === null) return undefined;
    if (guard !== undefined && guard < horizon) horizon = guard;
    return floorMinute(horizon);
  }

  /**
   * The oldest window edge a PPLNS block still waiting for its split needs.
   * null: some block's window is not known to fill, or its finding share is
   * not stored yet: keep all. undefined: no block waits.
   */
  private async unsplitGuard(): Promise<bigint | null | undefined> {
    let oldest: bigint | undefined;
    for (const r of await this.tables.minutes.unsplitWindowEdges(this.options.pplnsK)) {
      if (r.foundAt === null || r.edge === null) return null;
      const edge = BigInt(r.edge);
      if (oldest === undefined || edge < oldest) oldest = edge;
    }
    return oldest;
  }

  async prune(): Promise<PruneResult> {
    const horizon = await this.horizon();
    const chunk = this.options.chunk ?? 50_000;
    let shares = 0;
    if (horizon !== undefined) {
      for (;;) {
        const deleted = await this.tables.shares.deleteOlderThan(horizon, chunk);
        shares += deleted;
        if (deleted < chunk) break;
      }
    }
    const minutes = await this.tables.minutes.deleteOlderThan(
      BigInt(this.now() - this.options.minuteRetentionMs),
    );
    const result = { horizon, shares, minutes };
    if (shares > 0 || minutes > 0) this.log.info({ ...result, horizon: horizon?.toString() }, 'pruned');
    return result;
  }
}

/** The pruner over these tables. */
export function createSharePruner(
  db: Kysely<DB>,
  options: PruneOptions,
  log: Logger,
  now: () => number = Date.now,
  timer?: PeriodicTimer,
): SharePruner {
  const tables = {
    shares: new ShareRepository(db),
    minutes: new MinuteSumsRepository(db),
    blocks: new BlockRepository(db),
  };
  return new SharePruner(tables, options, log, now, timer);
}

function floorMinute(t: bigint): bigint {
  return t - (((t % 60_000n) + 60_000n) % 60_000n);
}
