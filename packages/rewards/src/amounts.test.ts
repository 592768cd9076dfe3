import { describe, expect, it } from 'vitest';
import { ATOMIC_UNITS_PER_XMR, parseAmount, parseRatio, percentToBasisPoints, xmr } from './amounts.js';
import { RewardError } from './errors.js';
import { parseFeeRecipients } from './fee.js';

describe('amount parsing', () => {
  it('reads decimals, ratios and percentages exactly', () => {
    expect(parseAmount('18446744073709551616')).toBe(2n ** 64n);
    expect(parseRatio('2.5')).toEqual({ num: 25n, den: 10n });
    expect(percentToBasisPoints('0.5')).toBe(50);
    expect(percentToBasisPoints('1.25')).toBe(125);
  });

  it('rejects what is not an exact non-negative number', () => {
    expect(() => parseAmount('1.5')).toThrow(RewardError);
    expect(() => parseAmount('-1')).toThrow(RewardError);
    expect(() => parseRatio('0')).toThrow(/> 0/);
    expect(() => percentToBasisPoints('101')).toThrow(/≤ 100/);
    expect(() => parseFeeRecipients('notanaddress:1')).toThrow(/not a Monero address/);
  });
});

describe('the XMR unit', () => {
  it('is 10^12 atomic units', () => {
    expect(ATOMIC_UNITS_PER_XMR).toBe(10n ** 12n);
    expect(xmr(3)).toBe(3_000_000_000_000n);
    expect(xmr(0n)).toBe(0n);
  });
});
