import { type AddressKind, encodeAddress } from '@rxpool/cryptonote';
import { describe, expect, it } from 'vitest';
import { planPayouts, splitFee } from './payout-plan.js';

function addr(kind: AddressKind, n: number, network: 'mainnet' | 'testnet' = 'mainnet'): string {
  const key = (b: number) => new Uint8Array(32).fill(b);
  return encodeAddress({
    network,
    kind,
    spendKey: key(n),
    viewKey: key(n + 100),
    ...(kind === 'integrated' ? { paymentId: new Uint8Array(8).fill(n) } : {}),
  });
}

const opts = { threshold: 1000n, maxDestinations: 15, network: 'mainnet' as const };

describe('planPayouts', () => {
  it('pays only balances at or above the threshold, largest first, in batches of at most 15', () => {
    const candidates = Array.from({ length: 40 }, (_, i) => ({
      account: addr('standard', i + 1),
      balance: BigInt(500 + i * 100),
    }));
    const plan = planPayouts(candidates, opts);
    const paid = plan.batches.flat();
    expect(paid.every((p) => p.amount >= 1000n)).toBe(true);
    expect(paid).toHaveLength(candidates.filter((c) => c.balance >= 1000n).length);
    expect(plan.batches.map((b) => b.length)).toEqual([15, 15, 5]);
    expect(paid[0]?.amount).toBe(4400n);
    expect(new Set(paid.map((p) => p.account)).size).toBe(paid.length);
  });

  it('pays each integrated address, and each account the wallet refused before, alone', () => {
    const candidates = [
      { account: addr('integrated', 1), balance: 5000n },
      { account: addr('integrated', 2), balance: 4000n },
      { account: addr('subaddress', 3), balance: 3000n },
      { account: addr('standard', 4), balance: 2000n },
      { account: addr('standard', 5), balance: 1500n },
      { account: addr('standard', 6), balance: 1200n, refusedBefore: true },
    ];
    const { batches } = planPayouts(candidates, opts);
    const indexes = batches.map((b) => b.map((p) => candidates.findIndex((c) => c.account === p.account)));
    expect(indexes).toEqual([[0], [1], [5], [3, 4, 2]]);
  });

  it('skips addresses the wallet could not pay, saying why', () => {
    const { batches, skipped } = planPayouts(
      [
        { account: 'not-an-address', balance: 5000n },
        { account: addr('standard', 7, 'testnet'), balance: 5000n },
        { account: addr('standard', 8), balance: 5000n },
      ],
      opts,
    );
    expect(batches).toEqual([
      [{ account: addr('standard', 8), address: addr('standard', 8), amount: 5000n }],
    ]);
    const reasons = Object.fromEntries(skipped.map((s) => [s.account, s.reason]));
    expect(reasons['not-an-address']).toMatch(/character/);
    expect(reasons[addr('standard', 7, 'testnet')]).toMatch(/testnet address on a mainnet pool/);
  });
});

describe('splitFee', () => {
  it('splits exactly, remainder to the first destinations', () => {
    expect(splitFee(10n, 3)).toEqual([4n, 3n, 3n]);
    expect(splitFee(9n, 3)).toEqual([3n, 3n, 3n]);
    expect(splitFee(1n, 4)).toEqual([1n, 0n, 0n, 0n]);
    for (const [fee, n] of [
      [3423600000n, 7],
      [1n, 1],
      [0n, 2],
    ] as const) {
      expect(splitFee(fee, n).reduce((a, b) => a + b, 0n)).toBe(fee);
    }
    expect(() => splitFee(1n, 0)).toThrow(RangeError);
  });
});
