import { RewardError } from './errors.js';

/** Atomic units (1 XMR = 10^12) and difficulties are bigints; never floats. */
export type Atomic = bigint;

/** The one definition of the unit: 1 XMR is 10^12 atomic units (piconero). */
export const ATOMIC_UNITS_PER_XMR: Atomic = 1_000_000_000_000n;

/** A whole number of XMR in atomic units: `xmr(2)` → 2·10^12. For configuration defaults and tests. */
export function xmr(whole: number | bigint): Atomic {
  return BigInt(whole) * ATOMIC_UNITS_PER_XMR;
}

const DECIMAL = /^(?:0|[1-9]\d*)$/;

/** Non-negative decimal text → bigint, with a typed error naming the field. */
export function parseAmount(text: string, field = 'amount'): bigint {
  if (!DECIMAL.test(text))
    throw new RewardError(
      'bad-amount',
      `${field} must be a non-negative decimal integer, got ${JSON.stringify(text)}`,
    );
  return BigInt(text);
}

/** A positive rational p/q, for the PPLNS window factor k. */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

/** "2", "1.5", "0.25" → exact ratio. */
export function parseRatio(text: string, field = 'ratio'): Ratio {
  const m = /^(\d+)(?:\.(\d{1,9}))?$/.exec(text.trim());
  if (!m)
    throw new RewardError(
      'bad-ratio',
      `${field} must be a positive decimal like 2 or 1.5, got ${JSON.stringify(text)}`,
    );
  const frac = m[2] ?? '';
  const den = 10n ** BigInt(frac.length);
  const num = BigInt((m[1] ?? '0') + frac);
  if (num === 0n) throw new RewardError('bad-ratio', `${field} must be > 0`);
  return { num, den };
}

export const BASIS_POINTS = 10_000n;

/** "1", "0.5", "1.25" percent → basis points (0.01 % each). */
export function percentToBasisPoints(text: string, field = 'percent'): number {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m)
    throw new RewardError(
      'bad-fee',
      `${field} must be a percentage with at most 2 decimals, got ${JSON.stringify(text)}`,
    );
  const bps = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (bps > 10_000) throw new RewardError('bad-fee', `${field} must be ≤ 100`);
  return bps;
}
