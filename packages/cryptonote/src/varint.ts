import { CryptonoteError } from './errors.js';

/**
 * CryptoNote varints: unsigned LEB128, 7 data bits per byte, high bit = more bytes follow.
 * Values are uint64 as in Monero; decoding rejects overflow and non-canonical encodings
 * (a trailing zero byte), as monerod's `read_varint` does.
 */
const MAX_UINT64 = (1n << 64n) - 1n;
const MAX_VARINT_BYTES = 10;

export interface DecodedVarint {
  value: bigint;
  /** Number of bytes the varint took. */
  length: number;
}

export function encodeVarint(n: number | bigint): Uint8Array {
  if (typeof n === 'number') {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new CryptonoteError('varint', `varint value must be a non-negative safe integer, got ${n}`);
    }
    if (n < 0x80) return Uint8Array.of(n);
    n = BigInt(n);
  }
  if (typeof n !== 'bigint' || n < 0n || n > MAX_UINT64) {
    throw new CryptonoteError('varint', `varint value must be in 0..2^64-1, got ${String(n)}`);
  }
  const out: number[] = [];
  let v = n;
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Uint8Array.from(out);
}

/** Size in bytes of the varint encoding of n. */
export function varintLength(n: number | bigint): number {
  return encodeVarint(n).length;
}

export function decodeVarint(buf: Uint8Array, offset: number): DecodedVarint {
  if (!Number.isInteger(offset) || offset < 0 || offset > buf.length) {
    throw new CryptonoteError('varint', `varint offset ${offset} is outside the ${buf.length}-byte input`);
  }
  let value = 0n;
  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    const at = offset + i;
    const byte = buf[at];
    if (byte === undefined)
      throw new CryptonoteError('varint', `varint at offset ${offset} runs past the end of the input`);
    if (byte === 0 && i > 0)
      throw new CryptonoteError('varint', `varint at offset ${offset} is not canonical`);
    value |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if (value > MAX_UINT64)
      throw new CryptonoteError('varint', `varint at offset ${offset} overflows 64 bits`);
    if ((byte & 0x80) === 0) return { value, length: i + 1 };
  }
  throw new CryptonoteError('varint', `varint at offset ${offset} is longer than ${MAX_VARINT_BYTES} bytes`);
}

/** Like decodeVarint, for values that must fit a JavaScript number (counts, lengths, versions). */
export function decodeVarintNumber(
  buf: Uint8Array,
  offset: number,
  max: number = Number.MAX_SAFE_INTEGER,
): { value: number; length: number } {
  // Fast path: a single byte, the common case for counts and versions.
  const first = buf[offset];
  if (first !== undefined && first < 0x80 && Number.isInteger(offset) && offset >= 0) {
    if (first > max)
      throw new CryptonoteError('varint', `varint at offset ${offset} is ${first}, above the limit ${max}`);
    return { value: first, length: 1 };
  }
  const { value, length } = decodeVarint(buf, offset);
  if (value > BigInt(max)) {
    throw new CryptonoteError('varint', `varint at offset ${offset} is ${value}, above the limit ${max}`);
  }
  return { value: Number(value), length };
}
