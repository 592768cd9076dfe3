import { RandomXContext } from '@rxpool/randomx';
import type { ValidatorConfig } from './config.js';
import type { HashingContext } from './hashing-context.js';
import type { ContextFactory } from './seed-context-manager.js';

/** Real RandomX contexts in the configured mode, threads and flags. */
export class RandomXContextFactory implements ContextFactory {
  constructor(
    private readonly config: Pick<ValidatorConfig, 'mode' | 'threads' | 'initThreads' | 'randomxFlags'>,
  ) {}

  create(
    seedHex: string,
    onProgress: (done: number, total: number) => void,
    signal: AbortSignal,
  ): Promise<HashingContext> {
    const { mode, threads, initThreads, randomxFlags } = this.config;
    return RandomXContext.create({
      seed: Buffer.from(seedHex, 'hex'),
      mode,
      threads,
      initThreads,
      ...(randomxFlags === undefined ? {} : { flags: randomxFlags }),
      onProgress,
      signal,
    });
  }
}
