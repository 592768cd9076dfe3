import type { DB } from '@rxpool/db';
import type { Logger } from '@rxpool/observability';
import { PeriodicTask, type PeriodicTimer } from '@rxpool/service-kit';
import type { Kysely } from 'kysely';
import { MinuteSumsRepository, type RollupResult } from './minute-sums.repository.js';
import { ShareRepository } from './share.repository.js';

export type { RollupResult } from './minute-sums.repository.js';

const MINUTE = 60_000n;

export interface RollupOptions {
  intervalMs: number;
  /** The watermark trails the newest stored share by this much, so on-time shares are summed here, not by the insert. */
  lagMs: number;
}

/** Something that can make share_minutes complete below a point (the PPLNS window needs it). */
export interface MinuteRollup {
  advanceTo(watermark: bigint): Promise<RollupResult | undefined>;
}

/**
 * Folds raw shares into the per-minute sums, off the insert path: every
 * interval the watermark moves to the newest share minus the lag; a split
 * moves it to its window's end first. Moves run one after another, never
 * backwards; each row is summed exactly once (MinuteSumsRepository.rollUp).
 */
export class ShareRollup implements MinuteRollup {
  private readonly task: PeriodicTask<RollupResult | undefined>;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly tables: { shares: ShareRepository; minutes: MinuteSumsRepository },
    private readonly options: RollupOptions,
    log: Logger,
    timer?: PeriodicTimer,
  ) {
    this.task = new PeriodicTask({
      name: 'rollup',
      intervalMs: options.intervalMs,
      pass: () => this.runOnce(),
      log,
      timer,
    });
  }

  start(): void {
    this.task.start();
  }

  /** No further scheduled moves; waits for the running ones. */
  async stop(): Promise<void> {
    await this.task.stop();
    await this.running.catch(() => undefined);
  }

  /** Moves the watermark to the newest share minus the lag (never backwards). */
  async runOnce(): Promise<RollupResult | undefined> {
    const newest = await this.tables.shares.newestAcceptedAt();
    if (newest === undefined) return undefined;
    return this.advanceTo(newest - BigInt(this.options.lagMs));
  }

  /** Makes share_minutes complete below `point` (rounded down to a minute). */
  advanceTo(point: bigint): Promise<RollupResult | undefined> {
    const target = point - (((point % MINUTE) + MINUTE) % MINUTE);
    const run = this.running.catch(() => undefined).then(() => this.tables.minutes.rollUp(target));
    this.running = run;
    return run;
  }
}

/** The rollup over these tables. */
export function createShareRollup(db: Kysely<DB>, options: RollupOptions, log: Logger): ShareRollup {
  return new ShareRollup(
    { shares: new ShareRepository(db), minutes: new MinuteSumsRepository(db) },
    options,
    log,
  );
}
