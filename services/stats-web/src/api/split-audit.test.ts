import { PplnsWindowBuilder, splitBlock, splitDigest } from '@rxpool/rewards';
import { describe, expect, it } from 'vitest';
import { auditSplit, type StoredSplit } from './split-audit.js';

const HASH = 'cd'.repeat(32);

/** A real PPLNS split from @rxpool/rewards, then turned into stored rows (entries shuffled as a database may return them). */
function stored() {
  const builder = new PplnsWindowBuilder(5_000n);
  const shares = [
    { id: '000000010000000200000003', account: 'b-miner', weight: 2_000n },
    { id: '000000010000000200000002', account: 'A-miner', weight: 1_500n },
    { id: '000000010000000200000001', account: 'b-miner', weight: 4_000n },
  ];
  for (const s of shares) builder.add(s);
  const window = builder.result();
  const split = splitBlock({
    scheme: 'pplns',
    reward: 600_000_000_000n,
    feeBasisPoints: 100,
    feeRecipients: [{ account: 'fee-1', weight: 1n }],
    finder: 'b-miner',
    window,
  });
  const digest = splitDigest({ height: 77, blockHash: HASH }, split);
  const rows: StoredSplit = {
    height: 77,
    blockHash: HASH,
    scheme: 'pplns',
    reward: split.reward,
    feeBasisPoints: 100,
    fee: split.fee,
    window: {
      size: String(window.size),
      total: String(window.total),
      shares: window.shareCount,
      newestShare: window.newestId ?? null,
      oldestShare: window.oldestId ?? null,
      edgeCounted: window.edgeCounted,
    },
    entries: [...split.entries].reverse().map((e) => ({ ...e, weight: String(e.weight) })),
  };
  return { rows, digest };
}

describe('auditSplit', () => {
  it('rebuilds the digest the splitter stored, whatever order the rows come in', () => {
    const { rows, digest } = stored();
    const audit = auditSplit(rows);
    expect(audit.digest).toBe(digest);
    expect(audit.text.split('\n').slice(0, 6)).toEqual([
      'rxpool-split-v1',
      `block 77 ${HASH}`,
      'scheme pplns',
      'reward 600000000000',
      'fee 100 6000000000',
      'window 5000 5000 3 000000010000000200000003 000000010000000200000001 1500',
    ]);
    // Code point order: 'A-miner' before 'b-miner', fee recipients last.
    expect(audit.text).toMatch(/\nminer A-miner 1500 \d+\nminer b-miner 3500 \d+\nfee fee-1 1 6000000000\n$/);
  });

  it('gives another digest when any stored figure changed', () => {
    const { rows, digest } = stored();
    const tampered = {
      ...rows,
      entries: rows.entries.map((e, i) => (i === 0 ? { ...e, amount: e.amount + 1n } : e)),
    };
    expect(auditSplit(tampered).digest).not.toBe(digest);
  });
});
