import { RewardError } from './errors.js';

export interface Weighted {
  readonly key: string;
  readonly weight: bigint;
}

/**
 * Splits `total` atomic units in proportion to the weights, exactly:
 * everyone gets floor(total × w / W), and the few units left over (fewer
 * than the number of keys) go one each to the largest fractional parts,
 * ties broken by key in ascending code-unit order. Same input, same output,
 * on any machine. Keys must be unique; zero weights get nothing.
 */
export function apportion(total: bigint, items: readonly Weighted[]): Map<string, bigint> {
  if (total < 0n) throw new RewardError('bad-amount', 'cannot apportion a negative amount');
  let sum = 0n;
  for (const item of items) {
    if (item.weight < 0n) throw new RewardError('empty-weights', `negative weight for ${item.key}`);
    sum += item.weight;
  }
  if (sum === 0n) throw new RewardError('empty-weights', 'cannot apportion over a total weight of zero');

  const result = new Map<string, bigint>();
  const rests: { key: string; rest: bigint }[] = [];
  let given = 0n;
  for (const { key, weight } of items) {
    if (result.has(key)) throw new RewardError('empty-weights', `duplicate key ${key}`);
    const scaled = total * weight;
    const share = scaled / sum;
    result.set(key, share);
    given += share;
    if (weight > 0n) rests.push({ key, rest: scaled % sum });
  }
  let left = total - given;
  rests.sort((a, b) => (a.rest === b.rest ? compareKeys(a.key, b.key) : a.rest > b.rest ? -1 : 1));
  for (const { key } of rests) {
    if (left === 0n) break;
    result.set(key, (result.get(key) ?? 0n) + 1n);
    left -= 1n;
  }
  return result;
}

/** Plain code-unit order, independent of locale. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
