/**
 * What one hostile connection sends: lines of a profile, cut into chunks at
 * random places (so lines arrive split across reads), with stalls between
 * chunks for the slow profiles. Pure: no I/O.
 */
import { LINE_KINDS, LineGenerator, type LineKind, Prng } from './line-generator.js';

export const PROFILES = ['noise', 'chatter', 'oversized', 'stall'] as const;
export type Profile = (typeof PROFILES)[number];

export interface Step {
  bytes: Uint8Array;
  /** Wait this long before writing the step. */
  delayMs: number;
  /** Index in LINE_KINDS of every line that ends in this step. */
  kinds: number[];
}

export interface ConnectionScript {
  profile: Profile;
  steps: Step[];
}

/** Protocol-error kinds: a connection is closed after a few of them. */
const NOISE: readonly LineKind[] = LINE_KINDS.filter((k) => k !== 'unauthenticated' && k !== 'oversized');

/** Share of connections per profile (in PROFILES order). */
const WEIGHTS = [0.45, 0.45, 0.05, 0.05];
/** The gateway's default STRATUM_MAX_PROTOCOL_ERRORS: the bad line after this many closes a connection. */
const GATEWAY_MAX_PROTOCOL_ERRORS = 10;

export class ScriptGenerator {
  private readonly rng: Prng;
  private readonly lines: LineGenerator;

  constructor(seed: number) {
    this.rng = new Prng(seed);
    this.lines = new LineGenerator(new Prng(seed ^ 0x5eed));
  }

  next(): ConnectionScript {
    let x = this.rng.next();
    let profile: Profile = 'noise';
    for (let i = 0; i < PROFILES.length; i++) {
      x -= WEIGHTS[i] ?? 0;
      if (x < 0) {
        profile = PROFILES[i] as Profile;
        break;
      }
    }
    return this.script(profile);
  }

  script(profile: Profile): ConnectionScript {
    const r = this.rng;
    const kinds: LineKind[] = [];
    switch (profile) {
      case 'noise':
        for (let n = GATEWAY_MAX_PROTOCOL_ERRORS + 1 + r.int(4); n > 0; n--) kinds.push(r.pick(NOISE));
        break;
      case 'chatter': {
        // Up to 8 bad lines among requests the gateway must answer: fewer than close a connection,
        // so every line of it is read (a noise connection is closed on its 11th bad line).
        for (let n = 150 + r.int(450); n > 0; n--) kinds.push('unauthenticated');
        for (let n = r.int(GATEWAY_MAX_PROTOCOL_ERRORS - 1); n > 0; n--)
          kinds[r.int(kinds.length)] = r.pick(NOISE);
        break;
      }
      case 'oversized':
        for (let n = r.int(3); n > 0; n--) kinds.push('unauthenticated');
        kinds.push('oversized');
        break;
      case 'stall':
        for (let n = 2 + r.int(5); n > 0; n--) kinds.push(r.pick([...NOISE, 'unauthenticated']));
        break;
    }
    const buffers = kinds.map((k) => this.lines.line(k));
    return { profile, steps: this.cut(Buffer.concat(buffers), buffers, kinds, profile === 'stall') };
  }

  /** Cuts the bytes into chunks; `slow`: small pieces with stalls of 0.3–3 s between them (≤ ~40 s in all). */
  private cut(all: Buffer, buffers: Buffer[], kinds: LineKind[], slow: boolean): Step[] {
    const r = this.rng;
    // Where each line's last byte lies (an unterminated oversized line counts once all of it is out).
    const ends: number[] = [];
    let at = 0;
    for (const b of buffers) {
      at += b.length;
      ends.push(at);
    }
    const steps: Step[] = [];
    let from = 0;
    let line = 0;
    while (from < all.length) {
      // A slow connection trickles its first dozen pieces, then sends the rest at once.
      const size = slow
        ? steps.length < 12
          ? 1 + r.int(r.next() < 0.5 ? 4 : 64)
          : all.length
        : r.next() < 0.3
          ? 1 + r.int(256)
          : 4096 + r.int(12 * 1024);
      const to = Math.min(all.length, from + size);
      const inStep: number[] = [];
      for (; line < ends.length && (ends[line] ?? 0) <= to; line++) {
        inStep.push(LINE_KINDS.indexOf(kinds[line] as LineKind));
      }
      steps.push({
        bytes: all.subarray(from, to),
        delayMs: slow && from > 0 ? 300 + r.int(2_700) : 0,
        kinds: inStep,
      });
      from = to;
    }
    return steps;
  }
}
