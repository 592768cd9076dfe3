import {
  encodeVarint,
  hexToBytes,
  parseBlockTemplate,
  parseWideDifficulty,
  prepareTemplate,
  RCT_NULL_BASE_HASH,
  treeBranchOfFirstLeaf,
} from '@rxpool/cryptonote';
import type { TemplateEvent } from '@rxpool/messages';
import type { Keccak256 } from './keccak.js';
import { blockSafeDifficulty } from './target-cache.js';

/** Bytes 0–3 instance id, 4–7 job counter; the rest stays zero (ARCHITECTURE.md). */
export const MIN_RESERVE_SIZE = 8;

export class TemplateRejectedError extends Error {
  constructor(
    readonly templateId: string,
    why: string,
  ) {
    super(`template ${templateId}: ${why}`);
    this.name = 'TemplateRejectedError';
  }
}

/**
 * A block template made ready for per-miner jobs: parsed and checked once, the merkle
 * branch of the miner tx precomputed, the miner-tx prefix kept as a scratch copy. A
 * hashing blob then costs the prefix hash, one hash of three hashes and log2(tx count)
 * pair hashes — the same bytes @rxpool/cryptonote's PreparedTemplate gives (tested).
 */
export class JobTemplate {
  readonly templateId: string;
  readonly height: number;
  readonly seedHash: string;
  /** Undefined when the next seed is not known yet. */
  readonly nextSeedHash: string | undefined;
  readonly networkDifficulty: string;
  /** No job on this template goes above this: every block-level hash must reach the pool. */
  readonly maxJobDifficulty: number;
  readonly reserveSize: number;
  readonly nonceOffset: number;

  private readonly header: Uint8Array;
  private readonly txCount: Uint8Array;
  private readonly branch: readonly Uint8Array[];
  /** The miner tx prefix (v2) or the whole miner tx (v1); reserved bytes are written into it. */
  private readonly scratch: Uint8Array;
  private readonly reservedAt: number;
  private readonly v1: boolean;
  private readonly leafInput = new Uint8Array(96);
  /** Reserved bytes the scratch holds from the last call (a shorter write zeroes the rest). */
  private written = 0;
  private readonly plainHeaderHex: string;
  private readonly txCountHex: string;
  private readonly nicehashHeaders: (string | undefined)[] = [];
  private readonly pair = new Uint8Array(64);

  constructor(
    readonly event: TemplateEvent,
    /** Local order of arrival; a job remembers the template it came from. */
    readonly seq: number,
    readonly receivedAt: number,
    private readonly keccak: Keccak256,
  ) {
    this.templateId = event.templateId;
    if (event.reserveSize < MIN_RESERVE_SIZE) {
      throw new TemplateRejectedError(
        event.templateId,
        `reserve size ${event.reserveSize} < ${MIN_RESERVE_SIZE} bytes`,
      );
    }
    let blob: Uint8Array;
    let prepared: ReturnType<typeof prepareTemplate>;
    try {
      blob = hexToBytes(event.blob);
      prepared = prepareTemplate(blob, event.reservedOffset, event.reserveSize);
      this.maxJobDifficulty = blockSafeDifficulty(parseWideDifficulty(event.networkDifficulty));
    } catch (err) {
      throw new TemplateRejectedError(event.templateId, (err as Error).message);
    }
    const parsed = parseBlockTemplate(blob);
    const tx = prepared.minerTx;
    this.height = event.height;
    this.seedHash = event.seedHash;
    this.nextSeedHash = event.nextSeedHash === '' ? undefined : event.nextSeedHash;
    this.networkDifficulty = event.networkDifficulty;
    this.reserveSize = event.reserveSize;
    this.nonceOffset = prepared.header.nonceOffset;
    this.header = blob.slice(0, prepared.header.length);
    this.txCount = encodeVarint(prepared.txCount);
    this.branch = treeBranchOfFirstLeaf([new Uint8Array(32), ...parsed.txHashes]);
    this.v1 = tx.version === 1;
    this.scratch = blob.slice(tx.prefixStart, this.v1 ? tx.end : tx.prefixEnd);
    this.reservedAt = event.reservedOffset - tx.prefixStart;
    this.leafInput.set(RCT_NULL_BASE_HASH, 32);
    this.plainHeaderHex = Buffer.from(this.header).toString('hex');
    this.txCountHex = Buffer.from(this.txCount).toString('hex');
  }

  /** Length of a hashing blob of this template. */
  get hashingBlobLength(): number {
    return this.header.length + 32 + this.txCount.length;
  }

  /**
   * The hashing blob for these reserved bytes (at most reserveSize; the rest of the
   * reserved space stays zero), nonce bytes zero unless `nonce` is given.
   */
  hashingBlob(reserved: Uint8Array, nonce?: Uint8Array): Uint8Array {
    const root = this.merkleRoot(reserved);
    const out = new Uint8Array(this.hashingBlobLength);
    out.set(this.header, 0);
    out.set(root, this.header.length);
    out.set(this.txCount, this.header.length + 32);
    if (nonce !== undefined) out.set(nonce, this.nonceOffset);
    return out;
  }

  /**
   * The same blob as hex, for a job: the header's hex is made once per template (and per
   * nicehash byte, blob byte 42), so a miner's job costs its merkle root and one concat.
   */
  hashingBlobHex(reserved: Uint8Array, nicehashByte = -1): string {
    const root = this.merkleRoot(reserved);
    const rootHex = Buffer.from(root.buffer, root.byteOffset, root.byteLength).toString('hex');
    return `${this.headerHex(nicehashByte)}${rootHex}${this.txCountHex}`;
  }

  private headerHex(nicehashByte: number): string {
    if (nicehashByte < 0) return this.plainHeaderHex;
    let hex = this.nicehashHeaders[nicehashByte];
    if (hex === undefined) {
      const header = this.header.slice();
      header[this.nonceOffset + 3] = nicehashByte;
      hex = Buffer.from(header).toString('hex');
      this.nicehashHeaders[nicehashByte] = hex;
    }
    return hex;
  }

  private merkleRoot(reserved: Uint8Array): Uint8Array {
    if (reserved.length > this.reserveSize) {
      throw new RangeError(`${reserved.length} reserved bytes exceed the reserve size ${this.reserveSize}`);
    }
    this.scratch.set(reserved, this.reservedAt);
    if (reserved.length < this.written) {
      this.scratch.fill(0, this.reservedAt + reserved.length, this.reservedAt + this.written);
    }
    this.written = reserved.length;
    let node: Uint8Array;
    if (this.v1) {
      node = this.keccak.hash(this.scratch);
    } else {
      this.leafInput.set(this.keccak.hash(this.scratch), 0);
      node = this.keccak.hash(this.leafInput);
    }
    for (const sibling of this.branch) {
      this.pair.set(node, 0);
      this.pair.set(sibling, 32);
      node = this.keccak.hash(this.pair);
    }
    return node;
  }
}
