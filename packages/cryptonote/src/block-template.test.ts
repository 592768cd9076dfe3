import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBlockHeader, parseBlockTemplate } from './block-template.js';
import { CryptonoteError } from './errors.js';
import { bytesToHex, hexToBytes } from './hex.js';
import { randomHashes, withTxHashes } from './testing/synthetic.js';
import { mainnetTemplate, templateVectors } from './testing/vectors.js';

const mainnet = mainnetTemplate();
const mainnetBlob = hexToBytes(mainnet.blocktemplate_blob);
const genesis = templateVectors().find((t) => t.block_blob)!;
const genesisBlob = hexToBytes(genesis.block_blob as string);

function expectCryptonoteError(fn: () => unknown, code = 'block'): void {
  let error: unknown;
  try {
    fn();
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(CryptonoteError);
  expect((error as CryptonoteError).code).toBe(code);
}

describe('parseBlockTemplate', () => {
  it('reads the header of the mainnet template', () => {
    const { header } = parseBlockTemplate(mainnetBlob);
    expect(header.majorVersion).toBe(16);
    expect(header.minorVersion).toBe(16);
    expect(header.timestamp).toBe(1721245044);
    expect(bytesToHex(header.prevId)).toBe(mainnet.prev_hash);
    expect(header.nonce).toBe(0);
    expect(header.nonceOffset).toBe(39);
    expect(header.length).toBe(43);
  });

  it('reads the v2 miner tx and its offsets (layout of the reference byte map)', () => {
    const { minerTx, txHashes, txHashesOffset, size } = parseBlockTemplate(mainnetBlob);
    expect(minerTx.version).toBe(2);
    expect(minerTx.height).toBe(3195018);
    expect(minerTx.unlockTime).toBe(3195078n);
    expect(minerTx.outputs).toHaveLength(1);
    expect(minerTx.outputs[0]?.amount).toBe(600000000000n);
    expect(minerTx.outputs[0]?.viewTag).toBeDefined();
    expect(minerTx.prefixStart).toBe(43);
    expect(minerTx.extraStart).toBe(96);
    expect(minerTx.prefixEnd).toBe(191);
    expect(minerTx.extraEnd).toBe(191);
    expect(minerTx.rctStart).toBe(191);
    expect(minerTx.rctEnd).toBe(192);
    expect(minerTx.end).toBe(192);
    // The reserved space of the vector lies inside extra.
    expect(mainnet.reserved_offset).toBeGreaterThanOrEqual(minerTx.extraStart);
    expect(mainnet.reserved_offset + mainnet.reserve_size).toBeLessThanOrEqual(minerTx.extraEnd);
    expect(txHashes).toEqual([]);
    expect(txHashesOffset).toBe(192);
    expect(size).toBe(mainnetBlob.length);
  });

  it('reads the v1 genesis block (txout_to_key, no rct)', () => {
    const { header, minerTx, txHashes } = parseBlockTemplate(genesisBlob);
    expect(header.majorVersion).toBe(1);
    expect(header.nonce).toBe(10000);
    expect(minerTx.version).toBe(1);
    expect(minerTx.height).toBe(0);
    expect(minerTx.outputs[0]?.viewTag).toBeUndefined();
    expect(minerTx.rctEnd - minerTx.rctStart).toBe(0);
    expect(txHashes).toHaveLength(0);
  });

  it('reads the tx hashes, in order, as copies', () => {
    for (const n of [1, 2, 3, 127, 128, 300]) {
      const hashes = randomHashes(n);
      const blob = withTxHashes(mainnetBlob, hashes);
      const parsed = parseBlockTemplate(blob);
      expect(parsed.txHashes.map(bytesToHex)).toEqual(hashes.map(bytesToHex));
      blob.fill(0);
      expect(bytesToHex(parsed.txHashes[0] as Uint8Array)).toBe(bytesToHex(hashes[0] as Uint8Array));
    }
  });

  it('rejects every truncation of the template', () => {
    const blob = withTxHashes(mainnetBlob, randomHashes(2));
    for (let len = 0; len < blob.length; len++)
      expectCryptonoteError(() => parseBlockTemplate(blob.subarray(0, len)));
  });

  it('rejects trailing bytes and a tx count larger than the data', () => {
    const extra = new Uint8Array(mainnetBlob.length + 1);
    extra.set(mainnetBlob, 0);
    expectCryptonoteError(() => parseBlockTemplate(extra));
    expect(() => parseBlockTemplate(extra)).toThrow(/1 unexpected bytes after the tx hashes/);
    const lying = mainnetBlob.slice();
    lying[lying.length - 1] = 5; // claims 5 tx hashes, has none
    expect(() => parseBlockTemplate(lying)).toThrow(/tx hash count/);
  });

  it('rejects miner transactions it does not understand', () => {
    const at = (offset: number, value: number) => {
      const b = mainnetBlob.slice();
      b[offset] = value;
      return b;
    };
    expect(() => parseBlockTemplate(at(43, 3))).toThrow(/miner tx version 3/);
    expect(() => parseBlockTemplate(at(48, 2))).toThrow(/2 inputs/);
    expect(() => parseBlockTemplate(at(49, 0x02))).toThrow(/txin_gen/);
    expect(() => parseBlockTemplate(at(61, 0x04))).toThrow(/type 0x4/);
    expect(() => parseBlockTemplate(at(191, 5))).toThrow(/rct type 5/);
    expect(() => parseBlockTemplate(at(95, 0xff))).toThrow(/extra length/);
  });

  it('rejects what is not a Uint8Array with a typed error', () => {
    expectCryptonoteError(() => parseBlockTemplate('1010' as unknown as Uint8Array));
    expectCryptonoteError(() => parseBlockHeader(null as unknown as Uint8Array));
  });

  it('throws only CryptonoteError on random bytes, random edits and random tails (property)', () => {
    const mutated = fc
      .tuple(
        fc.nat(mainnetBlob.length - 1),
        fc.integer({ min: 0, max: 255 }),
        fc.nat(mainnetBlob.length + 40),
      )
      .map(([pos, value, cut]) => {
        const b = new Uint8Array(cut);
        b.set(mainnetBlob.subarray(0, Math.min(cut, mainnetBlob.length)), 0);
        if (pos < cut) b[pos] = value;
        return b;
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 400 }), mutated), (bytes) => {
        try {
          const parsed = parseBlockTemplate(bytes);
          expect(parsed.size).toBe(bytes.length);
        } catch (err) {
          expect(err).toBeInstanceOf(CryptonoteError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseBlockHeader', () => {
  it('reads the header of a hashing blob', () => {
    const h = parseBlockHeader(hexToBytes(mainnet.with_reserved_bytes.blockhashing_blob));
    expect(h.nonceOffset).toBe(39);
    expect(h.majorVersion).toBe(16);
  });

  it('finds the nonce after a longer timestamp varint', () => {
    // A timestamp ≥ 2^35 takes 6 bytes: the nonce moves to 40.
    const blob = Uint8Array.from([
      16,
      16,
      0x80,
      0x80,
      0x80,
      0x80,
      0x80,
      0x01,
      ...new Uint8Array(32),
      1,
      2,
      3,
      4,
    ]);
    const h = parseBlockHeader(blob);
    expect(h.timestamp).toBe(2 ** 35);
    expect(h.nonceOffset).toBe(40);
    expect(h.nonce).toBe(0x04030201);
  });

  it('rejects a version that does not fit a byte and a short header', () => {
    expectCryptonoteError(() => parseBlockHeader(Uint8Array.from([0x80, 0x02, ...new Uint8Array(50)])));
    expectCryptonoteError(() => parseBlockHeader(new Uint8Array(38))); // 3 one-byte varints + 32 + 4 = 39
  });
});
