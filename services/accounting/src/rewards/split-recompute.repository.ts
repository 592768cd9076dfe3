import type { DB } from '@rxpool/db';
import { type PplnsWindow, PplnsWindowBuilder, splitBlock, splitDigest } from '@rxpool/rewards';
import { type Kysely, sql } from 'kysely';

export interface SplitRecomputation {
  /** The digest stored with the split. */
  stored: string;
  /** The digest of the split rebuilt from the stored share rows. */
  recomputed: string;
  matches: boolean;
  /** Shares inside the window's range stored after the split was taken (beyond its cutoff); left out. */
  storedLater: number;
}

/**
 * Rebuilds a stored split from what the database holds, independently of how
 * the splitter found it: the window is walked again over the raw shares that
 * were stored when the split was taken (stored_at ≤ the split's time), newest
 * first from the finding share, with the stored policy (fee, fee recipients
 * and their weights) and the block's own difficulty. The digests match when
 * the split was taken on a complete window.
 */
export class SplitRecomputeRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async recompute(blockId: bigint): Promise<SplitRecomputation | undefined> {
    const s = await this.db
      .selectFrom('block_splits as s')
      .innerJoin('blocks as b', 'b.id', 's.block_id')
      .select([
        's.height',
        's.block_hash',
        's.scheme',
        's.reward',
        's.fee_bps',
        's.window_size',
        's.digest',
        's.created_at',
        'b.miner',
        'b.found_at',
        sql<string | null>`encode(b.found_share_id, 'hex')`.as('found_share_id'),
      ])
      .where('s.block_id', '=', blockId)
      .executeTakeFirst();
    if (!s) return undefined;
    const fees = await this.db
      .selectFrom('block_split_entries')
      .select(['account', 'weight'])
      .where('block_id', '=', blockId)
      .where('role', '=', 'fee')
      .execute();
    let window: PplnsWindow | undefined;
    let storedLater = 0;
    if (s.scheme === 'pplns' && s.window_size !== null && s.found_share_id && s.found_at !== null) {
      const size = BigInt(s.window_size);
      const rows = await sql<{ id: string; miner: string; job_difficulty: bigint; late: boolean }>`
        WITH ordered AS (
          SELECT encode(sh.share_id, 'hex') AS id, w.miner, sh.job_difficulty, sh.stored_at > ${s.created_at} AS late,
                 sum(sh.job_difficulty) FILTER (WHERE sh.stored_at <= ${s.created_at})
                   OVER (ORDER BY sh.accepted_at DESC, sh.share_id DESC) AS cum
          FROM shares sh JOIN workers w ON w.id = sh.worker_id
          WHERE sh.scheme = 'pplns'
            AND (sh.accepted_at, sh.share_id) <= (${s.found_at}, decode(${s.found_share_id}, 'hex'))
        )
        SELECT id, miner, job_difficulty, late FROM ordered
        WHERE coalesce(cum, 0) - CASE WHEN late THEN 0 ELSE job_difficulty END < ${size.toString()}::numeric
        ORDER BY cum NULLS FIRST`.execute(this.db);
      const builder = new PplnsWindowBuilder(size);
      for (const r of rows.rows) {
        if (r.late) {
          storedLater += 1;
          continue;
        }
        builder.add({ id: r.id, account: r.miner, weight: BigInt(r.job_difficulty) });
      }
      window = builder.result();
    }
    const split = splitBlock({
      scheme: s.scheme,
      reward: s.reward,
      feeBasisPoints: s.fee_bps,
      // The operator's entries as stored, with their weights: for PPS that is the PPS account or the fee recipients.
      feeRecipients: fees.map((f) => ({ account: f.account, weight: BigInt(f.weight) })),
      finder: s.miner,
      window,
    });
    const recomputed = splitDigest({ height: s.height, blockHash: s.block_hash }, split);
    return { stored: s.digest, recomputed, matches: recomputed === s.digest, storedLater };
  }
}
