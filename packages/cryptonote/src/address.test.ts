import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ADDRESS_PREFIXES,
  decodeAddress,
  encodeAddress,
  isValidAddress,
  validateAddress,
} from './address.js';
import { base58Decode, base58Encode } from './base58.js';
import { AddressError, type AddressErrorReason, CryptonoteError } from './errors.js';
import { bytesToHex, hexToBytes } from './hex.js';
import { cnFastHash } from './keccak.js';
import { addressVectors } from './testing/vectors.js';

function reasonOf(fn: () => unknown): AddressErrorReason | 'none' {
  try {
    fn();
    return 'none';
  } catch (err) {
    expect(err).toBeInstanceOf(AddressError);
    return (err as AddressError).reason;
  }
}

/** A well-formed address body with any prefix and a correct checksum. */
function rawAddress(prefix: Uint8Array, payloadBytes = 64): string {
  const body = new Uint8Array(prefix.length + payloadBytes);
  body.set(prefix, 0);
  body.fill(7, prefix.length);
  const raw = new Uint8Array(body.length + 4);
  raw.set(body, 0);
  raw.set(cnFastHash(body).subarray(0, 4), body.length);
  return base58Encode(raw);
}

const [mainnetStandard, mainnetIntegrated] = addressVectors();

describe('decodeAddress', () => {
  it('decodes every vector: network, kind, keys, payment id', () => {
    for (const v of addressVectors()) {
      const a = decodeAddress(v.address);
      expect(a.network, v.address).toBe(v.network);
      expect(a.kind, v.address).toBe(v.kind);
      expect(ADDRESS_PREFIXES[a.network][a.kind]).toBe(v.prefix);
      expect(a.spendKey.length).toBe(32);
      expect(a.viewKey.length).toBe(32);
      if (v.spend_public) expect(bytesToHex(a.spendKey)).toBe(v.spend_public);
      if (v.view_public) expect(bytesToHex(a.viewKey)).toBe(v.view_public);
      if (v.kind === 'integrated') expect(bytesToHex(a.paymentId as Uint8Array)).toBe(v.payment_id);
      else expect(a.paymentId).toBeUndefined();
      expect(encodeAddress(a)).toBe(v.address);
    }
  });

  it('covers all three kinds on all three networks', () => {
    const seen = new Set(addressVectors().map((v) => `${v.network}/${v.kind}`));
    expect(seen.size).toBe(9);
  });

  it('checks the checksum', () => {
    const v = mainnetStandard!;
    if (v.checksum) expect(bytesToHex(base58Decode(v.address).subarray(-4))).toBe(v.checksum);
    // Change one character in the middle: still base58, same length, wrong checksum.
    const i = 50;
    const swapped = v.address.slice(0, i) + (v.address[i] === 'a' ? 'b' : 'a') + v.address.slice(i + 1);
    expect(reasonOf(() => decodeAddress(swapped))).toBe('checksum');
  });

  it('names the failing check: length, character, checksum, prefix', () => {
    const std = mainnetStandard!.address;
    expect(reasonOf(() => decodeAddress(std.slice(0, -1)))).toBe('length');
    expect(reasonOf(() => decodeAddress(`${std}1`))).toBe('length');
    expect(reasonOf(() => decodeAddress(''))).toBe('length');
    expect(reasonOf(() => decodeAddress(`${std.slice(0, 10)}0${std.slice(11)}`))).toBe('character');
    expect(reasonOf(() => decodeAddress(`${std.slice(0, 10)}O${std.slice(11, -3)}`))).toBe('character');
    expect(reasonOf(() => decodeAddress(42 as unknown as string))).toBe('character');
    // An overflowing block ('zzzzzzzzzzz' is more than 2^64).
    expect(reasonOf(() => decodeAddress(`zzzzzzzzzzz${std.slice(11)}`))).toBe('character');
    // Another coin's prefix with a valid checksum (Wownero-style 2-byte prefix 4146).
    expect(reasonOf(() => decodeAddress(rawAddress(Uint8Array.of(0xb2, 0x20), 63)))).toBe('prefix');
    expect(reasonOf(() => decodeAddress(rawAddress(Uint8Array.of(17))))).toBe('prefix');
    // A standard prefix carrying an integrated-length payload.
    expect(reasonOf(() => decodeAddress(rawAddress(Uint8Array.of(18), 72)))).toBe('length');
    // A non-canonical prefix varint.
    expect(reasonOf(() => decodeAddress(rawAddress(Uint8Array.of(0x92, 0x00), 63)))).toBe('prefix');
  });

  it('says what is wrong in the message', () => {
    expect(() => decodeAddress('4'.repeat(94))).toThrow(/94 characters.*95 \(integrated: 106\)/);
    expect(() => decodeAddress(`0${'4'.repeat(94)}`)).toThrow(/invalid character "0" at position 0/);
    expect(() => decodeAddress(rawAddress(Uint8Array.of(17)))).toThrow(
      /prefix 17 is not a Monero address prefix/,
    );
  });

  it('throws only AddressError on random strings and random base58 (property)', () => {
    const base58Char = fc.constantFrom(
      ...'123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'.split(''),
    );
    const candidates = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.array(base58Char, { minLength: 95, maxLength: 95 }).map((a) => a.join('')),
      fc.array(base58Char, { minLength: 106, maxLength: 106 }).map((a) => a.join('')),
    );
    fc.assert(
      fc.property(candidates, (text) => {
        try {
          decodeAddress(text);
        } catch (err) {
          expect(err).toBeInstanceOf(AddressError);
        }
      }),
    );
  });
});

