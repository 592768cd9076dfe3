import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as cn from './index.js';
import { randomHashes, withTxHashes } from './testing/synthetic.js';
import { addressVectors, mainnetTemplate } from './testing/vectors.js';

/**
 * Random, truncated and oversized input to every entry point that takes outside data:
 * it either works or throws a CryptonoteError, never anything else.
 */
function onlyTypedErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof cn.CryptonoteError)) throw err;
  }
}

const mainnet = mainnetTemplate();
const template = withTxHashes(cn.hexToBytes(mainnet.blocktemplate_blob), randomHashes(3));

/** The template cut short, cut and padded with noise, or extended with noise. */
const damagedTemplate = fc
  .tuple(
    fc.nat(template.length + 64),
    fc.uint8Array({ maxLength: 64 }),
    fc.nat(template.length - 1),
    fc.nat(255),
  )
  .map(([cut, tail, pos, value]) => {
    const out = new Uint8Array(Math.min(cut, template.length) + tail.length);
    out.set(template.subarray(0, Math.min(cut, template.length)), 0);
    out.set(tail, Math.min(cut, template.length));
    if (pos < out.length) out[pos] = value;
    return out;
  });
const bytes = fc.oneof(fc.uint8Array({ maxLength: 500 }), damagedTemplate);
const anyNumber = fc.oneof(
  fc.integer({ min: -5, max: 400 }),
  fc.double(),
  fc.constant(Number.MAX_SAFE_INTEGER),
);

describe('robustness: only typed errors', () => {
  it('block parsing, hashing blobs, nonces and reserved space', () => {
    fc.assert(
      fc.property(
        bytes,
        anyNumber,
        anyNumber,
        fc.uint8Array({ maxLength: 70 }),
        (blob, offset, size, reserved) => {
          onlyTypedErrors(() => cn.parseBlockTemplate(blob));
          onlyTypedErrors(() => cn.parseBlockHeader(blob));
          onlyTypedErrors(() => cn.blockHashingBlob(blob));
          onlyTypedErrors(() => cn.minerTxHash(blob));
          onlyTypedErrors(() => cn.writeNonce(blob, reserved.subarray(0, 4)));
          onlyTypedErrors(() => cn.writeReserved(blob, offset, size, reserved));
          onlyTypedErrors(() => cn.blockId(blob));
          onlyTypedErrors(() => {
            const t = cn.prepareTemplate(blob, offset, size);
            t.hashingBlob(reserved);
            t.blockBlob(reserved, offset);
          });
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('prepared templates with random reserved bounds on a valid template', () => {
    fc.assert(
      fc.property(
        anyNumber,
        anyNumber,
        fc.uint8Array({ maxLength: 70 }),
        anyNumber,
        (offset, size, reserved, nonce) => {
          onlyTypedErrors(() => {
            const t = cn.prepareTemplate(template, offset, size);
            expect(t.hashingBlob(reserved).length).toBe(76);
            expect(t.blockBlob(reserved, nonce).length).toBe(template.length);
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('hex, varints, base58, addresses, targets, difficulties, hashes, trees', () => {
    const address = addressVectors()[0]!.address;
    const text = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.nat(address.length).map((n) => address.slice(0, n)),
      fc.string({ maxLength: 20 }).map((s) => address + s),
    );
    fc.assert(
      fc.property(text, bytes, fc.nat(600), (s, b, offset) => {
        onlyTypedErrors(() => cn.hexToBytes(s));
        onlyTypedErrors(() => cn.decodeVarint(b, offset));
        onlyTypedErrors(() => cn.decodeVarintNumber(b, offset, 255));
        onlyTypedErrors(() => cn.base58Decode(s));
        onlyTypedErrors(() => cn.decodeAddress(s));
        onlyTypedErrors(() => cn.validateAddress(s, 'mainnet'));
        onlyTypedErrors(() => cn.targetToDifficulty(s));
        onlyTypedErrors(() => cn.parseWideDifficulty(s));
        onlyTypedErrors(() => cn.hashDifficulty(b));
        onlyTypedErrors(() => cn.meetsDifficulty(b, 1n));
        onlyTypedErrors(() => cn.treeHash([b.subarray(0, 32), b.subarray(32, 64)]));
      }),
      { numRuns: 1500 },
    );
  });

  it('oversized inputs are refused quickly', () => {
    const started = Date.now();
    const huge = new Uint8Array(4 << 20).fill(0xff); // every varint overflows
    expect(() => cn.parseBlockTemplate(huge)).toThrow(cn.CryptonoteError);
    // A tx count claiming 2^56 hashes is refused before any allocation.
    const lying = cn.hexToBytes(`${mainnet.blocktemplate_blob.slice(0, -2)}ffffffffffffff7f`);
    expect(() => cn.parseBlockTemplate(lying)).toThrow(/tx hash count/);
    expect(() => cn.decodeAddress('4'.repeat(1 << 20))).toThrow(cn.AddressError);
    expect(() => cn.hexToBytes('0'.repeat((1 << 20) + 1))).toThrow(cn.CryptonoteError);
    expect(() => cn.targetToDifficulty('ff'.repeat(1 << 16))).toThrow(cn.CryptonoteError);
    expect(() => cn.parseWideDifficulty('9'.repeat(1 << 16))).toThrow(cn.CryptonoteError);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
