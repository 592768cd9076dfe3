import { CryptonoteError, type CryptonoteErrorCode } from './errors.js';
import { decodeVarint, decodeVarintNumber } from './varint.js';

/**
 * A cursor over bytes for the block parser. Every read checks bounds and turns
 * any varint problem into one error code with the field name, so a truncated or
 * random blob fails with "block: <field> …" instead of a RangeError.
 */
export class ByteReader {
  private pos: number;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly code: CryptonoteErrorCode,
    start = 0,
  ) {
    this.pos = start;
  }

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  fail(message: string): never {
    throw new CryptonoteError(this.code, message);
  }

  varint(field: string): bigint {
    try {
      const { value, length } = decodeVarint(this.bytes, this.pos);
      this.pos += length;
      return value;
    } catch (err) {
      if (err instanceof CryptonoteError) this.fail(`${field}: ${err.message}`);
      throw err;
    }
  }

  varintNumber(field: string, max: number): number {
    try {
      const { value, length } = decodeVarintNumber(this.bytes, this.pos, max);
      this.pos += length;
      return value;
    } catch (err) {
      if (err instanceof CryptonoteError) this.fail(`${field}: ${err.message}`);
      throw err;
    }
  }

  byte(field: string): number {
    const b = this.bytes[this.pos];
    if (b === undefined) this.fail(`${field}: unexpected end of data at offset ${this.pos}`);
    this.pos += 1;
    return b;
  }

  /** A view (not a copy) of the next n bytes. */
  take(n: number, field: string): Uint8Array {
    if (n > this.remaining)
      this.fail(`${field}: needs ${n} bytes at offset ${this.pos}, only ${this.remaining} left`);
    const view = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return view;
  }

  skip(n: number, field: string): void {
    this.take(n, field);
  }
}
