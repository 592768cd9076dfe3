import { describe, expect, it } from 'vitest';
import { splitBlock } from './block-split.js';
import { RewardError } from './errors.js';
import { parseFeeRecipients, poolFee } from './fee.js';
import { buildPplnsWindow } from './pplns-window.js';
import { canonicalSplitText, splitDigest } from './split-digest.js';

const FEE1 = `4${'A'.repeat(94)}`;
const FEE2 = `4${'B'.repeat(94)}`;
const recipients = parseFeeRecipients(`${FEE1}:3,${FEE2}:1`);
const total = (entries: readonly { amount: bigint }[]) => entries.reduce((s, e) => s + e.amount, 0n);

describe('splitBlock', () => {
  it('PPLNS: miners get exactly reward − fee by window weight, fee recipients get the fee', () => {
    const reward = 600_000_000_001n;
    const shares = Array.from({ length: 1000 }, (_, i) => ({
      id: `s${i}`,
      account: `m${i % 7}`,
      weight: BigInt(1 + (i % 13)),
    }));
    const window = buildPplnsWindow(shares, 5000n);
    const split = splitBlock({
      scheme: 'pplns',
      reward,
      feeBasisPoints: 100,
      feeRecipients: recipients,
      finder: 'm0',
      window,
    });
    const fee = poolFee(reward, 100);
    expect(split.fee).toBe(fee);
    expect(total(split.entries.filter((e) => e.role === 'miner'))).toBe(reward - fee);
    expect(total(split.entries)).toBe(reward);
    const fees = split.entries.filter((e) => e.role === 'fee');
    expect(fees.map((e) => e.account)).toEqual([FEE1, FEE2]);
    expect(fee).toBe(6_000_000_000n);
    expect(fees.map((e) => e.amount)).toEqual([4_500_000_000n, 1_500_000_000n]);
  });

  it('SOLO: the finder takes reward − fee', () => {
    const split = splitBlock({
      scheme: 'solo',
      reward: 1_000n,
      feeBasisPoints: 250,
      feeRecipients: recipients,
      finder: 'finder',
    });
    expect(split.entries.find((e) => e.role === 'miner')).toEqual({
      role: 'miner',
      account: 'finder',
      weight: 1n,
      amount: 975n,
    });
    expect(total(split.entries)).toBe(1_000n);
  });

  it('SOLO with no fee pays the finder everything and needs no recipients', () => {
    const split = splitBlock({
      scheme: 'solo',
      reward: 7n,
      feeBasisPoints: 0,
      feeRecipients: [],
      finder: 'f',
    });
    expect(split.entries).toEqual([{ role: 'miner', account: 'f', weight: 1n, amount: 7n }]);
  });

  it('PPS: the block goes to the operator (fee recipients), a non-zero fee needs recipients', () => {
    const split = splitBlock({
      scheme: 'pps',
      reward: 10n,
      feeBasisPoints: 100,
      feeRecipients: recipients,
      finder: 'f',
    });
    expect(split.entries.every((e) => e.role === 'fee')).toBe(true);
    expect(total(split.entries)).toBe(10n);
    expect(() =>
      splitBlock({ scheme: 'pps', reward: 10n, feeBasisPoints: 0, feeRecipients: [], finder: 'f' }),
    ).toThrow(RewardError);
  });

  it('PPS: the PPS recipient, when set, receives the whole reward instead of the fee recipients', () => {
    const split = splitBlock({
      scheme: 'pps',
      reward: 10n,
      feeBasisPoints: 0,
      feeRecipients: recipients,
      ppsRecipient: 'pool',
      finder: 'f',
    });
    expect(split.entries).toEqual([{ role: 'fee', account: 'pool', weight: 1n, amount: 10n }]);
  });

  it('digest changes with any entry and is stable for the same split', () => {
    const window = buildPplnsWindow([{ id: 'a', account: 'm1', weight: 10n }], 10n);
    const input = {
      scheme: 'pplns' as const,
      reward: 100n,
      feeBasisPoints: 0,
      feeRecipients: [],
      finder: 'm1',
      window,
    };
    const subject = { height: 5, blockHash: 'ab'.repeat(32) };
    const d1 = splitDigest(subject, splitBlock(input));
    expect(splitDigest(subject, splitBlock(input))).toBe(d1);
    expect(d1).toMatch(/^[0-9a-f]{64}$/);
    expect(splitDigest(subject, splitBlock({ ...input, reward: 101n }))).not.toBe(d1);
    expect(canonicalSplitText(subject, splitBlock(input))).toContain(
      'window 10 10 1 a a 10\nminer m1 10 100\n',
    );
  });
});
