import {
  type BlockSplit,
  canonicalSplitText,
  compareKeys,
  type RewardScheme,
  splitDigest,
} from '@rxpool/rewards';

/** A block split as stored (block_splits + block_split_entries), decimal text for 128-bit numbers. */
export interface StoredSplit {
  height: number;
  blockHash: string;
  scheme: RewardScheme;
  reward: bigint;
  feeBasisPoints: number;
  fee: bigint;
  window: {
    size: string;
    total: string;
    shares: number;
    /** Share ids, hex. */
    newestShare: string | null;
    oldestShare: string | null;
    edgeCounted: bigint;
  } | null;
  entries: ReadonlyArray<{ role: 'miner' | 'fee'; account: string; weight: string; amount: bigint }>;
}

export interface SplitAudit {
  /** The canonical text the digest is the sha256 of (see @rxpool/rewards canonicalSplitText). */
  text: string;
  digest: string;
  /** The entries in canonical order. */
  entries: BlockSplit['entries'];
}

/**
 * Rebuilds the canonical split text from the stored rows, in the order the
 * splitter wrote it (miners then fee recipients, each by account, in code
 * point order: the database's collation may sort differently).
 */
export function auditSplit(s: StoredSplit): SplitAudit {
  const entries = [...s.entries]
    .sort((a, b) => (a.role === b.role ? compareKeys(a.account, b.account) : a.role === 'miner' ? -1 : 1))
    .map((e) => ({ role: e.role, account: e.account, weight: BigInt(e.weight), amount: e.amount }));
  const w = s.window;
  const split: BlockSplit = {
    scheme: s.scheme,
    reward: s.reward,
    feeBasisPoints: s.feeBasisPoints,
    fee: s.fee,
    entries,
    window: w
      ? {
          size: BigInt(w.size),
          total: BigInt(w.total),
          full: BigInt(w.total) >= BigInt(w.size),
          shareCount: w.shares,
          newestId: w.newestShare ?? undefined,
          oldestId: w.oldestShare ?? undefined,
          edgeCounted: w.edgeCounted,
          weights: new Map(),
        }
      : undefined,
  };
  const subject = { height: s.height, blockHash: s.blockHash };
  return { text: canonicalSplitText(subject, split), digest: splitDigest(subject, split), entries };
}
