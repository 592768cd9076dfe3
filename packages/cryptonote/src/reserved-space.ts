import { type ParsedBlock, parseBlockTemplate } from './block-template.js';
import { CryptonoteError } from './errors.js';

/**
 * The reserved space monerod leaves in the miner tx extra (`reserved_offset`,
 * `reserve_size` of get_block_template). Pools write per-job bytes there; it must lie
 * inside the extra field, or the write would corrupt the transaction.
 */
export interface ReservedSpace {
  offset: number;
  size: number;
}

export function checkReservedSpace(parsed: ParsedBlock, offset: number, size: number): ReservedSpace {
  if (!Number.isInteger(offset) || offset <= 0) {
    throw new CryptonoteError('reserved', `reserved offset must be a positive integer, got ${offset}`);
  }
  if (!Number.isInteger(size) || size < 0) {
    throw new CryptonoteError('reserved', `reserve size must be a non-negative integer, got ${size}`);
  }
  const { extraStart, extraEnd } = parsed.minerTx;
  if (offset < extraStart || offset + size > extraEnd) {
    throw new CryptonoteError(
      'reserved',
      `reserved space [${offset}, ${offset + size}) is not inside the miner tx extra [${extraStart}, ${extraEnd})`,
    );
  }
  return { offset, size };
}

export function checkReservedBytes(reserved: Uint8Array, size: number): void {
  if (!(reserved instanceof Uint8Array))
    throw new CryptonoteError('reserved', 'reserved bytes must be a Uint8Array');
  if (reserved.length > size) {
    throw new CryptonoteError(
      'reserved',
      `${reserved.length} reserved bytes do not fit the reserve size ${size}`,
    );
  }
}

/**
 * A copy of the template with `reserved` written at the reserved offset (fewer bytes
 * than the reserve size leave the rest as they were).
 */
export function writeReserved(
  blob: Uint8Array,
  offset: number,
  size: number,
  reserved: Uint8Array,
): Uint8Array {
  const space = checkReservedSpace(parseBlockTemplate(blob), offset, size);
  checkReservedBytes(reserved, space.size);
  const out = blob.slice();
  out.set(reserved, space.offset);
  return out;
}
