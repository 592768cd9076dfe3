import { describe, expect, it } from 'vitest';
import { parseBlockTemplate } from './block-template.js';
import { CryptonoteError } from './errors.js';
import { bytesToHex, hexToBytes } from './hex.js';
import { checkReservedSpace, writeReserved } from './reserved-space.js';
import { mainnetTemplate } from './testing/vectors.js';

const mainnet = mainnetTemplate();
const blob = hexToBytes(mainnet.blocktemplate_blob);
const { reserved_offset: offset, reserve_size: size } = mainnet;

describe('reserved space', () => {
  it('writes the bytes at reserved_offset into a copy', () => {
    const before = bytesToHex(blob);
    const out = writeReserved(blob, offset, size, hexToBytes('01000000'));
    expect(bytesToHex(blob)).toBe(before);
    expect(bytesToHex(out.subarray(offset, offset + 4))).toBe('01000000');
    expect(bytesToHex(out.subarray(offset + 4))).toBe(before.slice((offset + 4) * 2));
    expect(bytesToHex(out.subarray(0, offset))).toBe(before.slice(0, offset * 2));
  });

  it('accepts the whole reserve and nothing beyond it', () => {
    expect(
      writeReserved(blob, offset, size, new Uint8Array(size).fill(9)).subarray(offset, offset + size),
    ).toEqual(new Uint8Array(size).fill(9));
    expect(() => writeReserved(blob, offset, size, new Uint8Array(size + 1))).toThrow(
      /do not fit the reserve size/,
    );
  });

  it('demands that the reserved space lies inside the miner tx extra', () => {
    const parsed = parseBlockTemplate(blob);
    expect(checkReservedSpace(parsed, offset, size)).toEqual({ offset, size });
    const outside: [number, number][] = [
      [offset, size + 1], // runs into the rct byte
      [parsed.minerTx.extraStart - 1, 4], // starts on the extra length
      [39, 4], // the nonce
      [0, 4],
      [-1, 4],
      [offset, -1],
      [1.5, 4],
      [offset, Number.NaN],
    ];
    for (const [o, s] of outside) {
      expect(() => checkReservedSpace(parsed, o, s), `${o}+${s}`).toThrow(CryptonoteError);
      expect(() => writeReserved(blob, o, s, new Uint8Array(0)), `${o}+${s}`).toThrow(CryptonoteError);
    }
    expect(() => checkReservedSpace(parsed, offset, size + 1)).toThrow(
      /not inside the miner tx extra \[96, 191\)/,
    );
  });
});
