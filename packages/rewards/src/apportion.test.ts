import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion } from './apportion.js';
import { RewardError } from './errors.js';

const sum = (m: Map<string, bigint>) => [...m.values()].reduce((a, b) => a + b, 0n);

describe('apportion', () => {
  it('gives floor shares and the leftover units to the largest remainders', () => {
    // 10 over 1:1:1 → 3.33 each; one unit left; equal remainders → smallest key wins.
    const out = apportion(10n, [
      { key: 'c', weight: 1n },
      { key: 'a', weight: 1n },
      { key: 'b', weight: 1n },
    ]);
    expect(out).toEqual(
      new Map([
        ['c', 3n],
        ['a', 4n],
        ['b', 3n],
      ]),
    );
  });

  it('prefers the larger fractional part over key order', () => {
    // 100 over 1:2 → 33.33 and 66.66: the unit goes to 'z'.
    const out = apportion(100n, [
      { key: 'a', weight: 1n },
      { key: 'z', weight: 2n },
    ]);
    expect(out.get('a')).toBe(33n);
    expect(out.get('z')).toBe(67n);
  });

  it('is exact and order-independent for any weights', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 19n }),
        fc.uniqueArray(
          fc.record({ key: fc.string({ maxLength: 4 }), weight: fc.bigInt({ min: 0n, max: 10n ** 12n }) }),
          {
            selector: (x) => x.key,
            minLength: 1,
            maxLength: 30,
          },
        ),
        (total, items) => {
          fc.pre(items.some((i) => i.weight > 0n));
          const a = apportion(total, items);
          const b = apportion(total, [...items].reverse());
          expect(sum(a)).toBe(total);
          expect(a).toEqual(b);
          const weightSum = items.reduce((s, i) => s + i.weight, 0n);
          for (const i of items) {
            const exactFloor = (total * i.weight) / weightSum;
            const got = a.get(i.key) ?? -1n;
            expect(got === exactFloor || got === exactFloor + 1n).toBe(true);
          }
        },
      ),
    );
  });

  it('refuses a zero total weight with a typed error', () => {
    expect(() => apportion(5n, [{ key: 'a', weight: 0n }])).toThrow(RewardError);
  });
});
