import { type Kysely, sql } from 'kysely';
import type { DB } from '../database.js';

/** The averaging windows reported everywhere. */
export const HASHRATE_WINDOWS = { '10m': 600_000, '1h': 3_600_000, '24h': 86_400_000 } as const;
export type HashrateWindow = keyof typeof HASHRATE_WINDOWS;

export interface Hashrate {
  /** Hashes per second: sum of accepted share difficulty over the window ÷ window seconds. */
  '10m': number;
  '1h': number;
  '24h': number;
}

export interface WorkerHashrate extends Hashrate {
  miner: string;
  worker: string;
  /** ms since epoch of the minute of the worker's newest share in the last 24 h (0: none). */
  lastShareAt: number;
}

/** One bucket of a hashrate chart: hashes per second averaged over [at, at + bucketMs). */
export interface HashratePoint {
  /** Bucket start, ms since epoch. */
  at: number;
  hashrate: number;
}

export interface SeriesOptions {
  /** Only this miner's workers, one series per worker; otherwise one series for the pool. */
  miner?: string;
  /** Chart span ending with the current minute (at most 24 h: older minutes may be pruned). */
  spanMs: number;
  /** Bucket width, a whole number of minutes. */
  bucketMs: number;
}

export interface Activity {
  miners: number;
  workers: number;
}

const MINUTE = 60_000;

/**
 * Hashrate from the per-minute sums plus the raw shares not rolled up yet.
 * The window is whole minutes ending with the current one.
 */
