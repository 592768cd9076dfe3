import { createHash } from 'node:crypto';
import type { BlockSplit } from './block-split.js';

/** What the digest binds a split to. */
export interface SplitSubject {
  readonly height: number;
  readonly blockHash: string;
}

export const SPLIT_FORMAT = 'rxpool-split-v1';

/**
 * The canonical text of a split: one fact per line, integers in decimal,
 * entries in their stored order. Anyone holding the stored split (or the
 * shares of its window) can rebuild this text and compare digests.
 */
export function canonicalSplitText(subject: SplitSubject, split: BlockSplit): string {
  const lines = [
    SPLIT_FORMAT,
    `block ${subject.height} ${subject.blockHash}`,
    `scheme ${split.scheme}`,
    `reward ${split.reward}`,
    `fee ${split.feeBasisPoints} ${split.fee}`,
  ];
  const w = split.window;
  if (w) {
    lines.push(
      `window ${w.size} ${w.total} ${w.shareCount} ${w.newestId ?? '-'} ${w.oldestId ?? '-'} ${w.edgeCounted}`,
    );
  }
  for (const e of split.entries) lines.push(`${e.role} ${e.account} ${e.weight} ${e.amount}`);
  return `${lines.join('\n')}\n`;
}

/** sha256 (hex) of the canonical text. */
export function splitDigest(subject: SplitSubject, split: BlockSplit): string {
  return createHash('sha256').update(canonicalSplitText(subject, split)).digest('hex');
}
