import { hexToBytes, type PreparedTemplate, parseWideDifficulty, prepareTemplate } from '@rxpool/cryptonote';
import type { TemplateEvent } from '@rxpool/messages';
import { MIN_RESERVE_SIZE } from '@rxpool/share-id';
import type { Keccak256 } from './keccak.js';
import { blockSafeDifficulty } from './target-cache.js';

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
 * A block template made ready for per-miner jobs: parsed, checked and prepared once by
 * @rxpool/cryptonote's PreparedTemplate (the one template hasher, here with the WASM
 * Keccak), plus what the gateway adds: the event's fields, the job difficulty cap and the
 * hex of the bytes around the merkle root, so a job's blob is its root's hex and a concat.
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

  private readonly prepared: PreparedTemplate;
  private readonly header: Uint8Array;
  private readonly plainHeaderHex: string;
  private readonly txCountHex: string;
  private readonly nicehashHeaders: (string | undefined)[] = [];

  constructor(
    readonly event: TemplateEvent,
    /** Local order of arrival; a job remembers the template it came from. */
    readonly seq: number,
    readonly receivedAt: number,
    keccak: Keccak256,
  ) {
    this.templateId = event.templateId;
    if (event.reserveSize < MIN_RESERVE_SIZE) {
      throw new TemplateRejectedError(
        event.templateId,
        `reserve size ${event.reserveSize} < ${MIN_RESERVE_SIZE} bytes`,
      );
    }
    try {
      this.prepared = prepareTemplate(
        hexToBytes(event.blob),
        event.reservedOffset,
        event.reserveSize,
        keccak,
      );
      this.maxJobDifficulty = blockSafeDifficulty(parseWideDifficulty(event.networkDifficulty));
    } catch (err) {
      throw new TemplateRejectedError(event.templateId, (err as Error).message);
    }
    this.height = event.height;
    this.seedHash = event.seedHash;
    this.nextSeedHash = event.nextSeedHash === '' ? undefined : event.nextSeedHash;
    this.networkDifficulty = event.networkDifficulty;
    this.reserveSize = event.reserveSize;
    this.nonceOffset = this.prepared.header.nonceOffset;
    const frame = this.prepared.hashingBlobFrame();
    this.header = frame.header;
    this.plainHeaderHex = Buffer.from(frame.header).toString('hex');
    this.txCountHex = Buffer.from(frame.txCount).toString('hex');
  }

  /**
   * The hashing blob for these reserved bytes (at most reserveSize; the rest of the
   * reserved space stays as in the template: zero), nonce bytes zero unless `nonce` is given.
   */
  hashingBlob(reserved: Uint8Array, nonce?: Uint8Array): Uint8Array {
    this.checkReserved(reserved);
    return this.prepared.hashingBlob(reserved, nonce);
  }

  /**
   * The same blob as hex, for a job: the header's hex is made once per template (and per
   * nicehash byte, blob byte 42), so a miner's job costs its merkle root and one concat.
   */
  hashingBlobHex(reserved: Uint8Array, nicehashByte = -1): string {
    this.checkReserved(reserved);
    const root = this.prepared.merkleRoot(reserved);
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

  /** Reserved bytes come from the job factory: too many is a gateway bug, not bad input. */
  private checkReserved(reserved: Uint8Array): void {
    if (reserved.length > this.reserveSize) {
      throw new RangeError(`${reserved.length} reserved bytes exceed the reserve size ${this.reserveSize}`);
    }
  }
}
