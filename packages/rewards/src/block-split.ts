import { apportion, compareKeys } from './apportion.js';
import { RewardError } from './errors.js';
import { type FeeRecipient, poolFee, splitFee } from './fee.js';
import type { PplnsWindow } from './pplns-window.js';
import type { RewardScheme } from './scheme.js';

export interface SplitEntry {
  readonly role: 'miner' | 'fee';
  readonly account: string;
  /** The weight behind the amount: counted share difficulty for miners, configured weight for fee recipients. */
  readonly weight: bigint;
  readonly amount: bigint;
}

export interface BlockSplit {
  readonly scheme: RewardScheme;
  readonly reward: bigint;
  readonly feeBasisPoints: number;
  readonly fee: bigint;
  /** Sorted: miners then fee recipients, each by account. Amounts sum exactly to `reward`. */
  readonly entries: readonly SplitEntry[];
  /** PPLNS only. */
  readonly window: PplnsWindow | undefined;
}

export interface BlockSplitInput {
  /** The scheme of the share that found the block. */
  readonly scheme: RewardScheme;
  readonly reward: bigint;
  readonly feeBasisPoints: number;
  readonly feeRecipients: readonly FeeRecipient[];
  /**
   * PPS: the account that receives PPS blocks' rewards (the pool's own, which
   * funded the PPS credits). Without it the fee recipients receive them.
   */
  readonly ppsRecipient?: string | undefined;
  /** The finder's account (SOLO takes all; PPLNS uses it when the window is empty). */
  readonly finder: string;
  /** Required for PPLNS. */
  readonly window?: PplnsWindow;
}

/**
 * Who gets what of one block:
 * - PPLNS: reward − fee over the window's weights.
 * - SOLO: reward − fee to the finder.
 * - PPS: the pool already paid every share at submission, so the whole
 *   reward goes to the operator: the PPS recipient, else the fee recipients.
 */
export function splitBlock(input: BlockSplitInput): BlockSplit {
  const { scheme, reward, feeBasisPoints, feeRecipients, finder } = input;
  if (reward < 0n) throw new RewardError('bad-amount', 'reward must be ≥ 0');
  const fee = scheme === 'pps' ? reward : poolFee(reward, feeBasisPoints);
  const forMiners = reward - fee;
  const entries: SplitEntry[] = [];

  if (scheme === 'pplns') {
    const window = input.window;
    if (!window) throw new RewardError('empty-weights', 'a PPLNS split needs its window');
    if (window.total === 0n) {
      entries.push({ role: 'miner', account: finder, weight: 0n, amount: forMiners });
    } else {
      const items = [...window.weights].map(([key, weight]) => ({ key, weight }));
      for (const [account, amount] of apportion(forMiners, items)) {
        entries.push({ role: 'miner', account, weight: window.weights.get(account) ?? 0n, amount });
      }
    }
  } else if (scheme === 'solo') {
    entries.push({ role: 'miner', account: finder, weight: 1n, amount: forMiners });
  }

  const operator =
    scheme === 'pps' && input.ppsRecipient ? [{ account: input.ppsRecipient, weight: 1n }] : feeRecipients;
  const weightOf = new Map(operator.map((r) => [r.account, r.weight]));
  for (const [account, amount] of splitFee(fee, operator)) {
    entries.push({ role: 'fee', account, weight: weightOf.get(account) ?? 0n, amount });
  }
  entries.sort((a, b) =>
    a.role === b.role ? compareKeys(a.account, b.account) : a.role === 'miner' ? -1 : 1,
  );
  return {
    scheme,
    reward,
    feeBasisPoints,
    fee,
    entries,
    window: scheme === 'pplns' ? input.window : undefined,
  };
}
