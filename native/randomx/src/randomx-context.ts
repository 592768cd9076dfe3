import { availableParallelism } from 'node:os';
import { fromNative, RandomXError } from './errors.js';
import { type NativeContext, native } from './native.js';

export type RandomXMode = 'light' | 'fast';

/** Monero's seed hash (a block id) is the RandomX key: 32 bytes. */
export const SEED_BYTES = 32;
export const HASH_BYTES: number = native.limits.hashBytes;
export const MAX_BLOB_BYTES: number = native.limits.maxInputBytes;
export const MAX_BATCH: number = native.limits.maxBatch;

export interface RandomXContextOptions {
  /** The seed hash (32 bytes). */
  seed: Uint8Array;
  /** light: 256 MiB cache, slow hashes; fast: ~2 GiB dataset, fast hashes. */
  mode: RandomXMode;
  /** Hashing threads, one VM each. Default: the machine's parallelism. */
  threads?: number;
  /** Threads that initialise the dataset (fast mode). Default: `threads`. */
  initThreads?: number;
  /** RandomX flags; default `getFlags()` (JIT, hardware AES, Argon2 SIMD as supported). */
  flags?: number;
  /**
   * Added to the process's niceness (0–19) for the hashing threads, so the
   * JavaScript thread is scheduled ahead of them. Default 0.
   */
  nice?: number;
  /** Same for the threads that build the cache and dataset. Default: `nice`. */
  initNice?: number;
  /** Dataset items initialised so far (fast mode); light mode reports 1 of 1 at the end. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops the initialisation and frees what it built; create() rejects with 'disposed'. */
  signal?: AbortSignal;
}

export interface RawKeyOptions extends Omit<RandomXContextOptions, 'seed'> {
  /** Any RandomX key of 1 to 256 bytes, e.g. the reference vectors' ASCII keys. */
  key: Uint8Array;
}

export interface InitTimings {
  cacheMs: number;
  datasetMs: number;
}

export interface RawBenchResult {
  hashes: number;
  seconds: number;
  hashesPerSecond: number;
}

/** The flags librandomx recommends for this CPU (randomx_get_flags). */
export function getFlags(): number {
  return native.getFlags();
}

export const RandomXFlags = native.flags;

/** Bytes of RandomX cache and dataset held by this process (all contexts). */
export function randomxMemoryInUse(): number {
  return native.memoryInUse();
}

/**
 * A RandomX context for one key: cache (light) or dataset (fast) plus one VM
 * per native thread. Hashing runs on those threads; inputs are copied before
 * the work starts, so callers may reuse their buffers at once.
 */
export class RandomXContext {
  private constructor(
    private readonly handle: NativeContext,
    readonly seedHex: string,
    readonly mode: RandomXMode,
    readonly threads: number,
    readonly flags: number,
    readonly initTimings: InitTimings,
  ) {}

  /** Builds a context for a Monero seed hash; resolves once the cache/dataset is ready. */
  static create(options: RandomXContextOptions): Promise<RandomXContext> {
    const { seed } = options;
    if (!(seed instanceof Uint8Array) || seed.length !== SEED_BYTES) {
      return Promise.reject(
        new RandomXError('invalid-input', `seed must be ${SEED_BYTES} bytes, got ${describeBytes(seed)}`),
      );
    }
    return RandomXContext.createWithKey({ ...options, key: seed });
  }

