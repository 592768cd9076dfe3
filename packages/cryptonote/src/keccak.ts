import { keccak_256 } from '@noble/hashes/sha3.js';

/**
 * Monero's cn_fast_hash: Keccak-256 with the original Keccak padding (0x01 … 0x80),
 * not SHA3-256 (0x06). noble's `keccak_256` is exactly that variant.
 */
export function cnFastHash(data: Uint8Array): Uint8Array {
  return keccak_256(data);
}

/**
 * A Keccak-256 (cn_fast_hash) implementation, for code that hashes per job: the pure-JS
 * one below by default; the stratum gateway passes a WebAssembly one (~5× faster there).
 */
export interface Keccak256Hasher {
  /** The 32-byte digest in a new buffer (callers keep it across calls). */
  hash(data: Uint8Array): Uint8Array;
}

export const JS_KECCAK_256: Keccak256Hasher = { hash: cnFastHash };

/** cn_fast_hash over several parts without concatenating them first. */
export function cnFastHashParts(...parts: Uint8Array[]): Uint8Array {
  const h = keccak_256.create();
  for (const part of parts) h.update(part);
  return h.digest();
}

/** Hash of two 32-byte nodes, the step of the tree hash. */
export function hashPair(left: Uint8Array, right: Uint8Array): Uint8Array {
  const buf = new Uint8Array(64);
  buf.set(left, 0);
  buf.set(right, 32);
  return keccak_256(buf);
}
