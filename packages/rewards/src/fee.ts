import { BASIS_POINTS } from './amounts.js';
import { apportion } from './apportion.js';
import { RewardError } from './errors.js';

/** Who receives the pool fee, and in what proportion (integer weights). */
export interface FeeRecipient {
  /** The ledger account credited (a Monero address, paid out like a miner's balance). */
  readonly account: string;
  readonly weight: bigint;
}

/** The pool fee of a reward: rounded down, so rounding favours miners. */
export function poolFee(reward: bigint, feeBasisPoints: number): bigint {
  if (!Number.isInteger(feeBasisPoints) || feeBasisPoints < 0 || feeBasisPoints > 10_000) {
    throw new RewardError('bad-fee', `fee must be 0..10000 basis points, got ${feeBasisPoints}`);
  }
  return (reward * BigInt(feeBasisPoints)) / BASIS_POINTS;
}

/** Splits a fee among its recipients; a zero fee gives an empty map. */
export function splitFee(fee: bigint, recipients: readonly FeeRecipient[]): Map<string, bigint> {
  if (fee === 0n) return new Map();
  if (recipients.length === 0)
    throw new RewardError('no-recipients', 'a non-zero fee needs at least one fee recipient');
  return apportion(
    fee,
    recipients.map((r) => ({ key: r.account, weight: r.weight })),
  );
}

/** "addr1:3,addr2:1" or "addr1,addr2" (equal weights) → recipients. */
export function parseFeeRecipients(text: string): FeeRecipient[] {
  const out: FeeRecipient[] = [];
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [address = '', weight = '1'] = part.split(':');
    if (!/^[1-9A-HJ-NP-Za-km-z]{95,106}$/.test(address)) {
      throw new RewardError(
        'no-recipients',
        `fee recipient ${JSON.stringify(address.slice(0, 20))}… is not a Monero address`,
      );
    }
    if (!/^[1-9]\d{0,8}$/.test(weight))
      throw new RewardError(
        'no-recipients',
        `fee recipient weight ${JSON.stringify(weight)} must be a positive integer`,
      );
    if (out.some((r) => r.account === address))
      throw new RewardError('no-recipients', 'a fee recipient is listed twice');
    out.push({ account: address, weight: BigInt(weight) });
  }
  return out;
}
