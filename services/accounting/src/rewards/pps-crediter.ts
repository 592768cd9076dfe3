import type { DB } from '@rxpool/db';
import type { AcceptedShare } from '@rxpool/messages';
import { type PpsShare, ppsCredits } from '@rxpool/rewards';
import type { Transaction } from 'kysely';
import { type NetworkRewardSource, RewardUnknownError } from './network-reward-source.js';
import type { PpsRepository } from './pps.repository.js';

/**
 * Credits newly stored PPS shares inside the ingest transaction: one
 * pps_batches row (the cause), per-account credits with their carry, and a
 * ledger row per account with a whole-unit amount.
 */
export class PpsCrediter {
  constructor(
    private readonly rewards: NetworkRewardSource,
    private readonly feeBasisPoints: number,
    private readonly batches: PpsRepository,
  ) {}

  /** Throws RewardUnknownError (retriable) when no reward is known yet. */
  async credit(
    trx: Transaction<DB>,
    shares: readonly AcceptedShare[],
  ): Promise<{ batchId: bigint; credited: bigint } | undefined> {
    if (shares.length === 0) return undefined;
    const pps: PpsShare[] = shares.map((s) => {
      const reward = this.rewards.rewardFor(s.height);
      if (reward === undefined) throw new RewardUnknownError(s.height);
      return {
        account: s.miner,
        jobDifficulty: BigInt(s.jobDifficulty),
        networkDifficulty: BigInt(s.networkDifficulty),
        reward,
      };
    });
    await this.batches.lockCredits(trx);
    const carries = await this.batches.carries(trx, [...new Set(pps.map((s) => s.account))]);
    const credits = ppsCredits(pps, this.feeBasisPoints, carries);
    const difficulty = pps.reduce((sum, s) => sum + s.jobDifficulty, 0n);
    const batchId = await this.batches.record(
      trx,
      { shares: pps.length, difficulty, feeBasisPoints: this.feeBasisPoints },
      credits,
    );
    const credited = credits.reduce((sum, c) => sum + (c.amount > 0n ? c.amount : 0n), 0n);
    return { batchId, credited };
  }
}
