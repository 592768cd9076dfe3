import type { BlockStatus, DB } from '@rxpool/db';
import type { BlockSubmitted } from '@rxpool/messages';
import { type Kysely, sql } from 'kysely';

export interface OpenBlock {
  id: bigint;
  candidateId: string;
  height: number;
  status: 'accepted' | 'pending';
  scheme: 'pplns' | 'pps' | 'solo';
  miner: string;
  hash: string | null;
  networkDifficulty: bigint;
  foundShareId: string | null;
  foundAt: bigint | null;
}

/** Block rows: status changes only; splits and credits live elsewhere. */
export class BlockRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * monerod's answer to a submitted block. Creates the row if the finding
   * share is not stored yet; never moves a block back from pending, unlocked
   * or orphaned (a repeated message changes nothing).
   */
  async applySubmitted(e: BlockSubmitted): Promise<void> {
    const status: BlockStatus = e.status === 'accepted' ? 'accepted' : 'rejected';
    const reason = e.status === 'accepted' ? null : (e.reason ?? e.status);
    await this.db
      .insertInto('blocks')
      .values({
        candidate_id: e.candidateId,
        height: e.height,
        status,
        scheme: 'pplns',
        miner: e.miner,
        worker: e.worker,
        hash: e.blockHash ?? null,
        reward: e.reward,
        network_difficulty: e.networkDifficulty,
        reason,
        submitted_at: new Date(e.submittedAt),
      })
      .onConflict((oc) =>
        oc
          .column('candidate_id')
          .doUpdateSet({
            status,
            height: e.height,
            hash: e.blockHash ?? null,
            reward: e.reward,
            reason,
            submitted_at: new Date(e.submittedAt),
            updated_at: sql`now()`,
          })
          .where('blocks.status', 'in', ['candidate', 'rejected']),
      )
      .execute();
  }

  async open(): Promise<OpenBlock[]> {
    const rows = await this.db
      .selectFrom('blocks')
      .select([
        'id',
        'candidate_id',
        'height',
        'status',
        'scheme',
        'miner',
        'hash',
        'network_difficulty',
        sql<string | null>`encode(found_share_id, 'hex')`.as('found_share_id'),
        'found_at',
      ])
      .where('status', 'in', ['accepted', 'pending'])
      .orderBy('height')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      candidateId: r.candidate_id,
      height: r.height,
      status: r.status as OpenBlock['status'],
      scheme: r.scheme,
      miner: r.miner,
      hash: r.hash,
      networkDifficulty: BigInt(r.network_difficulty),
      foundShareId: r.found_share_id,
      foundAt: r.found_at,
    }));
  }

  async setConfirmations(id: bigint, confirmations: number): Promise<void> {
    await this.db
      .updateTable('blocks')
      .set({ confirmations, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute();
  }

  /** Another block holds this height in the main chain: credits nothing. */
  async markOrphaned(id: bigint, reason: string): Promise<boolean> {
    const r = await this.db
      .updateTable('blocks')
      .set({ status: 'orphaned', reason, orphaned_at: sql`now()`, updated_at: sql`now()` })
      .where('id', '=', id)
      .where('status', 'in', ['accepted', 'pending'])
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  async byCandidate(candidateId: string) {
    return this.db
      .selectFrom('blocks')
      .selectAll()
      .where('candidate_id', '=', candidateId)
      .executeTakeFirst();
  }
}
