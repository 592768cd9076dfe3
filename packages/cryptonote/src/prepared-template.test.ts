import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBlockTemplate } from './block-template.js';
import { CryptonoteError } from './errors.js';
import { blockHashingBlob, blockId, minerTxHash, writeNonce } from './hashing-blob.js';
import { bytesToHex, hexToBytes } from './hex.js';
import { cnFastHash, type Keccak256Hasher } from './keccak.js';
import { PreparedTemplate, prepareTemplate } from './prepared-template.js';
import { writeReserved } from './reserved-space.js';
import { randomHashes, withTxHashes } from './testing/synthetic.js';
import { mainnetTemplate, templateVectors } from './testing/vectors.js';

const mainnet = mainnetTemplate();
const mainnetBlob = hexToBytes(mainnet.blocktemplate_blob);
const { reserved_offset: offset, reserve_size: size, with_reserved_bytes: vector } = mainnet;

describe('PreparedTemplate', () => {
  it('reproduces the vector: miner-tx hash, hashing blob, block id', () => {
    const t = prepareTemplate(mainnetBlob, offset, size);
    const reserved = hexToBytes(vector.write_at_reserved_offset);
    expect(bytesToHex(t.minerTxHash(reserved))).toBe(vector.miner_tx_hash);
    const hb = t.hashingBlob(reserved);
    expect(bytesToHex(hb)).toBe(vector.blockhashing_blob);
    expect(bytesToHex(blockId(writeNonce(hb, hexToBytes(vector.nonce_at_39))))).toBe(vector.block_id);
    expect(bytesToHex(t.hashingBlob(new Uint8Array(0)))).toBe(mainnet.blockhashing_blob);
    expect(t.height).toBe(3195018);
    expect(t.txCount).toBe(1);
    expect(t.header.nonceOffset).toBe(39);
  });

  it('agrees with the slow path for every tx count around powers of two', () => {
    const counts = [
      0, 1, 2, 3, 4, 6, 7, 8, 14, 15, 16, 31, 32, 63, 64, 126, 127, 128, 255, 256, 511, 1023, 2000,
    ];
    for (const n of counts) {
      const blob = withTxHashes(mainnetBlob, randomHashes(n));
      const t = new PreparedTemplate(blob, offset, size);
      expect(t.txCount).toBe(n + 1);
      for (const reserved of [
        new Uint8Array(0),
        Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 2),
        new Uint8Array(size).fill(0xee),
      ]) {
        const slow = blockHashingBlob(writeReserved(blob, offset, size, reserved));
        expect(bytesToHex(t.hashingBlob(reserved)), `n=${n}`).toBe(bytesToHex(slow));
      }
    }
  });

  it('builds the block for submit_block: reserved bytes and nonce written, the rest unchanged', () => {
    const blob = withTxHashes(mainnetBlob, randomHashes(3));
    const t = prepareTemplate(blob, offset, size);
    const reserved = hexToBytes('0000000700000009');
    const block = t.blockBlob(reserved, hexToBytes('deadbeef'));
    const parsed = parseBlockTemplate(block);
    expect(bytesToHex(block.subarray(39, 43))).toBe('deadbeef');
    expect(bytesToHex(block.subarray(offset, offset + 8))).toBe('0000000700000009');
    expect(block.length).toBe(blob.length);
    expect(bytesToHex(minerTxHash(block, parsed))).toBe(bytesToHex(t.minerTxHash(reserved)));
    // The block's own hashing blob is the job's hashing blob with the nonce in place.
    expect(bytesToHex(blockHashingBlob(block))).toBe(
      bytesToHex(writeNonce(t.hashingBlob(reserved), 0xefbeadde)),
    );
    expect(bytesToHex(t.blockBlob(reserved, 0xefbeadde))).toBe(bytesToHex(block));
  });

  it('never mutates the caller’s blob or its own template (property)', () => {
    const blob = withTxHashes(mainnetBlob, randomHashes(5));
    const original = bytesToHex(blob);
    const t = prepareTemplate(blob, offset, size);
    blob.fill(0); // the caller reuses its buffer: the prepared template kept a copy
    const first = bytesToHex(t.hashingBlob(new Uint8Array(0)));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: size }), fc.nat(0xffffffff), (reserved, nonce) => {
        const block = t.blockBlob(reserved, nonce);
        block.fill(1);
        t.minerTxBytes(reserved).fill(2);
        t.hashingBlob(reserved).fill(3);
      }),
      { numRuns: 200 },
    );
    expect(bytesToHex(t.hashingBlob(new Uint8Array(0)))).toBe(first);
    expect(bytesToHex(t.templateBlob())).toBe(original);
  });

  it('gives different hashing blobs for different reserved bytes', () => {
    const t = prepareTemplate(mainnetBlob, offset, size);
    const a = bytesToHex(t.hashingBlob(Uint8Array.of(0, 0, 0, 1)));
    const b = bytesToHex(t.hashingBlob(Uint8Array.of(0, 0, 0, 2)));
    expect(a).not.toBe(b);
    expect(a.slice(0, 86)).toBe(b.slice(0, 86));
  });

  it('validates reserved bounds, reserved bytes and nonces with typed errors', () => {
    expect(() => prepareTemplate(mainnetBlob, offset, size + 1)).toThrow(CryptonoteError);
    expect(() => prepareTemplate(mainnetBlob, 10, 4)).toThrow(/not inside the miner tx extra/);
    expect(() => prepareTemplate('00' as unknown as Uint8Array, offset, size)).toThrow(CryptonoteError);
    const t = prepareTemplate(mainnetBlob, offset, 8);
    expect(() => t.hashingBlob(new Uint8Array(9))).toThrow(/do not fit the reserve size 8/);
    expect(() => t.blockBlob(new Uint8Array(4), new Uint8Array(3))).toThrow(/nonce/);
    expect(() => t.blockBlob(new Uint8Array(4), -1)).toThrow(/nonce/);
  });

  it('prepares the v1 genesis block too', () => {
    const genesis = templateVectors().find((v) => v.block_blob)!;
    const blob = hexToBytes(genesis.block_blob as string);
    const { minerTx } = parseBlockTemplate(blob);
    // Genesis has no reserved space; an empty one at the end of extra is allowed.
    const t = prepareTemplate(blob, minerTx.extraEnd, 0);
    expect(bytesToHex(writeNonce(t.hashingBlob(new Uint8Array(0)), 10000))).toBe(genesis.blockhashing_blob);
  });
  it('hashes with the Keccak it is given: 2 + log2(n) hashes a job, the same bytes', () => {
    const blob = withTxHashes(mainnetBlob, randomHashes(7));
    const inputs: number[] = [];
    const counting: Keccak256Hasher = {
      hash: (data) => {
        inputs.push(data.length);
        return cnFastHash(data);
      },
    };
    const counted = prepareTemplate(blob, offset, size, counting);
    const plain = prepareTemplate(blob, offset, size);
    inputs.length = 0; // preparing hashed the tree once
    const reserved = Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 2);
    expect(bytesToHex(counted.hashingBlob(reserved))).toBe(bytesToHex(plain.hashingBlob(reserved)));
    // prefix, H(prefix) ‖ H(rct base) ‖ 0³², then 3 pairs up a tree of 8 leaves.
    expect(inputs.slice(1)).toEqual([96, 64, 64, 64]);
  });

  it('writes the nonce into the hashing blob when given', () => {
    const t = prepareTemplate(mainnetBlob, offset, size);
    const reserved = hexToBytes(vector.write_at_reserved_offset);
    const hb = t.hashingBlob(reserved, hexToBytes(vector.nonce_at_39));
    expect(bytesToHex(hb)).toBe(
      bytesToHex(writeNonce(t.hashingBlob(reserved), hexToBytes(vector.nonce_at_39))),
    );
    expect(bytesToHex(blockId(hb))).toBe(vector.block_id);
    expect(bytesToHex(t.hashingBlob(reserved, 0x12345678).subarray(39, 43))).toBe('78563412');
    expect(t.hashingBlobLength).toBe(hb.length);
  });

  it('gives the same blob for the same reserved bytes whatever was hashed before (property)', () => {
    const blob = withTxHashes(mainnetBlob, randomHashes(3));
    const t = prepareTemplate(blob, offset, size);
    const fresh = (reserved: Uint8Array) =>
      bytesToHex(prepareTemplate(blob, offset, size).hashingBlob(reserved));
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: size }),
        fc.uint8Array({ maxLength: size }),
        (before, reserved) => {
          t.hashingBlob(before);
          expect(bytesToHex(t.hashingBlob(reserved))).toBe(fresh(reserved));
        },
      ),
      { numRuns: 100 },
    );
  });
});
