import type { Logger } from '@rxpool/observability';
import type { Ratio } from '@rxpool/rewards';
import type pg from 'pg';

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

/**
 * Keeps the database bounded. Raw shares are needed only for PPLNS windows
 * (and idempotency on redelivery): rows older than `windows` × the current
 * window, older than the minimum retention, and older than every block
 * still waiting for its split, are deleted. Minute sums live longer (hashrate).
 */
export class SharePruner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: PruneOptions,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.prune()
        .catch((err) => this.log.warn({ err: (err as Error).message }, 'prune failed'))
        .finally(() => {
          this.running = undefined;
        });
    }, this.options.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a running prune, so the database is not closed under it. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /**
   * The accepted_at below which raw shares may go (a minute boundary, so a
   * minute's rows go all together), or undefined to keep all.
   */
  async horizon(): Promise<bigint | undefined> {
    const o = this.options;
    // Network difficulty: the newest block we know of (a window is k × it).
    const diff = await this.pool.query<{ d: string | null }>(
      'SELECT network_difficulty::text AS d FROM blocks ORDER BY id DESC LIMIT 1',
    );
    const d = diff.rows[0]?.d;
    if (!d) return undefined;
    const keep = (BigInt(d) * o.pplnsK.num * o.windows.num) / (o.pplnsK.den * o.windows.den);
    const { rows } = await this.pool.query<{ minute: bigint }>(
      `SELECT minute FROM (
         SELECT minute, sum(difficulty) OVER (ORDER BY minute DESC) AS cum
         FROM pool_minutes WHERE scheme = 'pplns'
       ) m WHERE cum >= $1::numeric ORDER BY minute DESC LIMIT 1`,
      [keep.toString()],
    );
    const minute = rows[0]?.minute;
    if (minute === undefined) return undefined;
    let horizon = BigInt(minute);
    // Never above the rollup watermark: rows at or above it are not in share_minutes yet.
    const wm = await this.pool.query<{ watermark: bigint }>('SELECT watermark FROM share_rollup');
    const watermark = BigInt(wm.rows[0]?.watermark ?? 0n);
    if (watermark < horizon) horizon = watermark;
    const byAge = floorMinute(BigInt(this.now() - o.minShareRetentionMs));
    if (byAge < horizon) horizon = byAge;
    const guard = await this.unsplitGuard();
    if (guard === null) return undefined;
    if (guard !== undefined && guard < horizon) horizon = guard;
    return floorMinute(horizon);
  }

  /**
   * The oldest minute a PPLNS block still waiting for its split needs: the
   * edge of its own window (k × its own network difficulty back from its
   * finding share, by the stored minute sums of the whole minutes before it:
   * never later than the true edge). null: some block's window is
   * not known to fill, or its finding share is not stored yet: keep all.
   * undefined: no block waits.
   */
  private async unsplitGuard(): Promise<bigint | null | undefined> {
    const k = this.options.pplnsK;
    const { rows } = await this.pool.query<{ found_at: bigint | null; edge: bigint | null }>(
      `SELECT b.found_at, (
         SELECT m.minute FROM (
           SELECT minute, sum(difficulty) OVER (ORDER BY minute DESC) AS cum FROM pool_minutes
           WHERE scheme = 'pplns' AND minute < b.found_at - b.found_at % 60000
         ) m WHERE m.cum >= b.network_difficulty * $1::numeric / $2::numeric ORDER BY m.minute DESC LIMIT 1
       ) AS edge
       FROM blocks b WHERE b.status IN ('candidate', 'accepted') AND b.scheme = 'pplns'`,
      [k.num.toString(), k.den.toString()],
    );
    let oldest: bigint | undefined;
    for (const r of rows) {
      if (r.found_at === null || r.edge === null) return null;
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
        const r = await this.pool.query(
          `DELETE FROM shares WHERE ctid = ANY(ARRAY(SELECT ctid FROM shares WHERE accepted_at < $1 LIMIT $2))`,
          [horizon.toString(), chunk],
        );
        shares += r.rowCount ?? 0;
        if ((r.rowCount ?? 0) < chunk) break;
      }
    }
    const minuteHorizon = this.now() - this.options.minuteRetentionMs;
    const m = await this.pool.query('DELETE FROM share_minutes WHERE minute < $1', [minuteHorizon]);
    await this.pool.query('DELETE FROM pool_minutes WHERE minute < $1', [minuteHorizon]);
    const result = { horizon, shares, minutes: m.rowCount ?? 0 };
    if (shares > 0 || result.minutes > 0)
      this.log.info({ ...result, horizon: horizon?.toString() }, 'pruned');
    return result;
  }
}

function floorMinute(t: bigint): bigint {
  return t - (((t % 60_000n) + 60_000n) % 60_000n);
}
