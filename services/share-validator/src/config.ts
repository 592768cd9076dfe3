import { availableParallelism } from 'node:os';
import { type CommonConfig, type EnvReader, readCommonConfig } from '@rxpool/config';
import type { TrustSettings } from './trust-policy.js';

export type ValidatorMode = 'light' | 'fast';

export interface ValidatorConfig {
  common: CommonConfig;
  /** fast: ~2 GiB dataset per seed, fast hashes (production); light: 256 MiB cache, slow hashes. */
  mode: ValidatorMode;
  /** Hashing threads, one RandomX VM each. */
  threads: number;
  /** Threads that build a dataset (fast mode). */
  initThreads: number;
  /** Niceness added to the hashing threads: the event loop (I/O, replies) always runs ahead of them. */
  hashNice: number;
  /** Niceness added to the threads that prewarm the next seed: live hashing runs ahead of them. */
  prewarmNice: number;
  /** RandomX flags override; undefined = what librandomx recommends for this CPU. */
  randomxFlags: number | undefined;
  /** Shares waiting or hashing; beyond this a request is answered "busy" at once. */
  queueMax: number;
  /** Blobs handed to the native threads in one crossing. */
  batchMax: number;
  /** Blobs in flight on the native side; a few per thread keeps every thread busy. */
  inFlightMax: number;
  /** A seed that is neither current nor next stays usable this long (late shares after a switch). */
  previousSeedGraceMs: number;
  /** JetStream publish-ack timeout. */
  publishTimeoutMs: number;
  /** Sampled trust (README "Sampled trust"); off unless VALIDATOR_TRUST=on. */
  trust: TrustConfig;
}

export interface TrustConfig extends TrustSettings {
  enabled: boolean;
}

export function readValidatorConfig(env: EnvReader): ValidatorConfig {
  const common = readCommonConfig(env, 'share-validator', 9102);
  const threads = env.int('VALIDATOR_THREADS', availableParallelism(), { min: 1, max: 256 });
  const flags = env.optionalString('RANDOMX_FLAGS');
  return {
    common,
    mode: env.oneOf('VALIDATOR_MODE', ['light', 'fast'] as const, 'fast'),
    threads,
    initThreads: env.int('VALIDATOR_INIT_THREADS', threads, { min: 1, max: 256 }),
    hashNice: env.int('VALIDATOR_HASH_NICE', 5, { min: 0, max: 19 }),
    prewarmNice: env.int('VALIDATOR_PREWARM_NICE', 15, { min: 0, max: 19 }),
    randomxFlags: flags === undefined ? undefined : env.int('RANDOMX_FLAGS', 0, { min: 0, max: 255 }),
    queueMax: env.int('VALIDATOR_QUEUE_MAX', 256, { min: 1, max: 100_000 }),
    // A blob per thread per crossing, two crossings deep: every thread has its
    // next blob waiting, and a reply never waits behind a long batch.
    batchMax: env.int('VALIDATOR_BATCH_MAX', threads, { min: 1, max: 4096 }),
    inFlightMax: env.int('VALIDATOR_IN_FLIGHT_MAX', threads * 2, { min: 1, max: 100_000 }),
    previousSeedGraceMs: env.int('VALIDATOR_PREVIOUS_SEED_GRACE_MS', 120_000, { min: 0 }),
    publishTimeoutMs: env.int('VALIDATOR_PUBLISH_TIMEOUT_MS', 5_000, { min: 100 }),
    trust: readTrustConfig(env),
  };
}

// The defaults are argued in the README: one share in 20 hashed, 19 forged shares
// expected before a cheater is caught, 100 verified shares to earn trust.
function readTrustConfig(env: EnvReader): TrustConfig {
  return {
    enabled: env.oneOf('VALIDATOR_TRUST', ['off', 'on'] as const, 'off') === 'on',
    after: env.int('VALIDATOR_TRUST_AFTER', 100, { min: 1, max: 1_000_000 }),
    sampleRate: env.number('VALIDATOR_TRUST_SAMPLE_RATE', 0.05, { min: 0.001, max: 1 }),
    maxUnverified: env.int('VALIDATOR_TRUST_MAX_UNVERIFIED', 100, { min: 1, max: 10_000 }),
    maxMiners: env.int('VALIDATOR_TRUST_MAX_MINERS', 100_000, { min: 1, max: 10_000_000 }),
  };
}
