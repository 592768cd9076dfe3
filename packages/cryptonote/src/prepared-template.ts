import { type BlockHeader, type MinerTx, parseBlockTemplate } from './block-template.js';
import { CryptonoteError } from './errors.js';
import { minerTxHashOf, nonceBytes } from './hashing-blob.js';
import { checkReservedBytes, checkReservedSpace } from './reserved-space.js';
import { treeBranchOfFirstLeaf, treeHashFromBranch } from './tree-hash.js';
import { encodeVarint } from './varint.js';

/**
 * A block template prepared once so that each miner's job is cheap: the merkle branch of
 * leaf 0 (the miner tx) is precomputed, so a hashing blob costs the miner-tx hash
 * (3 Keccaks for v2) plus log2(n) Keccaks, whatever the number of transactions.
 * Every method returns new buffers; the template bytes are copied in and never exposed.
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

  constructor(blob: Uint8Array, reservedOffset: number, reserveSize: number) {
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
    this.branch = treeBranchOfFirstLeaf([new Uint8Array(32), ...block.txHashes]);
    this.countVarint = encodeVarint(this.txCount);
  }

  /** Height of the block being mined (from the miner tx input). */
  get height(): number {
    return this.minerTx.height;
  }

  /** The miner tx bytes with `reserved` written into its reserved space (a fresh copy). */
  minerTxBytes(reserved: Uint8Array): Uint8Array {
    checkReservedBytes(reserved, this.reserveSize);
    const tx = this.blob.slice(this.minerTx.prefixStart, this.minerTx.end);
    tx.set(reserved, this.reservedOffset - this.minerTx.prefixStart);
    return tx;
  }

  minerTxHash(reserved: Uint8Array): Uint8Array {
    const tx = this.minerTxBytes(reserved);
    return minerTxHashOf(tx, this.minerTx.version, this.minerTx.prefixEnd - this.minerTx.prefixStart);
  }

  merkleRoot(reserved: Uint8Array): Uint8Array {
    return treeHashFromBranch(this.minerTxHash(reserved), this.branch);
  }

  /** The hashing blob for these reserved bytes, nonce bytes as in the template (zero). */
  hashingBlob(reserved: Uint8Array): Uint8Array {
    const root = this.merkleRoot(reserved);
    const out = new Uint8Array(this.headerBytes.length + root.length + this.countVarint.length);
    out.set(this.headerBytes, 0);
    out.set(root, this.headerBytes.length);
    out.set(this.countVarint, this.headerBytes.length + root.length);
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
}

export function prepareTemplate(
  blob: Uint8Array,
  reservedOffset: number,
  reserveSize: number,
): PreparedTemplate {
  return new PreparedTemplate(blob, reservedOffset, reserveSize);
}
