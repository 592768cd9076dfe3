import { FramingError } from './errors.js';

export type FramedLine = { line: string; error?: undefined } | { error: FramingError; line?: undefined };

const LF = 0x0a;
const CR = 0x0d;

export const DEFAULT_MAX_LINE_BYTES = 8192;

/**
 * Splits a byte stream into newline-terminated lines (LF or CRLF; the line ending is
 * not part of the line). Blank lines are skipped, as XMRig does.
 *
 * A line whose bytes before its LF (a trailing CR included) exceed `maxLineBytes`
 * yields one FramingError as soon as the excess is seen; its remaining bytes are
 * discarded up to the next LF, so memory stays bounded by the limit whatever arrives.
 */
export class LineFramer {
  /** Bytes of the unfinished line, copied out of their chunks. */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private discarding = false;

  constructor(readonly maxLineBytes: number = DEFAULT_MAX_LINE_BYTES) {
    if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1) {
      throw new RangeError(`maxLineBytes must be a positive integer, got ${maxLineBytes}`);
    }
  }

  /** Bytes held for an unfinished line. */
  get bufferedBytes(): number {
    return this.partialBytes;
  }

  push(chunk: Buffer): FramedLine[] {
    const out: FramedLine[] = [];
    let start = 0;
    let lf = chunk.indexOf(LF, start);
    while (lf !== -1) {
      if (this.discarding) {
        this.discarding = false;
      } else if (this.partialBytes + (lf - start) > this.maxLineBytes) {
        this.dropPartial();
        out.push({ error: new FramingError(this.maxLineBytes) });
      } else {
        const line = this.completeLine(chunk, start, lf);
        if (line !== '') out.push({ line });
      }
      start = lf + 1;
      lf = chunk.indexOf(LF, start);
    }
    this.keepTail(chunk, start, out);
    return out;
  }

  /** Forget any unfinished line (e.g. when the connection is reused after an error). */
  reset(): void {
    this.dropPartial();
    this.discarding = false;
  }

  private completeLine(chunk: Buffer, start: number, lf: number): string {
    let bytes: Buffer;
    let from = start;
    if (this.partialBytes === 0) {
      bytes = chunk;
    } else {
      this.partial.push(chunk.subarray(start, lf));
      bytes = Buffer.concat(this.partial, this.partialBytes + (lf - start));
      from = 0;
      lf = bytes.length;
      this.dropPartial();
    }
    const end = lf > from && bytes[lf - 1] === CR ? lf - 1 : lf;
    return end === from ? '' : bytes.toString('utf8', from, end);
  }

  private keepTail(chunk: Buffer, start: number, out: FramedLine[]): void {
    if (start >= chunk.length || this.discarding) return;
    const tail = chunk.length - start;
    if (this.partialBytes + tail > this.maxLineBytes) {
      this.dropPartial();
      this.discarding = true;
      out.push({ error: new FramingError(this.maxLineBytes) });
      return;
    }
    // Copy: a subarray would pin the whole socket chunk in memory.
    this.partial.push(Buffer.from(chunk.subarray(start)));
    this.partialBytes += tail;
  }

  private dropPartial(): void {
    if (this.partialBytes === 0) return;
    this.partial = [];
    this.partialBytes = 0;
  }
}
