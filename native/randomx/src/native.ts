import { createRequire } from 'node:module';

/** What the compiled addon (cc/*.cc) exports; only this package talks to it. */
export interface NativeContext {
  init(
    key: Uint8Array,
    initThreads: number,
    onProgress?: (done: number, total: number) => void,
    initNice?: number,
  ): Promise<{ cacheMs: number; datasetMs: number }>;
  /** One Buffer of 32 bytes per blob, back to back, in order. */
  hashBatch(blobs: Uint8Array[]): Promise<Buffer>;
  bench(count: number, threads: number): Promise<{ hashes: number; seconds: number }>;
  dispose(): void;
  readonly ready: boolean;
  readonly disposed: boolean;
}

export interface NativeBinding {
  Context: new (flags: number, fast: boolean, threads: number, nice?: number) => NativeContext;
  getFlags(): number;
  /** Bytes of RandomX cache and dataset currently allocated by this process. */
  memoryInUse(): number;
  flags: {
    LARGE_PAGES: number;
    HARD_AES: number;
    FULL_MEM: number;
    JIT: number;
    SECURE: number;
    ARGON2_SSSE3: number;
    ARGON2_AVX2: number;
  };
  limits: {
    hashBytes: number;
    maxInputBytes: number;
    maxBatch: number;
    maxKeyBytes: number;
    maxThreads: number;
  };
}

// Same relative path from src/ (tests) and dist/ (compiled): ../build/Release.
const require = createRequire(import.meta.url);

function load(): NativeBinding {
  try {
    return require('../build/Release/rxpool_randomx.node') as NativeBinding;
  } catch (err) {
    throw new Error(
      `the RandomX addon is not built (run \`npm run build --workspace native/randomx\`): ${(err as Error).message}`,
    );
  }
}

export const native: NativeBinding = load();
