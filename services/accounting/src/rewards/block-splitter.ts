import type { DB } from '@rxpool/db';
import { type BlockSplit, pplnsWindowSize, splitBlock, splitDigest } from '@rxpool/rewards';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { OpenBlock } from '../blocks/block.repository.js';
import type { RewardPolicy } from '../config.js';
import type { IngestCutoff, IngestCutoffSource } from '../shares/ingest-cutoff.js';
import type { MinuteRollup } from '../shares/share-rollup.js';
import type { PplnsWindowRepository, StoredWindow } from './pplns-window.repository.js';

export interface ComputedSplit {
  split: BlockSplit;
  window: StoredWindow | undefined;
  /** PPLNS: the ingest cutoff that proved the window complete. */
  cutoff: IngestCutoff | undefined;
  digest: string;
}

/** Waiting for the block's own share to be stored: the window ends there. */
export class WindowEndUnknownError extends Error {
  constructor(candidateId: string) {
    super(`finding share ${candidateId} is not stored yet`);
    this.name = 'WindowEndUnknownError';
  }
}

/** Shares accepted before the finding share may still be on their way to the database: the window waits. */
export class IngestIncompleteError extends Error {
  constructor(candidateId: string) {
    super(`shares accepted before ${candidateId} are not all stored yet`);
    this.name = 'IngestIncompleteError';
  }
}

/** What a PPLNS split needs besides the window query. */
export interface PplnsWindowInputs {
  /** Makes the per-minute sums complete below the window's end. */
  rollup: MinuteRollup;
  /** Proves every share accepted up to the window's end is stored. */
  cutoff: IngestCutoffSource;
}

/** Computes a block's split with @rxpool/rewards and stores it, immutably, with its window and digest. */
export class BlockSplitter {
  constructor(
    private readonly windows: PplnsWindowRepository,
    private readonly policy: RewardPolicy,
    /** Needed for PPLNS windows; a splitter used only for SOLO and PPS may go without. */
    private readonly pplns?: PplnsWindowInputs,
  ) {}

  async compute(block: OpenBlock, blockHash: string, reward: bigint): Promise<ComputedSplit> {
    let window: StoredWindow | undefined;
    let cutoff: IngestCutoff | undefined;
    if (block.scheme === 'pplns') {
      if (!block.foundShareId || block.foundAt === null) throw new WindowEndUnknownError(block.candidateId);
      if (!this.pplns) throw new Error('a PPLNS split needs the share rollup and the ingest cutoff');
      // First the proof that nothing accepted before the end is still on its way, then the window.
      cutoff = await this.pplns.cutoff.coveredThrough(block.foundAt);
      if (!cutoff) throw new IngestIncompleteError(block.candidateId);
      const size = pplnsWindowSize(block.networkDifficulty, this.policy.pplnsK);
      // The window reads whole minutes before the end from share_minutes: make them complete.
      await this.pplns.rollup.advanceTo(block.foundAt);
      window = await this.windows.window({ acceptedAt: block.foundAt, shareId: block.foundShareId }, size);
    }
    const split = splitBlock({
      scheme: block.scheme,
      reward,
      feeBasisPoints: this.policy.feeBasisPoints,
      feeRecipients: this.policy.feeRecipients,
      ppsRecipient: this.policy.ppsRewardAccount,
      finder: block.miner,
      window,
    });
    return { split, window, cutoff, digest: splitDigest({ height: block.height, blockHash }, split) };
  }

  async store(
    trx: Transaction<DB> | Kysely<DB>,
    block: OpenBlock,
    blockHash: string,
    c: ComputedSplit,
  ): Promise<void> {
    const { split, window: w } = c;
    const hex = (id: string | undefined) => (id ? sql<Buffer>`decode(${id}, 'hex')` : null);
    await trx
      .insertInto('block_splits')
      .values({
        block_id: block.id,
        height: block.height,
        block_hash: blockHash,
        scheme: split.scheme,
        reward: split.reward,
        fee_bps: split.feeBasisPoints,
        fee: split.fee,
        window_size: w ? w.size : null,
        window_total: w ? w.total : null,
        window_shares: w ? w.shareCount : null,
        window_newest_share: hex(w?.newestId),
        window_newest_at: w?.newestAt ?? null,
        window_oldest_share: hex(w?.oldestId),
        window_oldest_at: w?.oldestAt ?? null,
        window_edge_counted: w ? w.edgeCounted : null,
        digest: c.digest,
        ingest_cutoff_seq: c.cutoff?.seq ?? null,
        ingest_cutoff_at: c.cutoff?.at ?? null,
      })
      .execute();
    if (split.entries.length > 0) {
      await trx
        .insertInto('block_split_entries')
        .values(
          split.entries.map((e) => ({
            block_id: block.id,
            role: e.role,
            account: e.account,
            weight: e.weight,
            amount: e.amount,
          })),
        )
        .execute();
    }
  }
}
