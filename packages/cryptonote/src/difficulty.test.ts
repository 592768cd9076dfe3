import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  combineDifficulty,
  difficultyToTarget,
  difficultyToTarget64,
  FOUR_BYTE_TARGET_MAX_DIFFICULTY,
  hashDifficulty,
  hashToBigInt,
  MAX_UINT64,
  MAX_UINT128,
  MAX_UINT256,
  meetsDifficulty,
  meetsShareTarget,
  parseWideDifficulty,
  targetToDifficulty,
  targetToTarget64,
} from './difficulty.js';
import { CryptonoteError } from './errors.js';
import { hexToBytes } from './hex.js';
import { mainnetTemplate, randomxVectors, targetVectors } from './testing/vectors.js';

const hash32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const difficulty64 = fc.oneof(
  fc.bigInt({ min: 1n, max: 10_000_000n }),
  fc.bigInt({ min: FOUR_BYTE_TARGET_MAX_DIFFICULTY - 2000n, max: FOUR_BYTE_TARGET_MAX_DIFFICULTY + 2000n }),
  fc.bigInt({ min: 1n, max: MAX_UINT64 }),
);

function leHashOf(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = value;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

describe('stratum targets', () => {
  it('match the target vectors, both ways', () => {
    for (const v of targetVectors().targets) {
      expect(difficultyToTarget(v.difficulty), String(v.difficulty)).toBe(v.target);
      expect(difficultyToTarget(BigInt(v.difficulty))).toBe(v.target);
      expect(targetToDifficulty(v.target)).toBe(BigInt(v.xmrig_difficulty));
    }
    expect(targetToDifficulty(targetVectors().seed_document.target)).toBe(10000n);
  });

  it('use 4 bytes up to the limit and 8 bytes above it', () => {
    expect(difficultyToTarget(1)).toBe('ffffffff');
    expect(targetToDifficulty('ffffffff')).toBe(1n);
    expect(difficultyToTarget(FOUR_BYTE_TARGET_MAX_DIFFICULTY)).toHaveLength(8);
    expect(difficultyToTarget(FOUR_BYTE_TARGET_MAX_DIFFICULTY + 1n)).toHaveLength(16);
    expect(targetToDifficulty(difficultyToTarget(FOUR_BYTE_TARGET_MAX_DIFFICULTY))).toBe(
      FOUR_BYTE_TARGET_MAX_DIFFICULTY,
    );
    expect(difficultyToTarget(MAX_UINT64)).toBe('0100000000000000');
  });

  it('never give a zero target and reject difficulties they cannot express', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, 0n, MAX_UINT64 + 1n]) {
      expect(() => difficultyToTarget(bad), String(bad)).toThrow(CryptonoteError);
    }
    for (const bad of [
      '00000000',
      '0000000000000000',
      '',
      'ff',
      'ffffff',
      'ffffffffff',
      'zzzzzzzz',
      'fffffffff',
    ]) {
      expect(() => targetToDifficulty(bad), bad).toThrow(CryptonoteError);
    }
  });

  it('read 4-byte targets the way XMRig widens them', () => {
    const t32 = 0x000d1b71n;
    expect(targetToTarget64('711b0d00')).toBe(MAX_UINT64 / (0xffffffffn / t32));
    expect(targetToTarget64('caab297fad010000')).toBe(0x000001ad7f29abcan);
  });

  it('give XMRig a difficulty at least the one asked for, and within 0.1 % below 2^40 (property)', () => {
    fc.assert(
      fc.property(difficulty64, (d) => {
        const xmrig = targetToDifficulty(difficultyToTarget(d));
        expect(xmrig >= d).toBe(true);
        // Above ~2^53 a 64-bit target itself is too coarse for 0.1 %; no share difficulty is that high.
        if (d <= 1n << 40n) expect(xmrig - d <= d / 1000n + 1n).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('are monotone: a higher difficulty never gives a larger target or a lower XMRig difficulty (property)', () => {
    fc.assert(
      fc.property(difficulty64, difficulty64, (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const tLo = targetToTarget64(difficultyToTarget(lo));
        const tHi = targetToTarget64(difficultyToTarget(hi));
        expect(tLo >= tHi).toBe(true);
        expect(targetToDifficulty(difficultyToTarget(lo)) <= targetToDifficulty(difficultyToTarget(hi))).toBe(
          true,
        );
        expect(difficultyToTarget64(lo) >= difficultyToTarget64(hi)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('stay monotone across the switch from 4 to 8 bytes (every difficulty near it)', () => {
    let previous = targetToTarget64(difficultyToTarget(FOUR_BYTE_TARGET_MAX_DIFFICULTY - 3000n));
    for (let d = FOUR_BYTE_TARGET_MAX_DIFFICULTY - 2999n; d <= FOUR_BYTE_TARGET_MAX_DIFFICULTY + 3000n; d++) {
      const t = targetToTarget64(difficultyToTarget(d));
      expect(t <= previous, String(d)).toBe(true);
      previous = t;
    }
  });
});

describe('hash difficulty', () => {
  it('reads the hash as little-endian: the RandomX vector hash reaches difficulty 4', () => {
    const hash = hexToBytes(randomxVectors()[0]!.hash);
    expect(hashToBigInt(hash) >> 192n).toBe(0x3f4e0b2f1caca062n);
    expect(hashDifficulty(hash)).toBe(4n);
    expect(meetsDifficulty(hash, 4n)).toBe(true);
    expect(meetsDifficulty(hash, 5n)).toBe(false);
  });

  it('matches an independent big-endian computation on every RandomX vector', () => {
    for (const v of randomxVectors()) {
      const reversed = v.hash.match(/../g)!.reverse().join('');
      expect(hashDifficulty(hexToBytes(v.hash))).toBe(MAX_UINT256 / BigInt(`0x${reversed}`));
    }
  });

  it('treats an all-zero hash as reaching every difficulty; the all-ones hash only 1', () => {
    expect(hashDifficulty(new Uint8Array(32))).toBe(MAX_UINT256);
    expect(meetsDifficulty(new Uint8Array(32), MAX_UINT128)).toBe(true);
    expect(hashDifficulty(new Uint8Array(32).fill(0xff))).toBe(1n);
    expect(meetsDifficulty(new Uint8Array(32).fill(0xff), 1n)).toBe(true);
    expect(meetsDifficulty(new Uint8Array(32).fill(0xff), 2n)).toBe(false);
  });

  it('checks 128-bit network difficulties exactly at the boundary', () => {
    const network = parseWideDifficulty(mainnetTemplate().wide_difficulty as string);
    const wide = network << 64n; // a difficulty above 2^64
    const boundary = MAX_UINT256 / wide; // the largest hash value that passes
    expect(meetsDifficulty(leHashOf(boundary), wide)).toBe(true);
    expect(meetsDifficulty(leHashOf(boundary + 1n), wide)).toBe(false);
    expect(meetsDifficulty(leHashOf(MAX_UINT256 / network), network)).toBe(true);
    expect(meetsDifficulty(leHashOf(MAX_UINT256 / network + 1n), network)).toBe(false);
  });

  it('agrees with hashDifficulty and is monotone (property)', () => {
    const diff128 = fc.bigInt({ min: 1n, max: MAX_UINT128 });
    fc.assert(
      fc.property(hash32, hash32, diff128, diff128, (h1, h2, d1, d2) => {
        expect(meetsDifficulty(h1, d1)).toBe(hashDifficulty(h1) >= d1);
        // A smaller hash value never reaches a lower difficulty.
        const [small, large] = hashToBigInt(h1) <= hashToBigInt(h2) ? [h1, h2] : [h2, h1];
        expect(hashDifficulty(small) >= hashDifficulty(large)).toBe(true);
        // Meeting a difficulty implies meeting every lower one.
        const [lo, hi] = d1 <= d2 ? [d1, d2] : [d2, d1];
        if (meetsDifficulty(h1, hi)) expect(meetsDifficulty(h1, lo)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('XMRig’s 64-bit share test implies the 256-bit check at XMRig’s difficulty (property)', () => {
    fc.assert(
      fc.property(hash32, difficulty64, (hash, d) => {
        const target64 = targetToTarget64(difficultyToTarget(d));
        if (meetsShareTarget(hash, target64)) expect(meetsDifficulty(hash, MAX_UINT64 / target64)).toBe(true);
      }),
      { numRuns: 1000 },
    );
    // Hashes right at the target: top word below it passes, equal fails.
    const t64 = difficultyToTarget64(1000);
    expect(meetsShareTarget(leHashOf((t64 - 1n) << 192n), t64)).toBe(true);
    expect(meetsShareTarget(leHashOf(t64 << 192n), t64)).toBe(false);
  });

  it('rejects hashes that are not 32 bytes and difficulties below 1', () => {
    expect(() => hashDifficulty(new Uint8Array(31))).toThrow(CryptonoteError);
    expect(() => meetsDifficulty(new Uint8Array(33), 1n)).toThrow(CryptonoteError);
    expect(() => meetsShareTarget(new Uint8Array(0), 1n)).toThrow(CryptonoteError);
    expect(() => meetsDifficulty(new Uint8Array(32), 0n)).toThrow(CryptonoteError);
    expect(() => meetsDifficulty(new Uint8Array(32), 2.5)).toThrow(CryptonoteError);
  });
});

describe('wide difficulty', () => {
  it('parses monerod wide_difficulty and decimal strings', () => {
    const t = mainnetTemplate();
    expect(parseWideDifficulty(t.wide_difficulty as string)).toBe(BigInt(t.difficulty as number));
    expect(parseWideDifficulty('283305047039')).toBe(283305047039n);
    expect(parseWideDifficulty('0xffffffffffffffffffffffffffffffff')).toBe(MAX_UINT128);
    expect(parseWideDifficulty('0X1')).toBe(1n);
    expect(combineDifficulty(283305047039, 0)).toBe(283305047039n);
    expect(combineDifficulty(5n, 2n)).toBe((2n << 64n) | 5n);
  });

  it('rejects anything else with a typed error', () => {
    for (const bad of ['', '0x', '-1', '1.5', '1e9', ' 1', '0x1g', `0x1${'0'.repeat(32)}`, '3'.repeat(41)]) {
      expect(() => parseWideDifficulty(bad), bad).toThrow(CryptonoteError);
    }
    expect(() => parseWideDifficulty('340282366920938463463374607431768211456')).toThrow(/exceeds 128 bits/);
    expect(() => parseWideDifficulty(5 as unknown as string)).toThrow(CryptonoteError);
    expect(() => combineDifficulty(-1, 0)).toThrow(CryptonoteError);
    expect(() => combineDifficulty(0, MAX_UINT64 + 1n)).toThrow(CryptonoteError);
  });

  it('round-trips every 128-bit value through hex and decimal (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_UINT128 }), (v) => {
        expect(parseWideDifficulty(`0x${v.toString(16)}`)).toBe(v);
        expect(parseWideDifficulty(v.toString())).toBe(v);
      }),
    );
  });
});
