import type { BlockStatus, DB } from '@rxpool/db';
import type { AcceptedShare, BlockSubmitted } from '@rxpool/messages';
import { type Kysely, sql, type Transaction } from 'kysely';

export interface OpenBlock {
  id: bigint;
  candidateId: string;
  height: number;
  status: 'accepted' | 'pending';
  /** The main chain's block at this height while another one holds it. */
  rivalHash: string | null;
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
   * Shares that reached network difficulty open 'candidate' rows, in the
   * transaction that stores them. If blocks.submitted.v1 got there first, the
   * row exists: the share fills in what only it knows (scheme, the window
   * end) and leaves the status alone.
   */
  async recordCandidates(trx: Transaction<DB>, shares: readonly AcceptedShare[]): Promise<void> {
    for (const s of shares) {
      await trx
        .insertInto('blocks')
        .values({
          candidate_id: s.shareId,
          height: s.height,
          status: 'candidate',
          scheme: s.scheme,
          miner: s.miner,
          worker: s.worker,
          network_difficulty: s.networkDifficulty,
          found_share_id: Buffer.from(s.shareId, 'hex'),
          found_at: s.acceptedAt,
        })
        .onConflict((oc) =>
          oc
            .column('candidate_id')
            .doUpdateSet((eb) => ({
              scheme: eb.ref('excluded.scheme'),
              miner: eb.ref('excluded.miner'),
              worker: eb.ref('excluded.worker'),
              found_share_id: eb.ref('excluded.found_share_id'),
              found_at: eb.ref('excluded.found_at'),
              updated_at: sql`now()`,
            }))
            .where('blocks.found_share_id', 'is', null),
        )
        .execute();
    }
  }

  /** The network difficulty at the newest block row (a PPLNS window is k × it). */
  async newestNetworkDifficulty(db: Kysely<DB> | Transaction<DB> = this.db): Promise<bigint | undefined> {
    const r = await db
      .selectFrom('blocks')
      .select('network_difficulty')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r ? BigInt(r.network_difficulty) : undefined;
  }

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

  /** Blocks the unlocker still walks: accepted (no split yet) and pending (split stored, not credited). */
  async open(): Promise<OpenBlock[]> {
    const rows = await this.selectBlocks()
      .where('status', 'in', ['accepted', 'pending'])
      .orderBy('height')
      .execute();
    return rows.map(toOpenBlock);
  }

  /** One block by id, open or not (the admin's re-check); its status as stored. */
  async byId(id: bigint): Promise<(Omit<OpenBlock, 'status'> & { status: BlockStatus }) | undefined> {
    const row = await this.selectBlocks().where('id', '=', id).executeTakeFirst();
    return row ? { ...toOpenBlock(row), status: row.status } : undefined;
  }

  /** Our block holds its height: how deep, and no rival. */
  async setConfirmations(id: bigint, confirmations: number): Promise<void> {
    await this.db
      .updateTable('blocks')
      .set({
        confirmations,
        rival_hash: null,
        rival_depth: null,
        contested_at: null,
        checked_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Another block holds this height, not yet final: the block stays open and is looked at again. */
  async setRival(id: bigint, rivalHash: string, rivalDepth: number): Promise<void> {
    await this.db
      .updateTable('blocks')
      .set({
        rival_hash: rivalHash,
        rival_depth: rivalDepth,
        confirmations: 0,
        contested_at: sql`coalesce(contested_at, now())`,
        checked_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .where('status', 'in', ['accepted', 'pending'])
      .execute();
  }

  /** The rival at this height is final (ORPHAN_DEPTH deep): credits nothing. */
  async markOrphaned(id: bigint, reason: string, rivalHash: string, rivalDepth: number): Promise<boolean> {
    const r = await this.db
      .updateTable('blocks')
      .set({
        status: 'orphaned',
        reason,
        rival_hash: rivalHash,
        rival_depth: rivalDepth,
        confirmations: 0,
        orphaned_at: sql`now()`,
        checked_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .where('status', 'in', ['accepted', 'pending'])
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  /**
   * An operator's re-check found an orphaned block in the main chain after all (a reorg
   * deeper than ORPHAN_DEPTH): it is open again, pending if its split was stored. It was
   * never credited, so nothing is undone.
   */
  async reopen(id: bigint, note: string): Promise<boolean> {
    const r = await this.db
      .updateTable('blocks')
      .set({
        status: sql`CASE WHEN EXISTS (SELECT 1 FROM block_splits WHERE block_id = blocks.id)
                    THEN 'pending'::block_status ELSE 'accepted'::block_status END`,
        reason: sql`concat_ws('; ', reason, ${note}::text)`,
        orphaned_at: null,
        rival_hash: null,
        rival_depth: null,
        contested_at: null,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .where('status', '=', 'orphaned')
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  private selectBlocks() {
    return this.db
      .selectFrom('blocks')
      .select([
        'id',
        'candidate_id',
        'height',
        'status',
        'scheme',
        'miner',
        'hash',
        'rival_hash',
        'network_difficulty',
        sql<string | null>`encode(found_share_id, 'hex')`.as('found_share_id'),
        'found_at',
      ]);
  }

  /** The whole row, as the primary holds it. */
  async row(id: bigint) {
    return this.db.selectFrom('blocks').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async byCandidate(candidateId: string) {
    return this.db
      .selectFrom('blocks')
      .selectAll()
      .where('candidate_id', '=', candidateId)
      .executeTakeFirst();
  }
}

function toOpenBlock(r: {
  id: bigint;
  candidate_id: string;
  height: number;
  status: BlockStatus;
  scheme: OpenBlock['scheme'];
  miner: string;
  hash: string | null;
  rival_hash: string | null;
  network_difficulty: string;
  found_share_id: string | null;
  found_at: bigint | null;
}): OpenBlock {
  return {
    id: r.id,
    candidateId: r.candidate_id,
    height: r.height,
    status: r.status as OpenBlock['status'],
    rivalHash: r.rival_hash,
    scheme: r.scheme,
    miner: r.miner,
    hash: r.hash,
    networkDifficulty: BigInt(r.network_difficulty),
    foundShareId: r.found_share_id,
    foundAt: r.found_at,
  };
}