export class HashrateRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly now: () => number = Date.now,
  ) {}

  /** From the pool-wide minute sums: a few rows a minute, whatever the number of workers. */
  async pool(): Promise<Hashrate> {
    const r = await sql<{ d10m: string; d1h: string; d24h: string }>`
      WITH src AS (${this.poolSource(this.minuteFrom(HASHRATE_WINDOWS['24h']))})
      SELECT
        coalesce(sum(m.difficulty) FILTER (WHERE m.minute >= ${this.minuteFrom(HASHRATE_WINDOWS['10m'])}), 0)::text AS d10m,
        coalesce(sum(m.difficulty) FILTER (WHERE m.minute >= ${this.minuteFrom(HASHRATE_WINDOWS['1h'])}), 0)::text AS d1h,
        coalesce(sum(m.difficulty), 0)::text AS d24h
      FROM src m`.execute(this.db);
    return toRates(r.rows[0]);
  }

  async miner(miner: string): Promise<Hashrate> {
    const rows = await this.sums(miner);
    return toRates(rows[0]);
  }

  async workers(miner: string): Promise<WorkerHashrate[]> {
    const rows = await this.sums(miner, true);
    return rows.map((r) => ({
      miner: r.miner ?? miner,
      worker: r.worker ?? '',
      lastShareAt: Number(r.last_minute ?? 0),
      ...toRates(r),
    }));
  }

  /** Miners and workers with at least one accepted share in the window. */
  async activity(windowMs: number = HASHRATE_WINDOWS['10m']): Promise<Activity> {
    const since = this.minuteFrom(windowMs);
    const r = await sql<{ miners: string; workers: string }>`
      WITH src AS (${this.source(since)})
      SELECT count(DISTINCT w.miner)::text AS miners, count(DISTINCT w.id)::text AS workers
      FROM src m JOIN workers w ON w.id = m.worker_id`.execute(this.db);
    return { miners: Number(r.rows[0]?.miners ?? 0), workers: Number(r.rows[0]?.workers ?? 0) };
  }

  /**
   * Chart data: every bucket of the span, empty ones at 0, oldest first;
   * keyed by worker name for a miner, by '' for the pool.
   */
  async series(o: SeriesOptions): Promise<Map<string, HashratePoint[]>> {
    const bucketMs = Math.max(MINUTE, Math.floor(o.bucketMs / MINUTE) * MINUTE);
    const buckets = Math.max(1, Math.ceil(Math.min(o.spanMs, HASHRATE_WINDOWS['24h']) / bucketMs));
    const end = Math.floor(this.now() / MINUTE) * MINUTE + MINUTE;
    const start = end - buckets * bucketMs;
    const bucket = sql`((m.minute - ${start}) / ${bucketMs})::text`;
    const query =
      o.miner === undefined
        ? sql<{ key: string; bucket: string; difficulty: string }>`
          WITH src AS (${this.poolSource(start)})
          SELECT '' AS key, ${bucket} AS bucket, sum(m.difficulty)::text AS difficulty
          FROM src m GROUP BY 1, 2`
        : sql<{ key: string; bucket: string; difficulty: string }>`
          WITH src AS (${this.source(start, o.miner)})
          SELECT w.worker AS key, ${bucket} AS bucket, sum(m.difficulty)::text AS difficulty
          FROM src m JOIN workers w ON w.id = m.worker_id
          GROUP BY 1, 2`;
    const r = await query.execute(this.db);
    const out = new Map<string, HashratePoint[]>();
    const series = (k: string) => {
      let s = out.get(k);
      if (!s) {
        s = Array.from({ length: buckets }, (_, i) => ({ at: start + i * bucketMs, hashrate: 0 }));
        out.set(k, s);
      }
      return s;
    };
    if (o.miner === undefined) series('');
    for (const row of r.rows) {
      const point = series(row.key)[Number(row.bucket)];
      if (point) point.hashrate = Number(BigInt(row.difficulty)) / (bucketMs / 1000);
    }
    return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /**
   * Per-worker minute sums since `since`: rolled-up minutes plus raw shares
   * above the watermark; only `miner`'s workers when given (the filter sits in
   * each branch, so a lookup reads that miner's rows only).
   */
  private source(since: number, miner?: string) {
    const only =
      miner === undefined ? sql`` : sql`AND worker_id IN (SELECT id FROM workers WHERE miner = ${miner})`;
    // share_minutes holds every share below the rollup watermark; newer ones are still raw.
    return sql`
      SELECT minute, worker_id, difficulty FROM share_minutes WHERE minute >= ${since} ${only}
      UNION ALL
      SELECT s.accepted_at - s.accepted_at % 60000, s.worker_id, s.job_difficulty
      FROM shares s WHERE s.accepted_at >= (SELECT watermark FROM share_rollup) AND s.accepted_at >= ${since} ${only}`;
  }

  /** The same for the whole pool, from pool_minutes (kept with share_minutes). */
  private poolSource(since: number) {
    return sql`
      SELECT minute, difficulty FROM pool_minutes WHERE minute >= ${since}
      UNION ALL
      SELECT s.accepted_at - s.accepted_at % 60000, s.job_difficulty
      FROM shares s WHERE s.accepted_at >= (SELECT watermark FROM share_rollup) AND s.accepted_at >= ${since}`;
  }

  private async sums(miner: string, perWorker = false) {
    const group = perWorker ? sql`GROUP BY w.miner, w.worker ORDER BY w.miner, w.worker` : sql``;
    const cols = perWorker
      ? sql`w.miner, w.worker, max(m.minute)::text AS last_minute,`
      : sql`NULL::text AS miner, NULL::text AS worker, NULL::text AS last_minute,`;
    const result = await sql<{
      miner: string | null;
      worker: string | null;
      last_minute: string | null;
      d10m: string;
      d1h: string;
      d24h: string;
    }>`
      WITH src AS (${this.source(this.minuteFrom(HASHRATE_WINDOWS['24h']), miner)})
      SELECT ${cols}
        coalesce(sum(m.difficulty) FILTER (WHERE m.minute >= ${this.minuteFrom(HASHRATE_WINDOWS['10m'])}), 0)::text AS d10m,
        coalesce(sum(m.difficulty) FILTER (WHERE m.minute >= ${this.minuteFrom(HASHRATE_WINDOWS['1h'])}), 0)::text AS d1h,
        coalesce(sum(m.difficulty), 0)::text AS d24h
      FROM src m JOIN workers w ON w.id = m.worker_id
      ${group}`.execute(this.db);
    return result.rows;
  }

  /** Windows count whole minutes: the current one and the ones before it. */
  private minuteFrom(windowMs: number): number {
    return Math.floor(this.now() / MINUTE) * MINUTE - windowMs + MINUTE;
  }
}

function toRates(row: { d10m: string; d1h: string; d24h: string } | undefined): Hashrate {
  const rate = (sum: string | undefined, ms: number) => Number(BigInt(sum ?? '0')) / (ms / 1000);
  return {
    '10m': rate(row?.d10m, HASHRATE_WINDOWS['10m']),
    '1h': rate(row?.d1h, HASHRATE_WINDOWS['1h']),
    '24h': rate(row?.d24h, HASHRATE_WINDOWS['24h']),
  };
}
