import type { DB } from '@rxpool/db';
import { type Kysely, sql } from 'kysely';

export interface PpsExposure {
  /** Atomic units credited to miners for PPS shares. */
  credited: bigint;
  /** Atomic units PPS blocks have brought in (unlocked blocks found by PPS shares). */
  earned: bigint;
  /** credited − earned: what the pool has paid out of its own pocket so far (negative: ahead). */
  exposure: bigint;
}

/** The pool's PPS position: a PPS credit is the pool's money until PPS blocks repay it. */
export class PpsExposureRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async current(): Promise<PpsExposure> {
    const r = await sql<{ credited: string; earned: string }>`
      SELECT (SELECT coalesce(sum(amount), 0) FROM pps_batch_credits)::text AS credited,
             (SELECT coalesce(sum(e.amount), 0) FROM block_split_entries e JOIN blocks b ON b.id = e.block_id
              WHERE b.scheme = 'pps' AND b.status = 'unlocked')::text AS earned`.execute(this.db);
    const credited = BigInt(r.rows[0]?.credited ?? '0');
    const earned = BigInt(r.rows[0]?.earned ?? '0');
    return { credited, earned, exposure: credited - earned };
  }
}
