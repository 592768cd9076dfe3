import { CryptonoteError } from './errors.js';
import { hashPair, JS_KECCAK_256, type Keccak256Hasher } from './keccak.js';

/**
 * Monero's tree hash (src/crypto/tree-hash.c) over 32-byte leaves: n = 1 → the leaf;
 * n = 2 → H(l0 ‖ l1); n ≥ 3 → with cnt the largest power of two below n, the first
 * 2·cnt − n leaves are kept and the rest hashed pairwise into cnt nodes, which are
 * then halved pairwise up to the root.
 */
const HASH_BYTES = 32;

function checkLeaves(leaves: readonly Uint8Array[]): void {
  if (leaves.length === 0) throw new CryptonoteError('tree', 'tree hash needs at least one leaf');
  for (const [i, leaf] of leaves.entries()) {
    if (!(leaf instanceof Uint8Array) || leaf.length !== HASH_BYTES) {
      throw new CryptonoteError('tree', `tree hash leaf ${i} is not a 32-byte hash`);
    }
  }
}

/** Largest power of two strictly below n (n ≥ 3). */
function treeWidth(n: number): number {
  let p = 1;
  while (p * 2 < n) p *= 2;
  return p;
}

export function treeHash(leaves: readonly Uint8Array[]): Uint8Array {
  checkLeaves(leaves);
  const n = leaves.length;
  if (n === 1) return (leaves[0] as Uint8Array).slice();
  if (n === 2) return hashPair(leaves[0] as Uint8Array, leaves[1] as Uint8Array);
  const cnt = treeWidth(n);
  const kept = 2 * cnt - n;
  let level: Uint8Array[] = leaves.slice(0, kept);
  for (let i = kept; i < n; i += 2)
    level.push(hashPair(leaves[i] as Uint8Array, leaves[i + 1] as Uint8Array));
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(hashPair(level[i] as Uint8Array, level[i + 1] as Uint8Array));
    level = next;
  }
  return level[0] as Uint8Array;
}

/**
 * The siblings on the path from leaf 0 to the root, bottom first. Leaf 0 is the
 * miner tx: with this branch precomputed, a new miner tx costs log2(n) hashes
 * instead of a whole tree.
 */
export function treeBranchOfFirstLeaf(leaves: readonly Uint8Array[]): Uint8Array[] {
  checkLeaves(leaves);
  const n = leaves.length;
  if (n === 1) return [];
  if (n === 2) return [(leaves[1] as Uint8Array).slice()];
  const cnt = treeWidth(n);
  const kept = 2 * cnt - n;
  const branch: Uint8Array[] = [];
  // kept = 0 only when n is a power of two: then leaf 0 is paired with leaf 1 first.
  if (kept === 0) branch.push((leaves[1] as Uint8Array).slice());
  let level: Uint8Array[] = leaves.slice(0, kept);
  for (let i = kept; i < n; i += 2)
    level.push(hashPair(leaves[i] as Uint8Array, leaves[i + 1] as Uint8Array));
  // level[0] is leaf 0 or H(leaf0 ‖ leaf1); it only depends on leaf 0 through the path.
  while (level.length > 1) {
    branch.push((level[1] as Uint8Array).slice());
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(hashPair(level[i] as Uint8Array, level[i + 1] as Uint8Array));
    level = next;
  }
  return branch;
}

/** Root from leaf 0 and its branch (see treeBranchOfFirstLeaf). */
export function treeHashFromBranch(firstLeaf: Uint8Array, branch: readonly Uint8Array[]): Uint8Array {
  if (branch.length === 0) return firstLeaf.slice();
  return foldTreeBranch(firstLeaf, branch, JS_KECCAK_256, new Uint8Array(2 * HASH_BYTES));
}

/**
 * treeHashFromBranch for a per-job caller that owns its hasher and a 64-byte scratch
 * `pair` (no allocation but the digests). Returns `firstLeaf` itself when the branch is
 * empty, so the caller must not hand in a buffer it goes on to change.
 */
export function foldTreeBranch(
  firstLeaf: Uint8Array,
  branch: readonly Uint8Array[],
  keccak: Keccak256Hasher,
  pair: Uint8Array,
): Uint8Array {
  let node = firstLeaf;
  for (const sibling of branch) {
    pair.set(node, 0);
    pair.set(sibling, HASH_BYTES);
    node = keccak.hash(pair);
  }
  return node;
}
