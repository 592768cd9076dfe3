import type { PplnsWindow } from '@rxpool/rewards';
import type pg from 'pg';

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
  constructor(private readonly pool: pg.Pool) {}

  async window(end: WindowEnd, size: bigint, client?: pg.ClientBase): Promise<StoredWindow> {
    const q = client ?? this.pool;
    const endMinute = end.acceptedAt - (end.acceptedAt % MINUTE);
    const endId = end.shareId;

    // 1. Weight in the end minute up to and including the end share.
    const head = await q.query<{ weight: string | null }>(
      `SELECT sum(difficulty)::text AS weight FROM shares
       WHERE scheme = 'pplns' AND accepted_at >= $1 AND (accepted_at, share_id) <= ($2, decode($3, 'hex'))`,
      [endMinute.toString(), end.acceptedAt.toString(), endId],
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
      const oldest = await q.query<{ minute: bigint | null }>(
        `SELECT min(minute) AS minute FROM pool_minutes WHERE scheme = 'pplns'`,
      );
      const first = oldest.rows[0]?.minute;
      const floor = first === null || first === undefined ? endMinute : BigInt(first);
      let hi = endMinute;
      let span = 256n * MINUTE;
      while (cum < size && hi > floor) {
        const lo = hi - span > floor ? hi - span : floor;
        const { rows } = await q.query<{ minute: bigint; weight: string }>(
          `SELECT minute, difficulty::text AS weight FROM pool_minutes
           WHERE scheme = 'pplns' AND minute >= $1 AND minute < $2 ORDER BY minute DESC`,
          [lo.toString(), hi.toString()],
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
    const { rows: minuteRows } = await q.query<{ id: string; at: bigint; difficulty: bigint; miner: string }>(
      `SELECT encode(s.share_id, 'hex') AS id, s.accepted_at AS at, s.difficulty, w.miner
       FROM shares s JOIN workers w ON w.id = s.worker_id
       WHERE s.scheme = 'pplns' AND s.accepted_at >= $1 AND s.accepted_at < $2
         AND (s.accepted_at, s.share_id) <= ($3, decode($4, 'hex'))
       ORDER BY s.accepted_at DESC, s.share_id DESC`,
      [edgeMinute.toString(), (edgeMinute + MINUTE).toString(), end.acceptedAt.toString(), endId],
    );
    for (const r of minuteRows) {
      const d = BigInt(r.difficulty);
      const counted = d < remaining ? d : remaining;
      edge = { id: r.id, at: BigInt(r.at), counted, account: r.miner };
      remaining -= counted;
      if (remaining === 0n) break;
    }
    if (!edge) throw new WindowRowsMissingError(cum < size ? cum : size, 0n);

    // 4. Every miner's weight strictly inside (edge, end], plus the edge's counted part.
    const { rows } = await q.query<{ miner: string; weight: string; shares: string }>(
      `SELECT w.miner, sum(t.weight)::text AS weight, sum(t.shares)::text AS shares FROM (
         SELECT worker_id, sum(difficulty) AS weight, count(*) AS shares FROM shares
         WHERE scheme = 'pplns' AND accepted_at BETWEEN $1 AND $2
           AND (accepted_at, share_id) > ($1, decode($3, 'hex'))
           AND (accepted_at, share_id) <= ($2, decode($4, 'hex'))
         GROUP BY worker_id
       ) t JOIN workers w ON w.id = t.worker_id GROUP BY w.miner`,
      [edge.at.toString(), end.acceptedAt.toString(), edge.id, endId],
    );
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
