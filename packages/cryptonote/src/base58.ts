import { Base58Error } from './errors.js';

/**
 * Monero's base58 (src/common/base58.cpp): not Bitcoin's. The data is cut into 8-byte
 * blocks, each read as a big-endian integer and written as exactly 11 characters
 * (left-padded with '1'); a final partial block of k bytes takes ENCODED_BLOCK_SIZES[k].
 */
export const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const FULL_BLOCK = 8;
const FULL_ENCODED_BLOCK = 11;
const ENCODED_BLOCK_SIZES = [0, 2, 3, 5, 6, 7, 9, 10, 11] as const;

const DIGIT_OF = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE58_ALPHABET.length; i++) DIGIT_OF[BASE58_ALPHABET.charCodeAt(i)] = i;

/** Decoded byte count for each encoded length of a final block (-1 = impossible). */
const DECODED_BLOCK_SIZE = new Int8Array(FULL_ENCODED_BLOCK + 1).fill(-1);
ENCODED_BLOCK_SIZES.forEach((encoded, decoded) => {
  DECODED_BLOCK_SIZE[encoded] = decoded;
});

function encodeBlock(bytes: Uint8Array, out: string[]): void {
  let num = 0n;
  for (const b of bytes) num = (num << 8n) | BigInt(b);
  const size = ENCODED_BLOCK_SIZES[bytes.length] ?? 0;
  const chars = new Array<string>(size).fill(BASE58_ALPHABET[0] as string);
  for (let i = size - 1; i >= 0 && num > 0n; i--) {
    chars[i] = BASE58_ALPHABET[Number(num % 58n)] as string;
    num /= 58n;
  }
  out.push(chars.join(''));
}

export function base58Encode(data: Uint8Array): string {
  const out: string[] = [];
  for (let i = 0; i < data.length; i += FULL_BLOCK) {
    encodeBlock(data.subarray(i, Math.min(i + FULL_BLOCK, data.length)), out);
  }
  return out.join('');
}

/** Index of the first character outside the alphabet, or -1. */
export function findInvalidBase58Character(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128 || DIGIT_OF[code] === -1) return i;
  }
  return -1;
}

export function base58Decode(text: string): Uint8Array {
  if (typeof text !== 'string') throw new Base58Error('character', 'base58 input must be a string');
  const bad = findInvalidBase58Character(text);
  if (bad !== -1) {
    throw new Base58Error(
      'character',
      `invalid base58 character ${JSON.stringify(text[bad])} at position ${bad}`,
    );
  }
  const fullBlocks = Math.floor(text.length / FULL_ENCODED_BLOCK);
  const lastEncoded = text.length % FULL_ENCODED_BLOCK;
  const lastDecoded = DECODED_BLOCK_SIZE[lastEncoded] ?? -1;
  if (lastDecoded < 0) {
    throw new Base58Error(
      'length',
      `base58 length ${text.length} is impossible (final block of ${lastEncoded} characters)`,
    );
  }
  const out = new Uint8Array(fullBlocks * FULL_BLOCK + lastDecoded);
  let outPos = 0;
  for (let start = 0; start < text.length; start += FULL_ENCODED_BLOCK) {
    const chunk = text.slice(start, start + FULL_ENCODED_BLOCK);
    const size = chunk.length === FULL_ENCODED_BLOCK ? FULL_BLOCK : lastDecoded;
    let num = 0n;
    for (let i = 0; i < chunk.length; i++) num = num * 58n + BigInt(DIGIT_OF[chunk.charCodeAt(i)] ?? 0);
    if (num >> BigInt(8 * size) !== 0n) {
      throw new Base58Error('overflow', `base58 block at position ${start} does not fit ${size} bytes`);
    }
    for (let i = size - 1; i >= 0; i--) {
      out[outPos + i] = Number(num & 0xffn);
      num >>= 8n;
    }
    outPos += size;
  }
  return out;
}
