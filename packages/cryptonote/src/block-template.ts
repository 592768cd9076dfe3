import { ByteReader } from './byte-reader.js';
import { CryptonoteError } from './errors.js';

/**
 * Parser for a monerod block template blob (`blocktemplate_blob`), layout from
 * src/cryptonote_basic/cryptonote_basic.h: header, miner transaction, tx hashes.
 * It accepts miner transactions of version 1 (genesis) and version 2 with RCT type
 * null (every block since v4); anything else is a CryptonoteError with code 'block'.
 */

export const HASH_BYTES = 32;
export const NONCE_BYTES = 4;

const TXIN_GEN = 0xff;
const TXOUT_TO_KEY = 0x02;
const TXOUT_TO_TAGGED_KEY = 0x03;
const RCT_TYPE_NULL = 0;
const MAX_VERSION_BYTE = 255;

export interface BlockHeader {
  majorVersion: number;
  minorVersion: number;
  /** Seconds since the epoch. */
  timestamp: number;
  prevId: Uint8Array;
  /** uint32 read little-endian from `nonceOffset`. */
  nonce: number;
  /** Where the 4 nonce bytes sit (39 for today's blocks). */
  nonceOffset: number;
  /** Bytes of the header, nonce included: the miner transaction starts here. */
  length: number;
}

export interface MinerOutput {
  amount: bigint;
  /** One-time output public key. */
  key: Uint8Array;
  /** Present for txout_to_tagged_key outputs (HF15+). */
  viewTag?: number;
}

export interface MinerTx {
  version: number;
  unlockTime: bigint;
  /** Height of the block being mined, from the txin_gen input. */
  height: number;
  outputs: MinerOutput[];
  /** Offset of the version byte: the prefix (what the first Keccak hashes) starts here. */
  prefixStart: number;
  /** End (exclusive) of the prefix = end of `extra`. */
  prefixEnd: number;
  /** First byte of the extra field's content (after its length varint). */
  extraStart: number;
  /** End (exclusive) of extra; equals prefixEnd. */
  extraEnd: number;
  /** The RCT base (one 0x00 byte for RCT type null); empty for version 1. */
  rctStart: number;
  rctEnd: number;
  /** End (exclusive) of the whole miner transaction. */
  end: number;
}

export interface ParsedBlock {
  header: BlockHeader;
  minerTx: MinerTx;
  /** Offset of the tx-hash count varint. */
  txHashesOffset: number;
  /** Hashes of the pool transactions in the template (the miner tx not included). */
  txHashes: Uint8Array[];
  /** Total size of the blob. */
  size: number;
}

/** Reads only the header; hashing blobs and template blobs share it. */
export function parseBlockHeader(blob: Uint8Array): BlockHeader {
  if (!(blob instanceof Uint8Array)) throw new CryptonoteError('block', 'block blob must be a Uint8Array');
  return readHeader(new ByteReader(blob, 'block'));
}

function readHeader(r: ByteReader): BlockHeader {
  const majorVersion = r.varintNumber('major version', MAX_VERSION_BYTE);
  const minorVersion = r.varintNumber('minor version', MAX_VERSION_BYTE);
  const timestamp = r.varintNumber('timestamp', Number.MAX_SAFE_INTEGER);
  const prevId = r.take(HASH_BYTES, 'prev id').slice();
  const nonceOffset = r.offset;
  const n = r.take(NONCE_BYTES, 'nonce');
  const nonce =
    ((n[0] as number) | ((n[1] as number) << 8) | ((n[2] as number) << 16) | ((n[3] as number) << 24)) >>> 0;
  return { majorVersion, minorVersion, timestamp, prevId, nonce, nonceOffset, length: r.offset };
}

function readMinerTx(r: ByteReader): MinerTx {
  const prefixStart = r.offset;
  const version = r.varintNumber('miner tx version', MAX_VERSION_BYTE);
  if (version !== 1 && version !== 2) r.fail(`miner tx version ${version} is not supported (1 or 2)`);
  const unlockTime = r.varint('miner tx unlock time');
  const inputs = r.varintNumber('miner tx input count', r.remaining);
  if (inputs !== 1) r.fail(`miner tx has ${inputs} inputs, a miner tx has exactly one`);
  const tag = r.byte('miner tx input type');
  if (tag !== TXIN_GEN) r.fail(`miner tx input has type 0x${tag.toString(16)}, expected txin_gen (0xff)`);
  const height = r.varintNumber('miner tx height', Number.MAX_SAFE_INTEGER);
  const outputCount = r.varintNumber('miner tx output count', r.remaining);
  const outputs: MinerOutput[] = [];
  for (let i = 0; i < outputCount; i++) outputs.push(readOutput(r, i));
  const extraLength = r.varintNumber('miner tx extra length', r.remaining);
  const extraStart = r.offset;
  r.skip(extraLength, 'miner tx extra');
  const prefixEnd = r.offset;
  const rctStart = r.offset;
  if (version === 2) {
    const rctType = r.byte('miner tx rct type');
    if (rctType !== RCT_TYPE_NULL)
      r.fail(`miner tx rct type ${rctType} is not supported (expected 0, RCTTypeNull)`);
  }
  const rctEnd = r.offset;
  return {
    version,
    unlockTime,
    height,
    outputs,
    prefixStart,
    prefixEnd,
    extraStart,
    extraEnd: prefixEnd,
    rctStart,
    rctEnd,
    end: rctEnd,
  };
}

function readOutput(r: ByteReader, index: number): MinerOutput {
  const amount = r.varint(`miner tx output ${index} amount`);
  const type = r.byte(`miner tx output ${index} type`);
  if (type === TXOUT_TO_KEY)
    return { amount, key: r.take(HASH_BYTES, `miner tx output ${index} key`).slice() };
  if (type === TXOUT_TO_TAGGED_KEY) {
    const key = r.take(HASH_BYTES, `miner tx output ${index} key`).slice();
    return { amount, key, viewTag: r.byte(`miner tx output ${index} view tag`) };
  }
  return r.fail(`miner tx output ${index} has type 0x${type.toString(16)}, expected 0x02 or 0x03`);
}

/** Parses a whole block (template) blob; trailing bytes are an error. */
export function parseBlockTemplate(blob: Uint8Array): ParsedBlock {
  if (!(blob instanceof Uint8Array)) throw new CryptonoteError('block', 'block blob must be a Uint8Array');
  const r = new ByteReader(blob, 'block');
  const header = readHeader(r);
  const minerTx = readMinerTx(r);
  const txHashesOffset = r.offset;
  const count = r.varintNumber('tx hash count', Math.floor(r.remaining / HASH_BYTES));
  const txHashes: Uint8Array[] = [];
  for (let i = 0; i < count; i++) txHashes.push(r.take(HASH_BYTES, `tx hash ${i}`).slice());
  if (r.remaining !== 0) r.fail(`${r.remaining} unexpected bytes after the tx hashes at offset ${r.offset}`);
  return { header, minerTx, txHashesOffset, txHashes, size: blob.length };
}
