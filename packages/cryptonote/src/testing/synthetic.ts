/** Builders for synthetic templates in tests and benchmarks. Test-only; not built. */
import { randomBytes } from 'node:crypto';
import { parseBlockTemplate } from '../block-template.js';
import { encodeVarint } from '../varint.js';

/** The template with its tx-hash list replaced by `hashes` (count varint rewritten). */
export function withTxHashes(blob: Uint8Array, hashes: readonly Uint8Array[]): Uint8Array {
  const { txHashesOffset } = parseBlockTemplate(blob);
  const count = encodeVarint(hashes.length);
  const out = new Uint8Array(txHashesOffset + count.length + 32 * hashes.length);
  out.set(blob.subarray(0, txHashesOffset), 0);
  out.set(count, txHashesOffset);
  hashes.forEach((h, i) => {
    out.set(h, txHashesOffset + count.length + 32 * i);
  });
  return out;
}

export function randomHashes(n: number): Uint8Array[] {
  return Array.from({ length: n }, () => new Uint8Array(randomBytes(32)));
}
