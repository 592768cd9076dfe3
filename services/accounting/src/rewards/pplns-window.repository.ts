import type { DB } from '@rxpool/db';
import type { PplnsWindow } from '@rxpool/rewards';
import { type Kysely, sql, type Transaction } from 'kysely';

/** The newest share of a window: the block's own share. Order is (accepted_at, share_id). */
export interface WindowEnd {
  acceptedAt: bigint;
  shareId: string;
}

export interface StoredWindow extends PplnsWindow {
  newestAt: bigint | undefined;
  oldestAt: bigint | undefined;
}

const MINUTE = 60_000n;

/**
 * Computes a PPLNS window in the database, so a million-share window never
 * crosses the wire: the pool-wide per-minute sums (complete below the end's
 * minute: the caller advances the rollup first) locate the minute holding the edge,
 * that minute's raw rows locate the edge share, and one aggregate over the
 * raw rows between edge and end gives each miner's weight.
 */
export class PplnsWindowRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async window(
    end: WindowEnd,
    size: bigint,
    q: Kysely<DB> | Transaction<DB> = this.db,
  ): Promise<StoredWindow> {
    const endMinute = end.acceptedAt - (end.acceptedAt % MINUTE);
    const endId = end.shareId;

    // 1. Weight in the end minute up to and including the end share.
    const head = await sql<{ weight: string | null }>`
      SELECT sum(job_difficulty)::text AS weight FROM shares
       WHERE scheme = 'pplns' AND accepted_at >= ${endMinute.toString()} AND (accepted_at, share_id) <= (${end.acceptedAt.toString()}, decode(${endId}, 'hex'))`.execute(
      q,
    );
    const headWeight = BigInt(head.rows[0]?.weight ?? '0');
    // Weight newer than the edge minute, and the edge minute itself.
    let before = 0n;
    let edgeMinute = endMinute;
    // Weight the stored sums say the window holds: the raw rows must add up to it.
    let cum = headWeight;

    // 2. Whole minutes backwards (pool-wide sums) until the window fills, else the
    //    oldest minute there is; read in growing time ranges, never the whole retention.
    if (headWeight < size) {
      const oldest = await sql<{ minute: bigint | null }>`
        SELECT min(minute) AS minute FROM pool_minutes WHERE scheme = 'pplns'`.execute(q);
      const first = oldest.rows[0]?.minute;
      const floor = first === null || first === undefined ? endMinute : BigInt(first);
      let hi = endMinute;
      let span = 256n * MINUTE;
      while (cum < size && hi > floor) {
        const lo = hi - span > floor ? hi - span : floor;
        const { rows } = await sql<{ minute: bigint; weight: string }>`
          SELECT minute, difficulty::text AS weight FROM pool_minutes
           WHERE scheme = 'pplns' AND minute >= ${lo.toString()} AND minute < ${hi.toString()} ORDER BY minute DESC`.execute(
          q,
        );
        for (const r of rows) {
          edgeMinute = BigInt(r.minute);
          before = cum;
          cum += BigInt(r.weight);
          if (cum >= size) break;
        }
        hi = lo;
        span *= 4n;
      }
    }

    // 3. The edge share: walk the edge minute's rows newest first.
    let remaining = size - before;
    let edge: { id: string; at: bigint; counted: bigint; account: string } | undefined;
    const { rows: minuteRows } = await sql<{ id: string; at: bigint; job_difficulty: bigint; miner: string }>`
      SELECT encode(s.share_id, 'hex') AS id, s.accepted_at AS at, s.job_difficulty, w.miner
       FROM shares s JOIN workers w ON w.id = s.worker_id
       WHERE s.scheme = 'pplns' AND s.accepted_at >= ${edgeMinute.toString()} AND s.accepted_at < ${(edgeMinute + MINUTE).toString()}
         AND (s.accepted_at, s.share_id) <= (${end.acceptedAt.toString()}, decode(${endId}, 'hex'))
       ORDER BY s.accepted_at DESC, s.share_id DESC`.execute(q);
    for (const r of minuteRows) {
      const d = BigInt(r.job_difficulty);
      const counted = d < remaining ? d : remaining;
      edge = { id: r.id, at: BigInt(r.at), counted, account: r.miner };
      remaining -= counted;
      if (remaining === 0n) break;
    }
    if (!edge) throw new WindowRowsMissingError(cum < size ? cum : size, 0n);

    // 4. Every miner's weight strictly inside (edge, end], plus the edge's counted part.
    const { rows } = await sql<{ miner: string; weight: string; shares: string }>`
      SELECT w.miner, sum(t.weight)::text AS weight, sum(t.shares)::text AS shares FROM (
         SELECT worker_id, sum(job_difficulty) AS weight, count(*) AS shares FROM shares
         WHERE scheme = 'pplns' AND accepted_at BETWEEN ${edge.at.toString()} AND ${end.acceptedAt.toString()}
           AND (accepted_at, share_id) > (${edge.at.toString()}, decode(${edge.id}, 'hex'))
           AND (accepted_at, share_id) <= (${end.acceptedAt.toString()}, decode(${endId}, 'hex'))
         GROUP BY worker_id
       ) t JOIN workers w ON w.id = t.worker_id GROUP BY w.miner`.execute(q);
    const weights = new Map<string, bigint>();
    let total = 0n;
    let count = 1;
    for (const r of rows) {
      const w = BigInt(r.weight);
      weights.set(r.miner, w);
      total += w;
      count += Number(r.shares);
    }
    weights.set(edge.account, (weights.get(edge.account) ?? 0n) + edge.counted);
    total += edge.counted;
    // Fewer raw rows than the minute sums count: pruned or lost. Never split on part of a window.
    const expected = cum < size ? cum : size;
    if (total !== expected) throw new WindowRowsMissingError(expected, total);
    return {
      size,
      total,
      full: total >= size,
      shareCount: count,
      newestId: endId,
      oldestId: edge.id,
      edgeCounted: edge.counted,
      weights,
      newestAt: end.acceptedAt,
      oldestAt: edge.at,
    };
  }
}

/**
 * The raw shares of a window do not add up to what the per-minute sums say
 * it holds (rows pruned, or lost): the block waits rather than give the
 * missing weight to whoever is left, or the whole reward to the finder.
 */
export class WindowRowsMissingError extends Error {
  constructor(
    readonly expected: bigint,
    readonly found: bigint,
  ) {
    super(`PPLNS window incomplete: the minute sums hold ${expected}, the raw shares ${found}`);
    this.name = 'WindowRowsMissingError';
  }
}
