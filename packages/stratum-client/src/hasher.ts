import type { RandomXContext } from '@rxpool/randomx';

/** Hashes blobs for one seed. */
export interface Hasher {
  hashBatch(blobs: readonly Uint8Array[]): Promise<Buffer[]>;
}

/** Hands out a hasher per seed hash, rebuilding when the seed changes. */
export interface HasherSource {
  forSeed(seedHash: string): Promise<Hasher>;
  close(): void;
}

/**
 * Real RandomX over native/randomx, one context at a time (a new seed disposes the
 * old one). The addon is loaded on first use, so importing this package never needs it.
 */
export class RandomXHasherSource implements HasherSource {
  private current: { seed: string; context: Promise<RandomXContext> } | undefined;

  constructor(
    private readonly options: {
      mode?: 'light' | 'fast';
      threads?: number;
      /** Niceness added for the hashing threads (0–19), so other work on the machine runs first. */
      nice?: number;
    } = {},
  ) {}

  forSeed(seedHash: string): Promise<Hasher> {
    if (this.current?.seed !== seedHash) {
      const previous = this.current;
      const context = this.create(seedHash);
      this.current = { seed: seedHash, context };
      // A failed build is not cached: the next call tries again.
      context.catch(() => {
        if (this.current?.context === context) this.current = undefined;
      });
      previous?.context.then((c) => c.dispose()).catch(() => undefined);
    }
    return (this.current as { context: Promise<RandomXContext> }).context;
  }

  close(): void {
    this.current?.context.then((c) => c.dispose()).catch(() => undefined);
    this.current = undefined;
  }

  private async create(seedHash: string): Promise<RandomXContext> {
    const { RandomXContext } = await import('@rxpool/randomx');
    return RandomXContext.create({
      seed: Buffer.from(seedHash, 'hex'),
      mode: this.options.mode ?? 'light',
      ...(this.options.threads === undefined ? {} : { threads: this.options.threads }),
      ...(this.options.nice === undefined ? {} : { nice: this.options.nice }),
    });
  }
}
