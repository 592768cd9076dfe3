import type { Ratio } from './amounts.js';

/** One share as PPLNS sees it; fed newest first. */
export interface WindowShare {
  readonly id: string;
  readonly account: string;
  readonly weight: bigint;
}

/**
 * The last N share-difficulty units before a block, N = k × network difficulty.
 * The oldest share that crosses the edge counts only for the part inside.
 */
export interface PplnsWindow {
  /** Target size N in share-difficulty units. */
  readonly size: bigint;
  /** Weight actually counted: N when full, less when the pool has fewer shares. */
  readonly total: bigint;
  readonly full: boolean;
  readonly shareCount: number;
  /** Newest share in the window (the block's own share, normally). */
  readonly newestId: string | undefined;
  /** Oldest share in the window: the edge share. */
  readonly oldestId: string | undefined;
  /** How much of the edge share's difficulty was counted. */
  readonly edgeCounted: bigint;
  /** Account → counted weight. */
  readonly weights: ReadonlyMap<string, bigint>;
}

/** N = floor(networkDifficulty × k), at least 1. */
export function pplnsWindowSize(networkDifficulty: bigint, k: Ratio): bigint {
  const n = (networkDifficulty * k.num) / k.den;
  return n > 0n ? n : 1n;
}

/** Accumulates shares newest first until the window is full. */
export class PplnsWindowBuilder {
  private total = 0n;
  private count = 0;
  private newestId: string | undefined;
  private oldestId: string | undefined;
  private edgeCounted = 0n;
  private readonly weights = new Map<string, bigint>();

  constructor(readonly size: bigint) {}

  get isFull(): boolean {
    return this.total >= this.size;
  }

  /** Adds the next older share; returns true once the window is full (further shares are ignored). */
  add(share: WindowShare): boolean {
    if (this.isFull) return true;
    if (share.weight <= 0n) return false;
    const room = this.size - this.total;
    let counted = share.weight; // bigints: no Math.min
    if (room < counted) counted = room;
    this.total += counted;
    this.count += 1;
    this.newestId ??= share.id;
    this.oldestId = share.id;
    this.edgeCounted = counted;
    this.weights.set(share.account, (this.weights.get(share.account) ?? 0n) + counted);
    return this.isFull;
  }

  result(): PplnsWindow {
    return {
      size: this.size,
      total: this.total,
      full: this.isFull,
      shareCount: this.count,
      newestId: this.newestId,
      oldestId: this.oldestId,
      edgeCounted: this.edgeCounted,
      weights: new Map(this.weights),
    };
  }
}

/** The window over shares listed newest first. */
export function buildPplnsWindow(sharesNewestFirst: Iterable<WindowShare>, size: bigint): PplnsWindow {
  const builder = new PplnsWindowBuilder(size);
  for (const share of sharesNewestFirst) if (builder.add(share)) break;
  return builder.result();
}
