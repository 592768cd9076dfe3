import type { AcceptedShare } from '@rxpool/messages';
import { type PpsShare, ppsCredits } from '@rxpool/rewards';
import type pg from 'pg';
import { type NetworkRewardSource, RewardUnknownError } from './network-reward-source.js';

/** Serialises PPS credit writers so each account's carry is read and written in order. */
const PPS_LOCK_KEY = 0x7278_7070; // 'rxpp'

/**
 * Credits newly stored PPS shares inside the ingest transaction: one
 * pps_batches row (the cause), per-account credits with their carry, and a
 * ledger row per account with a whole-unit amount.
 */
export class PpsCrediter {
  constructor(
    private readonly rewards: NetworkRewardSource,
    private readonly feeBasisPoints: number,
  ) {}

  /** Throws RewardUnknownError (retriable) when no reward is known yet. */
  async credit(
    client: pg.ClientBase,
    shares: readonly AcceptedShare[],
  ): Promise<{ batchId: bigint; credited: bigint } | undefined> {
    if (shares.length === 0) return undefined;
    const pps: PpsShare[] = shares.map((s) => {
      const reward = this.rewards.rewardFor(s.height);
      if (reward === undefined) throw new RewardUnknownError(s.height);
      return {
        account: s.miner,
        difficulty: BigInt(s.jobDifficulty),
        networkDifficulty: BigInt(s.networkDifficulty),
        reward,
      };
    });
    await client.query('SELECT pg_advisory_xact_lock($1)', [PPS_LOCK_KEY]);
    const accounts = [...new Set(pps.map((s) => s.account))];
    const { rows } = await client.query<{ account: string; carry_after: bigint }>(
      `SELECT DISTINCT ON (account) account, carry_after FROM pps_batch_credits
       WHERE account = ANY($1::text[]) ORDER BY account, batch_id DESC`,
      [accounts],
    );
    const carries = new Map(rows.map((r) => [r.account, BigInt(r.carry_after)]));
    const credits = ppsCredits(pps, this.feeBasisPoints, carries);
    const difficulty = pps.reduce((sum, s) => sum + s.difficulty, 0n);
    const batch = await client.query<{ id: bigint }>(
      'INSERT INTO pps_batches (shares, difficulty, fee_bps) VALUES ($1, $2, $3) RETURNING id',
      [pps.length, difficulty.toString(), this.feeBasisPoints],
    );
    const batchId = batch.rows[0]?.id as bigint;
    const col = <T>(f: (c: (typeof credits)[number]) => T) => credits.map(f);
    await client.query(
      `INSERT INTO pps_batch_credits (batch_id, account, shares, difficulty, value_sub, carry_before, amount, carry_after)
       SELECT $1, * FROM unnest($2::text[], $3::int4[], $4::numeric[], $5::numeric[], $6::int8[], $7::int8[], $8::int8[])`,
      [
        batchId.toString(),
        col((c) => c.account),
        col((c) => c.shares),
        col((c) => c.difficulty.toString()),
        col((c) => c.valueSub.toString()),
        col((c) => c.carryBefore.toString()),
        col((c) => c.amount.toString()),
        col((c) => c.carryAfter.toString()),
      ],
    );
    const paid = credits.filter((c) => c.amount > 0n);
    if (paid.length > 0) {
      await client.query(
        `INSERT INTO ledger_entries (account, amount, kind, pps_batch_id)
         SELECT account, amount, 'pps_credit', $1 FROM unnest($2::text[], $3::int8[]) AS t(account, amount)`,
        [batchId.toString(), paid.map((c) => c.account), paid.map((c) => c.amount.toString())],
      );
    }
    return { batchId, credited: paid.reduce((sum, c) => sum + c.amount, 0n) };
  }
}
