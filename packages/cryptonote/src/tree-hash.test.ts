import { describe, expect, it } from 'vitest';
import { CryptonoteError } from './errors.js';
import { bytesToHex, hexToBytes } from './hex.js';
import { hashPair } from './keccak.js';
import { randomHashes } from './testing/synthetic.js';
import { keccakTreeVectors, moneroTreeVectors } from './testing/vectors.js';
import { treeBranchOfFirstLeaf, treeHash, treeHashFromBranch } from './tree-hash.js';

/** tree_hash() of src/crypto/tree-hash.c transcribed with its in-place array, as an independent oracle. */
function referenceTreeHash(hashes: Uint8Array[]): Uint8Array {
  const count = hashes.length;
  if (count === 1) return hashes[0] as Uint8Array;
  if (count === 2) return hashPair(hashes[0] as Uint8Array, hashes[1] as Uint8Array);
  let cnt = 2 ** Math.floor(Math.log2(count - 1));
  const ints: Uint8Array[] = hashes.slice(0, 2 * cnt - count);
  for (let i = 2 * cnt - count, j = 2 * cnt - count; j < cnt; i += 2, ++j) {
    ints[j] = hashPair(hashes[i] as Uint8Array, hashes[i + 1] as Uint8Array);
  }
  while (cnt > 2) {
    cnt >>= 1;
    for (let i = 0, j = 0; j < cnt; i += 2, ++j)
      ints[j] = hashPair(ints[i] as Uint8Array, ints[i + 1] as Uint8Array);
  }
  return hashPair(ints[0] as Uint8Array, ints[1] as Uint8Array);
}

/** 1, 2, 3, every power of two up to 4096 and its neighbours, and a few odd sizes. */
const COUNTS = [
  ...new Set([
    1,
    2,
    3,
    ...Array.from({ length: 12 }, (_, k) => 2 ** (k + 1)).flatMap((p) => [p - 1, p, p + 1]),
    2001,
    2000,
  ]),
].sort((a, b) => a - b);

describe('treeHash', () => {
  it('matches the shared vectors', () => {
    for (const v of keccakTreeVectors().tree_hash) {
      expect(bytesToHex(treeHash(v.leaves.map(hexToBytes)))).toBe(v.root);
    }
  });

  it('matches monero tests-tree.txt for 1…16 leaves', () => {
    const vectors = moneroTreeVectors();
    expect(vectors.map((v) => v.leaves.length)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    for (const v of vectors) {
      const leaves = v.leaves.map(hexToBytes);
      expect(bytesToHex(treeHash(leaves)), `n=${leaves.length}`).toBe(v.root);
      expect(bytesToHex(treeHashFromBranch(leaves[0] as Uint8Array, treeBranchOfFirstLeaf(leaves)))).toBe(
        v.root,
      );
    }
  });

  it(`agrees with the reference and with leaf-0 branches for n = ${COUNTS.join(', ')}`, () => {
    for (const n of COUNTS) {
      const leaves = randomHashes(n);
      const root = bytesToHex(treeHash(leaves));
      expect(root, `n=${n}`).toBe(bytesToHex(referenceTreeHash(leaves)));
      const branch = treeBranchOfFirstLeaf(leaves);
      // leaf 0 sits among the leaves copied up unhashed unless n is a power of two
      expect(branch.length, `branch length n=${n}`).toBe(Math.floor(Math.log2(n)));
      expect(bytesToHex(treeHashFromBranch(leaves[0] as Uint8Array, branch)), `n=${n}`).toBe(root);
    }
  });

  it('gives a branch that does not depend on leaf 0', () => {
    for (const n of [2, 3, 4, 5, 8, 9, 33]) {
      const leaves = randomHashes(n);
      const other = [...randomHashes(1), ...leaves.slice(1)];
      expect(treeBranchOfFirstLeaf(other).map(bytesToHex)).toEqual(
        treeBranchOfFirstLeaf(leaves).map(bytesToHex),
      );
      expect(treeHashFromBranch(other[0] as Uint8Array, treeBranchOfFirstLeaf(leaves))).toEqual(
        treeHash(other),
      );
    }
  });

  it('does not modify or alias its input', () => {
    const leaves = randomHashes(5);
    const before = leaves.map(bytesToHex);
    const single = treeHash(leaves.slice(0, 1));
    single.fill(0);
    treeBranchOfFirstLeaf(leaves).forEach((b) => {
      b.fill(0);
    });
    expect(leaves.map(bytesToHex)).toEqual(before);
  });

  it('rejects an empty list and leaves that are not 32 bytes', () => {
    expect(() => treeHash([])).toThrow(CryptonoteError);
    expect(() => treeHash([new Uint8Array(31)])).toThrow(/leaf 0 is not a 32-byte hash/);
    expect(() => treeBranchOfFirstLeaf([new Uint8Array(32), new Uint8Array(33)])).toThrow(/leaf 1/);
  });
});
