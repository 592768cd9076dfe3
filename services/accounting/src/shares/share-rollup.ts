import type { Logger } from '@rxpool/observability';
import type pg from 'pg';

/** Taken shared by every share insert, exclusively by the rollup while it moves the watermark. */
export const ROLLUP_LOCK_KEY = 0x7278_726f; // 'rxro'

const MINUTE = 60_000n;

export interface RollupOptions {
  intervalMs: number;
  /** The watermark trails the newest stored share by this much, so on-time shares are summed here, not by the insert. */
  lagMs: number;
}

export interface RollupResult {
  from: bigint;
  to: bigint;
  /** share_minutes rows written. */
  minuteRows: number;
}

/** Something that can make share_minutes complete below a point (the PPLNS window needs it). */
export interface MinuteRollup {
  advanceTo(watermark: bigint): Promise<RollupResult | undefined>;
}

/**
 * Folds raw shares into the per-minute sums, off the insert path. Under an
 * exclusive advisory lock (in-flight inserts finish first, new ones wait) it
 * sums the rows in [watermark, new watermark) and moves the watermark; an
 * insert then sums by itself only rows below the watermark it sees. So each
 * row is summed exactly once, whatever the order of arrival.
 */
export class ShareRollup implements MinuteRollup {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: RollupOptions,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(
      () =>
        void this.runOnce().catch((err) => this.log.warn({ err: (err as Error).message }, 'rollup failed')),
      this.options.intervalMs,
    );
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running.catch(() => undefined);
  }

  /** Moves the watermark to the newest share minus the lag (never backwards). */
  async runOnce(): Promise<RollupResult | undefined> {
    const { rows } = await this.pool.query<{ newest: bigint | null }>(
      'SELECT max(accepted_at) AS newest FROM shares',
    );
    const newest = rows[0]?.newest;
    if (newest === null || newest === undefined) return undefined;
    return this.advanceTo(BigInt(newest) - BigInt(this.options.lagMs));
  }

  /** Makes share_minutes complete below `point` (rounded down to a minute). */
  advanceTo(point: bigint): Promise<RollupResult | undefined> {
    const run = this.running
      .catch(() => undefined)
      .then(() => this.advance(point - (((point % MINUTE) + MINUTE) % MINUTE)));
    this.running = run;
    return run;
  }

  private async advance(target: bigint): Promise<RollupResult | undefined> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const current = await client.query<{ watermark: bigint }>(
        'SELECT watermark FROM share_rollup FOR UPDATE',
      );
      const from = BigInt(current.rows[0]?.watermark ?? 0n);
      if (target <= from) {
        await client.query('COMMIT');
        return undefined;
      }
      await client.query('SELECT pg_advisory_xact_lock($1)', [ROLLUP_LOCK_KEY]);
      // A new statement after the lock: its snapshot holds every insert that saw the old watermark.
      // One pass over the raw rows: per-worker sums, and the pool's from those.
      const summed = await client.query<{ rows: number }>(
        `WITH agg AS (
           SELECT accepted_at - accepted_at % 60000 AS minute, worker_id, scheme,
                  count(*)::int AS shares, sum(difficulty)::bigint AS difficulty
           FROM shares WHERE accepted_at >= $1 AND accepted_at < $2
           GROUP BY 1, 2, 3
         ), workers AS (
           INSERT INTO share_minutes AS m (minute, worker_id, scheme, shares, difficulty)
           SELECT * FROM agg ORDER BY 1, 2, 3
           ON CONFLICT (minute, worker_id, scheme) DO UPDATE
             SET shares = m.shares + excluded.shares, difficulty = m.difficulty + excluded.difficulty
         ), pool AS (
           INSERT INTO pool_minutes AS p (minute, scheme, shares, difficulty)
           SELECT minute, scheme, sum(shares), sum(difficulty) FROM agg GROUP BY 1, 2 ORDER BY 1, 2
           ON CONFLICT (minute, scheme) DO UPDATE
             SET shares = p.shares + excluded.shares, difficulty = p.difficulty + excluded.difficulty
         )
         SELECT count(*)::int AS rows FROM agg`,
        [from.toString(), target.toString()],
      );
      await client.query('UPDATE share_rollup SET watermark = $1, rolled_at = now()', [target.toString()]);
      await client.query('COMMIT');
      return { from, to: target, minuteRows: summed.rows[0]?.rows ?? 0 };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}
