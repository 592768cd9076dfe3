import { type BlockHeader, type MinerTx, parseBlockTemplate } from './block-template.js';
import { CryptonoteError } from './errors.js';
import { minerTxHashOf, minerTxLeafInput, nonceBytes } from './hashing-blob.js';
import { JS_KECCAK_256, type Keccak256Hasher } from './keccak.js';
import { checkReservedBytes, checkReservedSpace } from './reserved-space.js';
import { foldTreeBranch, treeBranchOfFirstLeaf } from './tree-hash.js';
import { encodeVarint } from './varint.js';

const HASH_BYTES = 32;

/**
 * A block template prepared once so that each miner's job is cheap: the merkle branch of
 * leaf 0 (the miner tx) is precomputed, so a hashing blob costs the miner-tx hash
 * (3 Keccaks for v2) plus log2(n) Keccaks, whatever the number of transactions. This is
 * the pool's one template hasher: the job manager builds blocks with it, the gateway
 * builds every miner's job with it (passing its faster Keccak).
 *
 * Per job nothing is allocated but the digests and the returned blob: the reserved bytes
 * go into a private copy of the miner-tx prefix, the hash inputs into private scratch
 * buffers (not reentrant, and need not be: every method is synchronous). Every returned
 * buffer is new; the template bytes are copied in and never exposed.
 */
export class PreparedTemplate {
  readonly header: BlockHeader;
  readonly minerTx: MinerTx;
  /** Transactions in the block, the miner tx included. */
  readonly txCount: number;
  readonly reservedOffset: number;
  readonly reserveSize: number;
  readonly size: number;

  private readonly blob: Uint8Array;
  private readonly headerBytes: Uint8Array;
  private readonly branch: readonly Uint8Array[];
  private readonly countVarint: Uint8Array;
  /** The miner tx prefix (v2) or the whole miner tx (v1): what the first hash reads. */
  private readonly hashedTx: Uint8Array;
  private readonly reservedInTx: number;
  /** Reserved bytes the hashed tx holds from the last call (a shorter write restores the rest). */
  private written = 0;
  private readonly leafInput = minerTxLeafInput();
  private readonly pair = new Uint8Array(2 * HASH_BYTES);

  constructor(
    blob: Uint8Array,
    reservedOffset: number,
    reserveSize: number,
    private readonly keccak: Keccak256Hasher = JS_KECCAK_256,
  ) {
    if (!(blob instanceof Uint8Array))
      throw new CryptonoteError('block', 'block template must be a Uint8Array');
    this.blob = blob.slice();
    const block = parseBlockTemplate(this.blob);
    checkReservedSpace(block, reservedOffset, reserveSize);
    this.header = block.header;
    this.minerTx = block.minerTx;
    this.txCount = block.txHashes.length + 1;
    this.reservedOffset = reservedOffset;
    this.reserveSize = reserveSize;
    this.size = this.blob.length;
    this.headerBytes = this.blob.slice(0, block.header.length);
    // The branch does not depend on leaf 0, so any placeholder leaf will do here.
    this.branch = treeBranchOfFirstLeaf([new Uint8Array(HASH_BYTES), ...block.txHashes]);
    this.countVarint = encodeVarint(this.txCount);
    const tx = block.minerTx;
    this.hashedTx = this.blob.slice(tx.prefixStart, tx.version === 1 ? tx.end : tx.prefixEnd);
    this.reservedInTx = reservedOffset - tx.prefixStart;
  }

  /** Height of the block being mined (from the miner tx input). */
  get height(): number {
    return this.minerTx.height;
  }

  /** Length of every hashing blob of this template. */
  get hashingBlobLength(): number {
    return this.headerBytes.length + HASH_BYTES + this.countVarint.length;
  }

  /**
   * The bytes around the merkle root in every hashing blob of this template (copies), for
   * a caller that writes blobs in another form (the gateway's hex jobs).
   */
  hashingBlobFrame(): { header: Uint8Array; txCount: Uint8Array } {
    return { header: this.headerBytes.slice(), txCount: this.countVarint.slice() };
  }

  /** The miner tx bytes with `reserved` written into its reserved space (a fresh copy). */
  minerTxBytes(reserved: Uint8Array): Uint8Array {
    checkReservedBytes(reserved, this.reserveSize);
    const tx = this.blob.slice(this.minerTx.prefixStart, this.minerTx.end);
    tx.set(reserved, this.reservedOffset - this.minerTx.prefixStart);
    return tx;
  }

  /** Transaction hash of the miner tx with these reserved bytes (see minerTxHashOf). */
  minerTxHash(reserved: Uint8Array): Uint8Array {
    checkReservedBytes(reserved, this.reserveSize);
    this.writeReserved(reserved);
    const tx = this.hashedTx;
    return minerTxHashOf(tx, this.minerTx.version, tx.length, this.keccak, this.leafInput);
  }

  merkleRoot(reserved: Uint8Array): Uint8Array {
    // The leaf is a fresh digest, so returning it as the root (one tx) hands out nothing shared.
    return foldTreeBranch(this.minerTxHash(reserved), this.branch, this.keccak, this.pair);
  }

  /** The hashing blob for these reserved bytes; nonce bytes as in the template (zero) unless given. */
  hashingBlob(reserved: Uint8Array, nonce?: Uint8Array | number): Uint8Array {
    const root = this.merkleRoot(reserved);
    const out = new Uint8Array(this.hashingBlobLength);
    out.set(this.headerBytes, 0);
    out.set(root, this.headerBytes.length);
    out.set(this.countVarint, this.headerBytes.length + HASH_BYTES);
    if (nonce !== undefined) out.set(nonceBytes(nonce), this.header.nonceOffset);
    return out;
  }

  /** The full block for submit_block: reserved bytes and nonce written into a copy. */
  blockBlob(reserved: Uint8Array, nonce: Uint8Array | number): Uint8Array {
    const n = nonceBytes(nonce);
    checkReservedBytes(reserved, this.reserveSize);
    const out = this.blob.slice();
    out.set(reserved, this.reservedOffset);
    out.set(n, this.header.nonceOffset);
    return out;
  }

  /** The template bytes (a copy). */
  templateBlob(): Uint8Array {
    return this.blob.slice();
  }

  /**
   * Writes `reserved` into the hashed tx; bytes a longer earlier write left beyond it go
   * back to the template's, so the result never depends on the calls before.
   */
  private writeReserved(reserved: Uint8Array): void {
    const at = this.reservedInTx;
    this.hashedTx.set(reserved, at);
    if (reserved.length < this.written) {
      const from = this.reservedOffset + reserved.length;
      this.hashedTx.set(this.blob.subarray(from, this.reservedOffset + this.written), at + reserved.length);
    }
    this.written = reserved.length;
  }
}

export function prepareTemplate(
  blob: Uint8Array,
  reservedOffset: number,
  reserveSize: number,
  keccak: Keccak256Hasher = JS_KECCAK_256,
): PreparedTemplate {
  return new PreparedTemplate(blob, reservedOffset, reserveSize, keccak);
}
