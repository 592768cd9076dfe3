import { CryptonoteError } from './errors.js';

const HEX = /^[0-9a-fA-F]*$/;

/** Strict hex decoding: odd lengths and non-hex characters are errors, not silently dropped. */
export function hexToBytes(hex: string): Uint8Array {
  if (typeof hex !== 'string') throw new CryptonoteError('hex', 'hex input must be a string');
  if (hex.length % 2 !== 0) throw new CryptonoteError('hex', `hex string has odd length ${hex.length}`);
  if (!HEX.test(hex)) {
    const at = hex.search(/[^0-9a-fA-F]/);
    throw new CryptonoteError('hex', `hex string has a non-hex character at position ${at}`);
  }
  // Decode into a buffer of our own: Buffer.from(hex) may hand out a slice of a shared pool.
  const out = new Uint8Array(hex.length / 2);
  Buffer.from(out.buffer).write(hex, 'hex');
  return out;
}

/** Lower-case hex of the bytes. */
export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Hex decoding that also demands an exact byte length (hashes, keys, nonces). */
export function hexToFixedBytes(hex: string, length: number, what: string): Uint8Array {
  const bytes = hexToBytes(hex);
  if (bytes.length !== length) {
    throw new CryptonoteError(
      'hex',
      `${what} must be ${length} bytes (${length * 2} hex characters), got ${bytes.length}`,
    );
  }
  return bytes;
}
