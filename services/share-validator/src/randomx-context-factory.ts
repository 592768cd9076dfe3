import { RandomXContext } from '@rxpool/randomx';
import type { ValidatorConfig } from './config.js';
import type { HashingContext } from './hashing-context.js';
import type { ContextFactory, SeedRole } from './seed-context-manager.js';

/** Real RandomX contexts in the configured mode, threads and flags. */
export class RandomXContextFactory implements ContextFactory {
  constructor(
    private readonly config: Pick<
      ValidatorConfig,
      'mode' | 'threads' | 'initThreads' | 'randomxFlags' | 'hashNice' | 'prewarmNice'
    >,
  ) {}

  create(
    seedHex: string,
    role: SeedRole,
    onProgress: (done: number, total: number) => void,
    signal: AbortSignal,
  ): Promise<HashingContext> {
    const { mode, threads, initThreads, randomxFlags, hashNice, prewarmNice } = this.config;
    return RandomXContext.create({
      seed: Buffer.from(seedHex, 'hex'),
      mode,
      threads,
      initThreads,
      nice: hashNice,
      // The next seed is built while the current one hashes: it takes what is left.
      initNice: role === 'current' ? hashNice : prewarmNice,
      ...(randomxFlags === undefined ? {} : { flags: randomxFlags }),
      onProgress,
      signal,
    });
  }
}
