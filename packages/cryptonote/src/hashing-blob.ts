import { type ParsedBlock, parseBlockHeader, parseBlockTemplate } from './block-template.js';
import { CryptonoteError } from './errors.js';
import { cnFastHash, cnFastHashParts, JS_KECCAK_256, type Keccak256Hasher } from './keccak.js';
import { treeHash } from './tree-hash.js';
import { encodeVarint } from './varint.js';

/**
 * Miner-tx hash, hashing blob and block id (src/cryptonote_basic/cryptonote_format_utils.cpp):
 * hashing blob = header (through the nonce) ‖ tree hash of [miner tx, tx hashes…] ‖ varint(1 + #tx hashes);
 * block id = cn_fast_hash(varint(len) ‖ hashing blob).
 */

/** Hash of the RCT base of a miner tx: cn_fast_hash(0x00), a constant for RCT type null. */
export const RCT_NULL_BASE_HASH = cnFastHash(Uint8Array.of(0));

/** The v2 tx-hash input H(prefix) ‖ H(rct base) ‖ 0³² with its constant parts in place. */
export function minerTxLeafInput(): Uint8Array {
  const input = new Uint8Array(96);
  input.set(RCT_NULL_BASE_HASH, 32);
  return input;
}

/**
 * Transaction hash of a miner tx given its bytes. Version 2: H(H(prefix) ‖ H(rct base) ‖ 0³²)
 * (the prunable part of RCT type null hashes to null_hash); version 1: H(whole tx).
 * A per-job caller passes its own hasher and a `leafInput` (minerTxLeafInput) to reuse.
 */
export function minerTxHashOf(
  tx: Uint8Array,
  version: number,
  prefixLength: number,
  keccak: Keccak256Hasher = JS_KECCAK_256,
  leafInput: Uint8Array = minerTxLeafInput(),
): Uint8Array {
  if (version === 1) return keccak.hash(tx);
  leafInput.set(keccak.hash(prefixLength === tx.length ? tx : tx.subarray(0, prefixLength)), 0);
  return keccak.hash(leafInput);
}

/** Miner-tx hash of a parsed template blob. */
export function minerTxHash(blob: Uint8Array, parsed: ParsedBlock = parseBlockTemplate(blob)): Uint8Array {
  const { minerTx } = parsed;
  return minerTxHashOf(
    blob.subarray(minerTx.prefixStart, minerTx.end),
    minerTx.version,
    minerTx.prefixEnd - minerTx.prefixStart,
  );
}

/** Assembles header ‖ merkle root ‖ varint(tx count) into a new buffer. */
export function assembleHashingBlob(header: Uint8Array, merkleRoot: Uint8Array, txCount: number): Uint8Array {
  const count = encodeVarint(txCount);
  const out = new Uint8Array(header.length + merkleRoot.length + count.length);
  out.set(header, 0);
  out.set(merkleRoot, header.length);
  out.set(count, header.length + merkleRoot.length);
  return out;
}

/** The hashing blob of a template as it is (what monerod returns as `blockhashing_blob`). */
export function blockHashingBlob(blob: Uint8Array): Uint8Array {
  const parsed = parseBlockTemplate(blob);
  const root = treeHash([minerTxHash(blob, parsed), ...parsed.txHashes]);
  return assembleHashingBlob(blob.subarray(0, parsed.header.length), root, parsed.txHashes.length + 1);
}

/** Block id (what submit_block answers and headers call `hash`). */
export function blockId(hashingBlob: Uint8Array): Uint8Array {
  if (!(hashingBlob instanceof Uint8Array))
    throw new CryptonoteError('block', 'hashing blob must be a Uint8Array');
  return cnFastHashParts(encodeVarint(hashingBlob.length), hashingBlob);
}

/** Normalises a nonce: a uint32 (written little-endian) or its 4 bytes as they sit in the blob. */
export function nonceBytes(nonce: Uint8Array | number): Uint8Array {
  if (typeof nonce === 'number') {
    if (!Number.isInteger(nonce) || nonce < 0 || nonce > 0xffffffff) {
      throw new CryptonoteError('nonce', `nonce must be a uint32, got ${nonce}`);
    }
    return Uint8Array.of(nonce & 0xff, (nonce >>> 8) & 0xff, (nonce >>> 16) & 0xff, nonce >>> 24);
  }
  if (!(nonce instanceof Uint8Array) || nonce.length !== 4) {
    throw new CryptonoteError('nonce', 'nonce must be exactly 4 bytes');
  }
  return nonce;
}

/**
 * A copy of a hashing blob (or a block blob: they share the header) with the nonce
 * written where the header puts it (offset 39 today), found by parsing the header.
 */
export function writeNonce(blob: Uint8Array, nonce: Uint8Array | number): Uint8Array {
  const bytes = nonceBytes(nonce);
  const { nonceOffset } = parseBlockHeader(blob);
  const out = blob.slice();
  out.set(bytes, nonceOffset);
  return out;
}