describe('validateAddress', () => {
  it('accepts an address of the expected network', () => {
    expect(validateAddress(mainnetIntegrated!.address, 'mainnet').kind).toBe('integrated');
    expect(isValidAddress(mainnetStandard!.address, 'mainnet')).toBe(true);
  });

  it('rejects another network with reason "network"', () => {
    for (const v of addressVectors()) {
      for (const net of ['mainnet', 'testnet', 'stagenet'] as const) {
        if (net === v.network) continue;
        expect(reasonOf(() => validateAddress(v.address, net))).toBe('network');
        expect(isValidAddress(v.address, net)).toBe(false);
      }
    }
    expect(() => validateAddress(addressVectors()[3]!.address, 'mainnet')).toThrow(
      /testnet address.*mainnet/,
    );
    expect(isValidAddress('nonsense', 'mainnet')).toBe(false);
  });
});

describe('encodeAddress', () => {
  it('round-trips any keys on any network and kind (property)', () => {
    const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
    const arb = fc.record({
      network: fc.constantFrom('mainnet' as const, 'testnet' as const, 'stagenet' as const),
      kind: fc.constantFrom('standard' as const, 'integrated' as const, 'subaddress' as const),
      spendKey: bytes(32),
      viewKey: bytes(32),
      paymentId: bytes(8),
    });
    fc.assert(
      fc.property(arb, ({ paymentId, ...a }) => {
        const address = a.kind === 'integrated' ? { ...a, paymentId } : a;
        const text = encodeAddress(address);
        expect(text.length).toBe(a.kind === 'integrated' ? 106 : 95);
        expect(decodeAddress(text)).toEqual(address);
      }),
    );
  });

  it('rejects wrong key sizes and misplaced payment ids', () => {
    const keys = { spendKey: new Uint8Array(32), viewKey: new Uint8Array(32) };
    expect(() =>
      encodeAddress({ network: 'mainnet', kind: 'standard', ...keys, spendKey: new Uint8Array(31) }),
    ).toThrow(CryptonoteError);
    expect(() => encodeAddress({ network: 'mainnet', kind: 'integrated', ...keys })).toThrow(/payment id/);
    expect(() =>
      encodeAddress({ network: 'mainnet', kind: 'standard', ...keys, paymentId: new Uint8Array(8) }),
    ).toThrow(/payment id/);
    expect(() =>
      encodeAddress({ network: 'mainnet', kind: 'integrated', ...keys, paymentId: new Uint8Array(4) }),
    ).toThrow(/8 bytes/);
  });

  it('rebuilds the raw bytes of the vector', () => {
    const v = mainnetStandard!;
    const a = decodeAddress(v.address);
    expect(bytesToHex(base58Decode(encodeAddress(a)))).toBe(v.raw_hex);
    expect(hexToBytes(v.raw_hex as string)[0]).toBe(18);
  });
});
