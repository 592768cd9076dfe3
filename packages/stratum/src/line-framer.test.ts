import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FramingError } from './errors.js';
import { type FramedLine, LineFramer } from './line-framer.js';

const b = (s: string) => Buffer.from(s, 'utf8');
const lines = (out: FramedLine[]) => out.map((f) => f.line ?? `<${f.error?.name}>`);

describe('LineFramer', () => {
  it('returns complete lines and keeps a partial one for the next chunk', () => {
    const framer = new LineFramer();
    expect(lines(framer.push(b('{"a":1}\n{"b"')))).toEqual(['{"a":1}']);
    expect(framer.bufferedBytes).toBe(4);
    expect(lines(framer.push(b(':2}')))).toEqual([]);
    expect(lines(framer.push(b('\n')))).toEqual(['{"b":2}']);
    expect(framer.bufferedBytes).toBe(0);
  });

  it('splits many lines in one chunk, strips CRLF and skips blank lines', () => {
    const framer = new LineFramer();
    expect(lines(framer.push(b('one\r\ntwo\n\n\r\nthree\r\n')))).toEqual(['one', 'two', 'three']);
  });

  it('strips a CR that ended the previous chunk', () => {
    const framer = new LineFramer();
    framer.push(b('abc\r'));
    expect(lines(framer.push(b('\n')))).toEqual(['abc']);
  });

  it('keeps a multi-byte character split across chunks intact', () => {
    const framer = new LineFramer();
    const bytes = b('"é€"\n');
    framer.push(bytes.subarray(0, 2));
    expect(lines(framer.push(bytes.subarray(2)))).toEqual(['"é€"']);
  });

  it('accepts a line of exactly the limit and refuses one byte more', () => {
    const framer = new LineFramer(10);
    expect(lines(framer.push(b(`${'a'.repeat(10)}\n`)))).toEqual(['a'.repeat(10)]);
    const out = framer.push(b(`${'a'.repeat(11)}\nnext\n`));
    expect(out[0]?.error).toBeInstanceOf(FramingError);
    expect(out[0]?.error?.rejection.key).toBe('line_too_long');
    expect(lines(out)).toEqual(['<FramingError>', 'next']);
  });

  it('reports an oversized line once, drops it across chunks and resumes after its newline', () => {
    const framer = new LineFramer(16);
    expect(lines(framer.push(b('0123456789')))).toEqual([]);
    expect(lines(framer.push(b('0123456789')))).toEqual(['<FramingError>']);
    expect(framer.bufferedBytes).toBe(0);
    for (let i = 0; i < 100; i++) expect(framer.push(b('x'.repeat(1000)))).toEqual([]);
    expect(framer.bufferedBytes).toBe(0);
    expect(lines(framer.push(b('tail\nok\n')))).toEqual(['ok']);
  });

  it('reset forgets the unfinished line', () => {
    const framer = new LineFramer();
    framer.push(b('half'));
    framer.reset();
    expect(lines(framer.push(b('new\n')))).toEqual(['new']);
  });

  it('refuses a nonsensical limit', () => {
    expect(() => new LineFramer(0)).toThrow(RangeError);
  });

  it('yields the same lines however the stream is cut (property)', () => {
    const lineArb = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ''));
    fc.assert(
      fc.property(
        fc.array(lineArb, { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (input, cuts) => {
          const stream = b(input.map((l) => `${l}\n`).join(''));
          const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((x, y) => x - y);
          const framer = new LineFramer(1024);
          const out: FramedLine[] = [];
          let from = 0;
          for (const p of [...points, stream.length]) {
            out.push(...framer.push(stream.subarray(from, p)));
            from = p;
          }
          expect(lines(out)).toEqual(input.filter((l) => l !== ''));
          expect(framer.bufferedBytes).toBe(0);
        },
      ),
    );
  });

  it('never throws and never holds more than the limit on random bytes (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), (chunks) => {
        const framer = new LineFramer(64);
        for (const chunk of chunks) {
          for (const f of framer.push(Buffer.from(chunk))) {
            if (f.error) expect(f.error).toBeInstanceOf(FramingError);
            else expect(Buffer.byteLength(f.line)).toBeGreaterThan(0);
          }
          expect(framer.bufferedBytes).toBeLessThanOrEqual(64);
        }
      }),
    );
  });
});
