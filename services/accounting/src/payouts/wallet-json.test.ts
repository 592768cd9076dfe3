import { describe, expect, it } from 'vitest';
import { parseWalletJson, stringifyWalletJson, walletAmount } from './wallet-json.js';

describe('wallet JSON', () => {
  it('keeps amounts above 2^53 exact and leaves small numbers and strings alone', () => {
    const parsed = parseWalletJson(
      '{"balance": 123456789012345678901, "fee": 30000000, "s": "x:12345678901234567\\"9", "neg": -1, "f": 1.5e3, "a":[9007199254740993]}',
    ) as Record<string, unknown>;
    expect(parsed.balance).toBe('123456789012345678901');
    expect(walletAmount(parsed.balance, 'balance')).toBe(123456789012345678901n);
    expect(parsed.fee).toBe(30000000);
    expect(parsed.s).toBe('x:12345678901234567"9');
    expect(parsed.neg).toBe(-1);
    expect(parsed.f).toBe(1500);
    expect(parsed.a).toEqual(['9007199254740993']);
  });

  it('writes bigints as bare numbers', () => {
    const text = stringifyWalletJson({
      destinations: [{ address: 'a', amount: 18446744073709551615n }],
      n: 1,
    });
    expect(text).toBe('{"destinations":[{"address":"a","amount":18446744073709551615}],"n":1}');
  });

  it('refuses what is not an amount', () => {
    expect(() => walletAmount(-1, 'x')).toThrow(/x is not/);
    expect(() => walletAmount('1.5', 'x')).toThrow(TypeError);
    expect(() => walletAmount(undefined, 'x')).toThrow(TypeError);
  });
});
