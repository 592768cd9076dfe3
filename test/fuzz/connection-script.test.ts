import { isValidAddress } from '@rxpool/cryptonote';
import { parseRequest } from '@rxpool/stratum';
import { describe, expect, it } from 'vitest';
import { PROFILES, ScriptGenerator } from './connection-script.js';
import { LINE_KINDS, LineGenerator, Prng } from './line-generator.js';

const joined = (steps: { bytes: Uint8Array }[]) => Buffer.concat(steps.map((s) => s.bytes));
const lines = (buffer: Buffer) => buffer.toString('latin1').split('\n');

describe('hostile line generator', () => {
  it('is deterministic for a seed', () => {
    const a = new LineGenerator(new Prng(7));
    const b = new LineGenerator(new Prng(7));
    for (const kind of LINE_KINDS) expect(a.line(kind).equals(b.line(kind))).toBe(true);
  });

  it('gives no line a stratum parser accepts as a valid request, except the unauthenticated ones', () => {
    const gen = new LineGenerator(new Prng(11));
    for (const kind of LINE_KINDS.filter((k) => k !== 'unauthenticated' && k !== 'oversized')) {
      for (let i = 0; i < 300; i++) {
        const text = gen.line(kind).toString('utf8').replace(/\n$/, '');
        let parsed: ReturnType<typeof parseRequest> | undefined;
        try {
          parsed = parseRequest(text);
        } catch {
          continue; // a protocol error: what most of them are
        }
        // What parses must still be refused later: a login no address check passes, or an unknown session.
        if (parsed.method === 'login') {
          const address = parsed.params.login.split(/[.+]/)[0] ?? '';
          expect(isValidAddress(address, 'mainnet')).toBe(false);
        } else expect(parsed.params.id).not.toBe('');
      }
    }
  });

  it('makes unauthenticated lines that parse as requests', () => {
    const gen = new LineGenerator(new Prng(3));
    for (let i = 0; i < 100; i++) {
      expect(() => parseRequest(gen.line('unauthenticated').toString().trim())).not.toThrow();
    }
  });

  it('makes oversized lines above a 64 KiB reader limit or at least 16 KiB', () => {
    const gen = new LineGenerator(new Prng(5));
    for (let i = 0; i < 20; i++) expect(gen.line('oversized').length).toBeGreaterThan(16 * 1024);
  });
});

describe('connection scripts', () => {
  it('cut the lines into chunks that add up to them, each line counted once in the step where it ends', () => {
    const gen = new ScriptGenerator(42);
    for (let i = 0; i < 200; i++) {
      const script = gen.next();
      const all = joined(script.steps);
      const counted = script.steps.reduce((a, s) => a + s.kinds.length, 0);
      const newlines = lines(all).length - 1;
      // Every line ends with a newline, but for an unterminated oversized one at the end.
      expect(counted === newlines || counted === newlines + 1).toBe(true);
      let at = 0;
      for (const step of script.steps) {
        at += step.bytes.length;
        const ended = lines(all.subarray(0, at)).length - 1;
        expect(ended).toBeLessThanOrEqual(
          script.steps.slice(0, script.steps.indexOf(step) + 1).reduce((a, s) => a + s.kinds.length, 0),
        );
      }
    }
  });

  it('use every profile and every kind of line', () => {
    const gen = new ScriptGenerator(1);
    const profiles = new Set<string>();
    const kinds = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const s = gen.next();
      profiles.add(s.profile);
      for (const step of s.steps) for (const k of step.kinds) kinds.add(k);
    }
    expect([...profiles].sort()).toEqual([...PROFILES].sort());
    expect(kinds.size).toBe(LINE_KINDS.length);
  });

  it('stall only in the slow profile, between 0.3 and 3 s', () => {
    const gen = new ScriptGenerator(9);
    for (const profile of PROFILES) {
      const s = gen.script(profile);
      const delays = s.steps.map((x) => x.delayMs).filter((d) => d > 0);
      if (profile === 'stall') {
        expect(delays.length).toBeGreaterThan(0);
        for (const d of delays) expect(d >= 300 && d < 3_000).toBe(true);
      } else expect(delays).toEqual([]);
    }
  });
});
