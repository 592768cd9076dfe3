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

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: PruneOptions,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.timer = setInterval(
      () => void this.prune().catch((err) => this.log.warn({ err: (err as Error).message }, 'prune failed')),
      this.options.intervalMs,
    );
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The accepted_at below which raw shares may go, or undefined to keep all. */
  async horizon(): Promise<bigint | undefined> {
    const o = this.options;
    // Network difficulty: the newest block we know of (a window is k × it).
    const diff = await this.pool.query<{ d: string | null; oldest_open: bigint | null }>(
      `SELECT (SELECT network_difficulty::text FROM blocks ORDER BY id DESC LIMIT 1) AS d,
              (SELECT min(coalesce(found_at, 0)) FROM blocks WHERE status IN ('candidate', 'accepted')) AS oldest_open`,
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
    const byAge = BigInt(this.now() - o.minShareRetentionMs);
    if (byAge < horizon) horizon = byAge;
    const open = diff.rows[0]?.oldest_open;
    if (open !== null && open !== undefined) {
      // A block still waiting for its split needs its whole window: keep `windows` more below it.
      if (BigInt(open) === 0n) return undefined;
      const span = BigInt(this.now()) - horizon;
      const guarded = BigInt(open) - span;
      if (guarded < horizon) horizon = guarded;
    }
    return horizon;
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
