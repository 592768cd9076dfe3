import type { DB } from '@rxpool/db';
import { type Kysely, sql } from 'kysely';

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

  async pool(): Promise<Hashrate> {
    const rows = await this.sums(sql``);
    return toRates(rows[0]);
  }

  async miner(miner: string): Promise<Hashrate> {
    const rows = await this.sums(sql`AND w.miner = ${miner}`);
    return toRates(rows[0]);
  }

  async workers(miner: string): Promise<WorkerHashrate[]> {
    const rows = await this.sums(sql`AND w.miner = ${miner}`, true);
    return rows.map((r) => ({ miner: r.miner ?? miner, worker: r.worker ?? '', ...toRates(r) }));
  }

  private async sums(filter: ReturnType<typeof sql>, perWorker = false) {
    const currentMinute = Math.floor(this.now() / MINUTE) * MINUTE;
    // Windows count whole minutes: the current one and the ones before it.
    const from = (ms: number) => currentMinute - ms + MINUTE;
    const group = perWorker ? sql`GROUP BY w.miner, w.name ORDER BY w.miner, w.name` : sql``;
    const cols = perWorker
      ? sql`w.miner, w.name AS worker,`
      : sql`NULL::text AS miner, NULL::text AS worker,`;
    const since = from(HASHRATE_WINDOWS['24h']);
    // share_minutes holds every share below the rollup watermark; newer ones are still raw.
    const result = await sql<{
      miner: string | null;
      worker: string | null;
      d10m: string;
      d1h: string;
      d24h: string;
    }>`
      WITH src AS (
        SELECT minute, worker_id, difficulty FROM share_minutes WHERE minute >= ${since}
        UNION ALL
        SELECT s.accepted_at - s.accepted_at % 60000, s.worker_id, s.difficulty
        FROM shares s WHERE s.accepted_at >= (SELECT watermark FROM share_rollup) AND s.accepted_at >= ${since}
      )
      SELECT ${cols}
        coalesce(sum(m.difficulty) FILTER (WHERE m.minute >= ${from(HASHRATE_WINDOWS['10m'])}), 0)::text AS d10m,
        coalesce(sum(m.difficulty) FILTER (WHERE m.minute >= ${from(HASHRATE_WINDOWS['1h'])}), 0)::text AS d1h,
        coalesce(sum(m.difficulty), 0)::text AS d24h
      FROM src m JOIN workers w ON w.id = m.worker_id
      WHERE true ${filter}
      ${group}`.execute(this.db);
    return result.rows;
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
