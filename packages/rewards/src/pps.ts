import { BASIS_POINTS } from './amounts.js';
import { compareKeys } from './apportion.js';
import { RewardError } from './errors.js';

/**
 * PPS credits are exact to 10^-12 of an atomic unit: each credit is
 * computed in sub-units, the whole units go to the ledger and the rest is
 * carried to the account's next credit. So a million shares worth 0.3
 * atomic units each credit 300,000 units, not 0.
 */
export const PPS_SUB_UNITS = 1_000_000_000_000n;

export interface PpsShare {
  readonly account: string;
  /** The difficulty the share is credited with: its job's. */
  readonly jobDifficulty: bigint;
  /** Network difficulty of the job the share was for. */
  readonly networkDifficulty: bigint;
  /** Block reward (atomic units) current when the share was accepted. */
  readonly reward: bigint;
}

export interface PpsCredit {
  readonly account: string;
  readonly shares: number;
  readonly difficulty: bigint;
  /** Value of this batch in sub-units, before the carry. */
  readonly valueSub: bigint;
  readonly carryBefore: bigint;
  /** Whole atomic units credited now. */
  readonly amount: bigint;
  /** Sub-units carried to the next credit, 0 ≤ carry < PPS_SUB_UNITS. */
  readonly carryAfter: bigint;
}

/** Value of `difficulty` share units in sub-units: reward × (1 − fee) × d / N, rounded down. */
export function ppsValueSub(
  difficulty: bigint,
  networkDifficulty: bigint,
  reward: bigint,
  feeBasisPoints: number,
): bigint {
  if (networkDifficulty <= 0n) throw new RewardError('bad-amount', 'network difficulty must be > 0');
  const keep = BASIS_POINTS - BigInt(feeBasisPoints);
  return (reward * keep * difficulty * PPS_SUB_UNITS) / (BASIS_POINTS * networkDifficulty);
}

/**
 * Credits for a batch of PPS shares. Shares of one account at the same
 * (network difficulty, reward) are summed before rounding; results are
 * sorted by account.
 */
export function ppsCredits(
  shares: readonly PpsShare[],
  feeBasisPoints: number,
  carries: ReadonlyMap<string, bigint>,
): PpsCredit[] {
  if (!Number.isInteger(feeBasisPoints) || feeBasisPoints < 0 || feeBasisPoints > 10_000) {
    throw new RewardError('bad-fee', `fee must be 0..10000 basis points, got ${feeBasisPoints}`);
  }
  type Group = {
    account: string;
    networkDifficulty: bigint;
    reward: bigint;
    difficulty: bigint;
    shares: number;
  };
  const groups = new Map<string, Group>();
  for (const s of shares) {
    if (s.jobDifficulty <= 0n) throw new RewardError('bad-amount', 'share difficulty must be > 0');
    const key = `${s.account}\u0000${s.networkDifficulty}\u0000${s.reward}`;
    const g = groups.get(key);
    if (g) {
      g.difficulty += s.jobDifficulty;
      g.shares += 1;
    } else {
      groups.set(key, {
        account: s.account,
        networkDifficulty: s.networkDifficulty,
        reward: s.reward,
        difficulty: s.jobDifficulty,
        shares: 1,
      });
    }
  }
  const byAccount = new Map<string, { shares: number; difficulty: bigint; valueSub: bigint }>();
  for (const g of groups.values()) {
    const a = byAccount.get(g.account) ?? { shares: 0, difficulty: 0n, valueSub: 0n };
    a.shares += g.shares;
    a.difficulty += g.difficulty;
    a.valueSub += ppsValueSub(g.difficulty, g.networkDifficulty, g.reward, feeBasisPoints);
    byAccount.set(g.account, a);
  }
  const credits: PpsCredit[] = [];
  for (const [account, a] of byAccount) {
    const carryBefore = carries.get(account) ?? 0n;
    if (carryBefore < 0n || carryBefore >= PPS_SUB_UNITS)
      throw new RewardError('bad-amount', `carry of ${account} out of range`);
    const totalSub = carryBefore + a.valueSub;
    credits.push({
      account,
      shares: a.shares,
      difficulty: a.difficulty,
      valueSub: a.valueSub,
      carryBefore,
      amount: totalSub / PPS_SUB_UNITS,
      carryAfter: totalSub % PPS_SUB_UNITS,
    });
  }
  return credits.sort((x, y) => compareKeys(x.account, y.account));
}
