import { CryptonoteError } from './errors.js';
import { hexToBytes } from './hex.js';

/**
 * Difficulties and stratum targets, all in BigInt (never floats).
 *
 * XMRig (src/base/net/stratum/Job.cpp) reads the job `target` hex as a little-endian
 * integer: 8 bytes → target64 as is; 4 bytes → t32, widened to
 * target64 = ⌊(2^64−1) / ⌊(2^32−1) / t32⌋⌋. Its difficulty is ⌊(2^64−1) / target64⌋,
 * and it submits a hash when LE-uint64(hash[24..32]) < target64.
 *
 * Monero (src/cryptonote_basic/difficulty.cpp, check_hash) accepts a hash for difficulty D
 * iff LE256(hash) · D ≤ 2^256 − 1.
 */
export const MAX_UINT32 = (1n << 32n) - 1n;
export const MAX_UINT64 = (1n << 64n) - 1n;
export const MAX_UINT128 = (1n << 128n) - 1n;
export const MAX_UINT256 = (1n << 256n) - 1n;

/**
 * Up to this difficulty the short 4-byte target is sent (p2pool's limit is ~4,000,000).
 * It is ⌊(2^32−1)/1074⌋, a value the 4-byte form expresses exactly, so the target XMRig
 * derives never grows when the difficulty crosses into the 8-byte form (monotone).
 */
export const FOUR_BYTE_TARGET_MAX_DIFFICULTY = MAX_UINT32 / 1074n;

function toDifficulty(difficulty: number | bigint, what: string): bigint {
  if (typeof difficulty === 'number') {
    if (!Number.isSafeInteger(difficulty)) {
      throw new CryptonoteError('difficulty', `${what} must be a whole number, got ${difficulty}`);
    }
    return BigInt(difficulty);
  }
  if (typeof difficulty !== 'bigint')
    throw new CryptonoteError('difficulty', `${what} must be a number or bigint`);
  return difficulty;
}

function leHex(value: bigint, bytes: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < bytes; i++) {
    out += Number(v & 0xffn)
      .toString(16)
      .padStart(2, '0');
    v >>= 8n;
  }
  return out;
}

function readLE(bytes: Uint8Array, start: number, end: number): bigint {
  let v = 0n;
  for (let i = end - 1; i >= start; i--) v = (v << 8n) | BigInt(bytes[i] as number);
  return v;
}

/** The 64-bit target for a difficulty: ⌊(2^64−1)/D⌋. D must be in 1..2^64−1 (so never a zero target). */
export function difficultyToTarget64(difficulty: number | bigint): bigint {
  const d = toDifficulty(difficulty, 'difficulty');
  if (d < 1n || d > MAX_UINT64)
    throw new CryptonoteError('difficulty', `difficulty must be in 1..2^64-1, got ${d}`);
  return MAX_UINT64 / d;
}

/**
 * The stratum `target` for a share difficulty, as XMRig reads it: 8 hex characters
 * (t32 = upper half of target64, little-endian) up to FOUR_BYTE_TARGET_MAX_DIFFICULTY,
 * else 16 (target64 little-endian). XMRig's difficulty from it is ≥ the one asked for.
 */
export function difficultyToTarget(difficulty: number | bigint): string {
  const target64 = difficultyToTarget64(difficulty);
  if (MAX_UINT64 / target64 <= FOUR_BYTE_TARGET_MAX_DIFFICULTY) return leHex(target64 >> 32n, 4);
  return leHex(target64, 8);
}

/** target64 exactly as XMRig derives it from the job's target hex. */
export function targetToTarget64(targetHex: string): bigint {
  let bytes: Uint8Array;
  try {
    bytes = hexToBytes(targetHex);
  } catch (err) {
    if (err instanceof CryptonoteError) throw new CryptonoteError('target', `target: ${err.message}`);
    throw err;
  }
  if (bytes.length === 4) {
    const t32 = readLE(bytes, 0, 4);
    if (t32 === 0n) throw new CryptonoteError('target', 'target is zero');
    return MAX_UINT64 / (MAX_UINT32 / t32);
  }
  if (bytes.length === 8) {
    const t64 = readLE(bytes, 0, 8);
    if (t64 === 0n) throw new CryptonoteError('target', 'target is zero');
    return t64;
  }
  throw new CryptonoteError(
    'target',
    `target must be 4 or 8 bytes (8 or 16 hex characters), got ${bytes.length}`,
  );
}

/** The share difficulty XMRig computes from a target hex. */
export function targetToDifficulty(targetHex: string): bigint {
  return MAX_UINT64 / targetToTarget64(targetHex);
}

function checkHash(hash: Uint8Array): void {
  if (!(hash instanceof Uint8Array) || hash.length !== 32)
    throw new CryptonoteError('hash', 'hash must be 32 bytes');
}

/** The hash as a little-endian 256-bit number. */
export function hashToBigInt(hash: Uint8Array): bigint {
  checkHash(hash);
  return readLE(hash, 0, 32);
}

/** The difficulty a hash reaches: ⌊(2^256−1)/LE256(hash)⌋; an all-zero hash reaches every difficulty. */
export function hashDifficulty(hash: Uint8Array): bigint {
  const h = hashToBigInt(hash);
  return h === 0n ? MAX_UINT256 : MAX_UINT256 / h;
}

/** Monero's check_hash: LE256(hash) · D ≤ 2^256 − 1. Works for 128-bit network difficulties. */
export function meetsDifficulty(hash: Uint8Array, difficulty: bigint | number): boolean {
  const d = toDifficulty(difficulty, 'difficulty');
  if (d < 1n) throw new CryptonoteError('difficulty', `difficulty must be at least 1, got ${d}`);
  return hashToBigInt(hash) * d <= MAX_UINT256;
}

/** XMRig's own share test: LE-uint64 of hash bytes 24..31 below target64. */
export function meetsShareTarget(hash: Uint8Array, target64: bigint): boolean {
  checkHash(hash);
  return readLE(hash, 24, 32) < target64;
}

/** A 128-bit difficulty from monerod: `wide_difficulty` ("0x…") or a decimal string. */
export function parseWideDifficulty(text: string): bigint {
  if (typeof text !== 'string') throw new CryptonoteError('difficulty', 'wide difficulty must be a string');
  let value: bigint;
  if (/^0[xX][0-9a-fA-F]{1,32}$/.test(text)) value = BigInt(`0x${text.slice(2)}`);
  else if (/^[0-9]{1,40}$/.test(text)) value = BigInt(text);
  else
    throw new CryptonoteError(
      'difficulty',
      `wide difficulty ${JSON.stringify(text.slice(0, 50))} is not 0x-hex or decimal`,
    );
  if (value > MAX_UINT128)
    throw new CryptonoteError('difficulty', `wide difficulty ${text} exceeds 128 bits`);
  return value;
}

/** Combines monerod's `difficulty` (low 64 bits) and `difficulty_top64`. */
export function combineDifficulty(low: bigint | number, top64: bigint | number): bigint {
  const lo = toDifficulty(low, 'difficulty');
  const hi = toDifficulty(top64, 'difficulty_top64');
  if (lo < 0n || lo > MAX_UINT64 || hi < 0n || hi > MAX_UINT64) {
    throw new CryptonoteError('difficulty', 'difficulty words must be in 0..2^64-1');
  }
  return (hi << 64n) | lo;
}