  /** Same with an arbitrary RandomX key (1–256 bytes), as the reference vectors use. */
  static async createWithKey(options: RawKeyOptions): Promise<RandomXContext> {
    const { key, mode } = options;
    if (!(key instanceof Uint8Array) || key.length < 1 || key.length > native.limits.maxKeyBytes) {
      throw new RandomXError('invalid-input', `key must be 1 to ${native.limits.maxKeyBytes} bytes`);
    }
    if (mode !== 'light' && mode !== 'fast') {
      throw new RandomXError('invalid-input', `mode must be 'light' or 'fast', got ${String(mode)}`);
    }
    const threads = checkThreads('threads', options.threads ?? availableParallelism());
    const initThreads = checkThreads('initThreads', options.initThreads ?? threads);
    const nice = checkNice('nice', options.nice ?? 0);
    const initNice = checkNice('initNice', options.initNice ?? nice);
    const flags = options.flags ?? getFlags();
    if (!Number.isInteger(flags) || flags < 0 || flags > 0xff) {
      throw new RandomXError('invalid-input', `flags must be a RandomX flag set (0-255), got ${flags}`);
    }

    let handle: NativeContext;
    try {
      handle = new native.Context(flags, mode === 'fast', threads, nice);
    } catch (err) {
      throw fromNative(err);
    }
    const onProgress = options.onProgress;
    const progress = onProgress
      ? (done: number, total: number) => {
          try {
            onProgress(done, total);
          } catch {
            // A faulty progress listener must not break initialisation.
          }
        }
      : undefined;
    const signal = options.signal;
    const abort = () => handle.dispose();
    if (signal?.aborted) abort();
    signal?.addEventListener('abort', abort, { once: true });
    try {
      if (handle.disposed) throw new RandomXError('disposed', 'aborted before initialisation');
      const timings = await handle.init(Uint8Array.from(key), initThreads, progress, initNice);
      return new RandomXContext(handle, Buffer.from(key).toString('hex'), mode, threads, flags, timings);
    } catch (err) {
      handle.dispose();
      throw fromNative(err);
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }

  get disposed(): boolean {
    return this.handle.disposed;
  }

  /** RandomX hash of one blob: a 32-byte Buffer. */
  async hash(blob: Uint8Array): Promise<Buffer> {
    checkBlob(blob, 0);
    return this.call(() => this.handle.hashBatch([blob]));
  }

  /** Hashes of many blobs in one crossing, in order. */
  async hashBatch(blobs: readonly Uint8Array[]): Promise<Buffer[]> {
    if (!Array.isArray(blobs) || blobs.length === 0 || blobs.length > MAX_BATCH) {
      throw new RandomXError('invalid-input', `a batch holds 1 to ${MAX_BATCH} blobs`);
    }
    blobs.forEach(checkBlob);
    const joined = await this.call(() => this.handle.hashBatch([...blobs]));
    return blobs.map((_, i) => joined.subarray(i * HASH_BYTES, (i + 1) * HASH_BYTES));
  }

  /**
   * The raw side of the throughput benchmark: `count` hashes of a 76-byte blob
   * in a tight native loop on `threads` fresh VMs, off the event loop.
   */
  async benchRaw(count: number, threads: number): Promise<RawBenchResult> {
    if (!Number.isInteger(count) || count < 1) throw new RandomXError('invalid-input', 'count must be ≥ 1');
    checkThreads('threads', threads);
    const { hashes, seconds } = await this.call(() => this.handle.bench(count, threads));
    return { hashes, seconds, hashesPerSecond: hashes / seconds };
  }

  /** Stops the threads and frees the cache/dataset (in the background). Idempotent. */
  dispose(): void {
    this.handle.dispose();
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    if (this.handle.disposed)
      throw new RandomXError('disposed', `the RandomX context for ${this.seedHex} was disposed`);
    try {
      return await work();
    } catch (err) {
      throw fromNative(err);
    }
  }
}

/** Hashes/s of librandomx itself on this context: see RandomXContext.benchRaw. */
export function benchRawHashes(
  context: RandomXContext,
  count: number,
  threads: number,
): Promise<RawBenchResult> {
  return context.benchRaw(count, threads);
}

function checkThreads(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > native.limits.maxThreads) {
    throw new RandomXError(
      'invalid-input',
      `${name} must be an integer from 1 to ${native.limits.maxThreads}`,
    );
  }
  return value;
}

function checkNice(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 19) {
    throw new RandomXError('invalid-input', `${name} must be an integer from 0 to 19`);
  }
  return value;
}

function checkBlob(blob: Uint8Array, index: number): void {
  if (!(blob instanceof Uint8Array) || blob.length === 0 || blob.length > MAX_BLOB_BYTES) {
    throw new RandomXError(
      'invalid-input',
      `blob ${index} must be 1 to ${MAX_BLOB_BYTES} bytes, got ${describeBytes(blob)}`,
    );
  }
}

function describeBytes(value: unknown): string {
  return value instanceof Uint8Array ? `${value.length} bytes` : typeof value;
}
