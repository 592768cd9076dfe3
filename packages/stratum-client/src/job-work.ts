import { targetToTarget64 } from '@rxpool/cryptonote';
import type { StratumJob } from '@rxpool/stratum';

/** XMRig writes the 4-byte nonce here for Monero (`Job::nonceOffset`). */
export const NONCE_OFFSET = 39;
const NICEHASH_MASK = 0x00ffffff;

/**
 * The miner's view of one job: the blob to hash per nonce and the target a hash must
 * beat, both exactly as XMRig derives them. In nicehash mode (announced by the pool, or
 * non-zero nonce bytes in the blob) only the low 24 bits of the nonce vary and blob
 * byte 42 keeps the pool's value.
 */
export class JobWork {
  readonly target64: bigint;
  readonly nicehash: boolean;
  private readonly blob: Buffer;
  private readonly fixedHigh: number;
  private counter: number;

  constructor(
    readonly job: StratumJob,
    options: { nicehash?: boolean; startNonce?: number } = {},
  ) {
    this.blob = Buffer.from(job.blob, 'hex');
    if (this.blob.length < NONCE_OFFSET + 4)
      throw new RangeError(`job ${job.job_id}: blob too short for a nonce`);
    this.target64 = targetToTarget64(job.target);
    this.nicehash = options.nicehash === true || this.blob.readUInt32LE(NONCE_OFFSET) !== 0;
    this.fixedHigh = this.nicehash ? (this.blob[NONCE_OFFSET + 3] ?? 0) << 24 : 0;
    this.counter = options.startNonce ?? 0;
  }

  /** Nonces left before the space repeats. */
  get remaining(): number {
    return (this.nicehash ? NICEHASH_MASK + 1 : 2 ** 32) - this.counter;
  }

  /** The next nonce to try, as the uint32 written little-endian at offset 39. */
  nextNonce(): number {
    if (this.remaining <= 0) throw new RangeError(`job ${this.job.job_id}: nonce space exhausted`);
    const n = this.counter++;
    return this.nicehash ? (this.fixedHigh | (n & NICEHASH_MASK)) >>> 0 : n >>> 0;
  }

  /** A fresh copy of the blob with this nonce in place. */
  blobWithNonce(nonce: number): Buffer {
    const blob = Buffer.from(this.blob);
    blob.writeUInt32LE(nonce >>> 0, NONCE_OFFSET);
    return blob;
  }
}

/** The submit `nonce`: the 4 blob bytes at 39..42 as hex. */
export function nonceHex(nonce: number): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(nonce >>> 0, 0);
  return bytes.toString('hex');
}
