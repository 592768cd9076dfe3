import type { DB } from '@rxpool/db';
import type { AcceptedShare } from '@rxpool/messages';
import type { Kysely } from 'kysely';
import { BlockRepository } from '../blocks/block.repository.js';
import type { NetworkRewardSource } from '../rewards/network-reward-source.js';
import { PpsRepository } from '../rewards/pps.repository.js';
import { PpsCrediter } from '../rewards/pps-crediter.js';
import { ShareRepository } from './share.repository.js';
import { hasPpsOrCandidates, toColumns } from './share-batch.js';
import { WorkerRepository } from './worker.repository.js';
import { WorkerCache } from './worker-cache.js';

export interface WriteResult {
  /** Shares newly stored (the rest were already there). */
  inserted: number;
  ppsCredited: bigint;
}

/** What one batch is written into. */
export interface ShareWriteTargets {
  workers: WorkerCache;
  shares: ShareRepository;
  pps: PpsCrediter;
  blocks: BlockRepository;
}

/**
 * Stores a batch of accepted shares atomically: the rows (with the sums of
 * late ones), then, for the newly stored shares only, PPS credits and
 * block-candidate rows in the same transaction. A redelivered batch stores
 * and credits nothing again.
 */
export class ShareWriter {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly targets: ShareWriteTargets,
  ) {}

  /** Stores a batch; committed when it returns. Throws on any failure (nothing committed). */
  async write(shares: readonly AcceptedShare[]): Promise<WriteResult> {
    if (shares.length === 0) return { inserted: 0, ppsCredited: 0n };
    const { workers, pps, blocks } = this.targets;
    const columns = toColumns(shares, await workers.resolve(shares));
    // The insert alone is one statement: no transaction round trips on the common path.
    if (!hasPpsOrCandidates(shares)) {
      const { inserted } = await this.targets.shares.insertBatch(this.db, columns);
      return { inserted, ppsCredited: 0n };
    }
    return this.db.transaction().execute(async (trx) => {
      const { inserted, special } = await this.targets.shares.insertBatch(trx, columns);
      const fresh = new Set(special);
      const newShares = shares.filter((s) => fresh.has(s.shareId));
      const credit = await pps.credit(trx, dedupe(newShares.filter((s) => s.scheme === 'pps')));
      await blocks.recordCandidates(trx, dedupe(newShares.filter((s) => s.blockCandidate)));
      return { inserted, ppsCredited: credit?.credited ?? 0n };
    });
  }
}

/** The writer over these tables, crediting PPS shares by `rewards` less the fee. */
export function createShareWriter(
  db: Kysely<DB>,
  rewards: NetworkRewardSource,
  feeBasisPoints: number,
): ShareWriter {
  return new ShareWriter(db, {
    workers: new WorkerCache(new WorkerRepository(db)),
    shares: new ShareRepository(db),
    pps: new PpsCrediter(rewards, feeBasisPoints, new PpsRepository()),
    blocks: new BlockRepository(db),
  });
}

/** A redelivered share can sit twice in one batch; it was inserted once. */
function dedupe(shares: AcceptedShare[]): AcceptedShare[] {
  const seen = new Set<string>();
  return shares.filter((s) => !seen.has(s.shareId) && seen.add(s.shareId));
}
