import { describe, expect, it } from 'vitest';
import { parseBlockTemplate } from './block-template.js';
import { CryptonoteError } from './errors.js';
import {
  assembleHashingBlob,
  blockHashingBlob,
  blockId,
  minerTxHash,
  minerTxHashOf,
  nonceBytes,
  RCT_NULL_BASE_HASH,
  writeNonce,
} from './hashing-blob.js';
import { bytesToHex, hexToBytes } from './hex.js';
import { cnFastHash } from './keccak.js';
import { writeReserved } from './reserved-space.js';
import { randomHashes, withTxHashes } from './testing/synthetic.js';
import { keccakTreeVectors, mainnetTemplate, templateVectors } from './testing/vectors.js';
import { treeHash } from './tree-hash.js';

const mainnet = mainnetTemplate();
const mainnetBlob = hexToBytes(mainnet.blocktemplate_blob);
const reservedVector = mainnet.with_reserved_bytes;
const genesis = templateVectors().find((t) => t.block_blob)!;

describe('hashing blob', () => {
  it('equals monerod blockhashing_blob for the template vectors', () => {
    expect(bytesToHex(blockHashingBlob(mainnetBlob))).toBe(mainnet.blockhashing_blob);
    expect(bytesToHex(blockHashingBlob(hexToBytes(genesis.block_blob as string)))).toBe(
      genesis.blockhashing_blob,
    );
  });

  it('gives the miner-tx hash and hashing blob of the vector after writing reserved bytes', () => {
    const reserved = hexToBytes(reservedVector.write_at_reserved_offset);
    const blob = writeReserved(mainnetBlob, mainnet.reserved_offset, mainnet.reserve_size, reserved);
    expect(bytesToHex(minerTxHash(blob))).toBe(reservedVector.miner_tx_hash);
    expect(bytesToHex(blockHashingBlob(blob))).toBe(reservedVector.blockhashing_blob);
  });

  it('hashes a v1 miner tx whole, a v2 one as H(H(prefix) ‖ H(rct base) ‖ 0³²)', () => {
    expect(bytesToHex(RCT_NULL_BASE_HASH)).toBe(
      keccakTreeVectors().keccak256.find((k) => k.input_hex === '00')?.hash,
    );
    const g = hexToBytes(genesis.block_blob as string);
    const { minerTx } = parseBlockTemplate(g);
    expect(minerTxHash(g)).toEqual(cnFastHash(g.subarray(minerTx.prefixStart, minerTx.end)));
    const tx = mainnetBlob.subarray(43, 192);
    const joined = new Uint8Array(96);
    joined.set(cnFastHash(tx.subarray(0, 148)), 0);
    joined.set(RCT_NULL_BASE_HASH, 32);
    expect(minerTxHashOf(tx, 2, 148)).toEqual(cnFastHash(joined));
  });

  it('puts the tree hash of [miner tx, tx hashes…] and the count in the blob', () => {
    for (const n of [1, 2, 126, 127, 128, 200]) {
      const hashes = randomHashes(n);
      const blob = withTxHashes(mainnetBlob, hashes);
      const hb = blockHashingBlob(blob);
      const root = treeHash([minerTxHash(blob), ...hashes]);
      expect(bytesToHex(hb.subarray(43, 75))).toBe(bytesToHex(root));
      // varint(1 + n): one byte below 128 transactions, two from 128.
      expect(hb.length).toBe(n + 1 < 128 ? 76 : 77);
      expect(bytesToHex(hb.subarray(0, 43))).toBe(bytesToHex(blob.subarray(0, 43)));
    }
  });

  it('assembles header ‖ root ‖ varint(count) into a new buffer', () => {
    const out = assembleHashingBlob(new Uint8Array(43).fill(1), new Uint8Array(32).fill(2), 300);
    expect(bytesToHex(out.subarray(75))).toBe('ac02');
    expect(out.length).toBe(77);
  });
});

describe('blockId', () => {
  it('matches the vector ids', () => {
    expect(bytesToHex(blockId(hexToBytes(genesis.blockhashing_blob)))).toBe(genesis.block_id);
    const withNonce = writeNonce(
      hexToBytes(reservedVector.blockhashing_blob),
      hexToBytes(reservedVector.nonce_at_39),
    );
    expect(bytesToHex(blockId(withNonce))).toBe(reservedVector.block_id);
  });

  it('rejects non-bytes with a typed error', () => {
    expect(() => blockId('00' as unknown as Uint8Array)).toThrow(CryptonoteError);
  });
});

describe('writeNonce', () => {
  it('writes the 4 bytes at 39 into a copy, leaving the input alone', () => {
    const hb = hexToBytes(reservedVector.blockhashing_blob);
    const before = bytesToHex(hb);
    const out = writeNonce(hb, hexToBytes('78563412'));
    expect(bytesToHex(hb)).toBe(before);
    expect(bytesToHex(out.subarray(39, 43))).toBe('78563412');
    expect(bytesToHex(out.subarray(0, 39))).toBe(before.slice(0, 78));
    expect(bytesToHex(out.subarray(43))).toBe(before.slice(86));
  });

  it('takes a uint32 as little-endian and works on full block blobs too', () => {
    const out = writeNonce(mainnetBlob, 0x12345678);
    expect(bytesToHex(out.subarray(39, 43))).toBe('78563412');
    expect(parseBlockTemplate(out).header.nonce).toBe(0x12345678);
    expect(bytesToHex(nonceBytes(0xffffffff))).toBe('ffffffff');
  });

  it('rejects bad nonces and blobs too short for a header', () => {
    for (const bad of [-1, 2 ** 32, 1.5, new Uint8Array(3), new Uint8Array(5)]) {
      expect(() => writeNonce(mainnetBlob, bad), String(bad)).toThrow(CryptonoteError);
    }
    expect(() => writeNonce(new Uint8Array(20), 1)).toThrow(CryptonoteError);
  });
});
