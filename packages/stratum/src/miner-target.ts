/**
 * How XMRig reads a job's target and tests a hash against it (`Job::setTarget`,
 * `CpuWorker`): the hex is little-endian; a 4-byte target t32 is widened to
 * floor((2^64-1) / floor((2^32-1) / t32)); a hash meets the target when its bytes
 * 24..31, read as a little-endian uint64, are below target64.
 */

const U64_MAX = (1n << 64n) - 1n;
const U32_MAX = 0xffffffffn;

export class TargetError extends Error {
  constructor(target: string) {
    super(`target ${JSON.stringify(target.slice(0, 32))} is not 4 or 8 non-zero little-endian bytes of hex`);
    this.name = 'TargetError';
  }
}

export function minerTarget64(target: string): bigint {
  if (!/^(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{16})$/.test(target)) throw new TargetError(target);
  const value = Buffer.from(target, 'hex');
  if (value.length === 8) {
    const t64 = value.readBigUInt64LE(0);
    if (t64 === 0n) throw new TargetError(target);
    return t64;
  }
  const t32 = BigInt(value.readUInt32LE(0));
  if (t32 === 0n) throw new TargetError(target);
  return U64_MAX / (U32_MAX / t32);
}

/** The difficulty XMRig shows and accounts for a target: floor((2^64-1) / target64). */
export function minerDifficulty(target: string): bigint {
  return U64_MAX / minerTarget64(target);
}

/** The hash value XMRig compares: bytes 24..31 as a little-endian uint64. */
export function hashValue64(hash: Uint8Array): bigint {
  if (hash.length !== 32) throw new RangeError(`a hash is 32 bytes, got ${hash.length}`);
  return Buffer.from(hash.buffer, hash.byteOffset, hash.length).readBigUInt64LE(24);
}

export function hashMeetsTarget(hash: Uint8Array, target64: bigint): boolean {
  return hashValue64(hash) < target64;
}
