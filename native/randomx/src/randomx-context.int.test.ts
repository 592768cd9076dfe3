import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RandomxVector, randomxVectors } from '../../../packages/cryptonote/src/testing/vectors.js';
import { isRandomXError, RandomXError } from './errors.js';
import {
  getFlags,
  MAX_BLOB_BYTES,
  RandomXContext,
  RandomXFlags,
  type RawKeyOptions,
  randomxMemoryInUse,
} from './randomx-context.js';
import { loopUtilisation } from './testing/loop-utilisation.js';

const vectors = randomxVectors();

/** Niceness of every thread of this process (Linux /proc; field 19 of stat). */
function threadNiceness(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

/** Disposal finishes in the background, within about one hash time. */
async function memoryReturnsTo(bytes: number): Promise<number> {
  for (let i = 0; i < 150 && randomxMemoryInUse() !== bytes; i++) await new Promise((r) => setTimeout(r, 20));
  return randomxMemoryInUse();
}

const inputOf = (v: RandomxVector) =>
  v.input_hex ? Buffer.from(v.input_hex, 'hex') : Buffer.from(v.input ?? '');

describe('RandomXContext (light mode, librandomx)', () => {
  const contexts = new Map<string, RandomXContext>();
  beforeAll(async () => {
    for (const key of new Set(vectors.map((v) => v.key))) {
      contexts.set(
        key,
        await RandomXContext.createWithKey({ key: Buffer.from(key), mode: 'light', threads: 2 }),
      );
    }
  });
  afterAll(() => {
    for (const c of contexts.values()) c.dispose();
  });
  const contextFor = (key: string) => contexts.get(key) as RandomXContext;

  it('reports the CPU flags librandomx recommends', () => {
    const flags = getFlags();
    expect(Number.isInteger(flags)).toBe(true);
    expect(flags & RandomXFlags.FULL_MEM).toBe(0);
    expect(contextFor(vectors[0]!.key).flags).toBe(flags);
  });

  it.each(vectors.map((v, i) => [i, v] as const))('matches reference vector %i', async (_, v) => {
    const hash = await contextFor(v.key).hash(inputOf(v));
    expect(hash).toBeInstanceOf(Buffer);
    expect(hash.toString('hex')).toBe(v.hash);
  });

  it('hashes a batch in order, one crossing, same results as single calls', async () => {
    const same = vectors.filter((v) => v.key === vectors[0]!.key);
    const hashes = await contextFor(same[0]!.key).hashBatch(same.map(inputOf));
    expect(hashes.map((h) => h.toString('hex'))).toEqual(same.map((v) => v.hash));
    for (const h of hashes) expect(h.length).toBe(32);
  });

  it('copies inputs before the work starts', async () => {
    const v = vectors[0]!;
    const input = Buffer.from(inputOf(v));
    const pending = contextFor(v.key).hash(input);
    input.fill(0);
    expect((await pending).toString('hex')).toBe(v.hash);
  });

  it('does not block the event loop while hashing', async () => {
    const ctx = contextFor(vectors[0]!.key);
    const blobs = Array.from({ length: 8 }, (_, i) => Buffer.from(`blob ${i}`));
    const started = performance.now();
    const { utilisation } = await loopUtilisation(() => ctx.hashBatch(blobs));
    // 8 light-mode hashes take hundreds of ms, during which the loop sat idle.
    expect(performance.now() - started).toBeGreaterThan(100);
    expect(utilisation).toBeLessThan(0.2);
  });

  it('rejects wrong input with typed errors, never a crash', async () => {
    const ctx = contextFor(vectors[0]!.key);
    const code = async (p: Promise<unknown>) => {
      const err = await p.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(RandomXError);
      return (err as RandomXError).code;
    };
    expect(await code(ctx.hash(new Uint8Array(0)))).toBe('invalid-input');
    expect(await code(ctx.hash(new Uint8Array(MAX_BLOB_BYTES + 1)))).toBe('invalid-input');
    expect(await code(ctx.hash('abc' as unknown as Uint8Array))).toBe('invalid-input');
    expect(await code(ctx.hashBatch([]))).toBe('invalid-input');
    expect(await code(ctx.hashBatch([Buffer.from('a'), new Uint8Array(0)]))).toBe('invalid-input');
    expect(await code(RandomXContext.create({ seed: new Uint8Array(31), mode: 'light' }))).toBe(
      'invalid-input',
    );
    expect(await code(RandomXContext.create({ seed: new Uint8Array(33), mode: 'light' }))).toBe(
      'invalid-input',
    );
    expect(await code(RandomXContext.create({ seed: new Uint8Array(32), mode: 'light', threads: 0 }))).toBe(
      'invalid-input',
    );
    expect(
      await code(RandomXContext.create({ seed: new Uint8Array(32), mode: 'slow' as unknown as 'light' })),
    ).toBe('invalid-input');
    expect(await code(RandomXContext.create({ seed: new Uint8Array(32), mode: 'light', flags: 4096 }))).toBe(
      'invalid-input',
    );
    expect(await code(RandomXContext.create({ seed: new Uint8Array(32), mode: 'light', nice: 20 }))).toBe(
      'invalid-input',
    );
  });

  /** A context for the first vector's key that must still hash it right, then `check`. */
  async function withVectorContext(options: Partial<RawKeyOptions>, check: (ctx: RandomXContext) => void) {
    const v = vectors[0]!;
    const ctx = await RandomXContext.createWithKey({
      key: Buffer.from(v.key),
      mode: 'light',
      threads: 1,
      ...options,
    });
    try {
      expect((await ctx.hash(inputOf(v))).toString('hex')).toBe(v.hash);
      check(ctx);
    } finally {
      ctx.dispose();
    }
  }

  it('runs its hashing threads at a lower priority when asked', async () => {
    await withVectorContext({ threads: 2, nice: 7 }, () => expect(threadNiceness()).toContain(7));
  });

  it('accepts a flag override', async () => {
    // Without JIT and hardware AES: the interpreter and software AES give the same hash.
    await withVectorContext({ flags: 0 }, (ctx) => expect(ctx.flags).toBe(0));
  });
});

describe('RandomXContext lifecycle', () => {
  beforeAll(async () => {
    expect(await memoryReturnsTo(0)).toBe(0);
  });

  it('builds a context for a 32-byte seed and reports light-mode progress', async () => {
    const progress: Array<[number, number]> = [];
    const seed = Buffer.alloc(32, 7);
    const ctx = await RandomXContext.create({
      seed,
      mode: 'light',
      threads: 1,
      onProgress: (d, t) => progress.push([d, t]),
    });
    try {
      expect(ctx.seedHex).toBe(seed.toString('hex'));
      expect(ctx.mode).toBe('light');
      expect(progress).toEqual([[1, 1]]);
      expect(ctx.initTimings.cacheMs).toBeGreaterThan(0);
    } finally {
      ctx.dispose();
    }
    expect(await memoryReturnsTo(0)).toBe(0);
  });

  it('rejects work in flight and new work once disposed, and frees its memory', async () => {
    const before = randomxMemoryInUse();
    const ctx = await RandomXContext.create({ seed: Buffer.alloc(32, 9), mode: 'light', threads: 2 });
    expect(randomxMemoryInUse() - before).toBe(256 * 2 ** 20);
    const inFlight = ctx.hashBatch(Array.from({ length: 16 }, (_, i) => Buffer.from([i + 1])));
    ctx.dispose();
    ctx.dispose(); // idempotent
    await expect(inFlight).rejects.toSatisfy((e) => isRandomXError(e, 'disposed'));
    await expect(ctx.hash(Buffer.from('x'))).rejects.toSatisfy((e) => isRandomXError(e, 'disposed'));
    expect(ctx.disposed).toBe(true);
    expect(await memoryReturnsTo(before)).toBe(before);
  });

  it('stops an initialisation when its signal aborts', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const created = RandomXContext.create({
      seed: Buffer.alloc(32, 3),
      mode: 'light',
      threads: 1,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(created).rejects.toSatisfy((e) => isRandomXError(e, 'disposed'));
    // The cache build (about 1.4 s here) is not interruptible, the VMs and workers are never made.
    expect(performance.now() - started).toBeLessThan(10_000);
    const already = AbortSignal.abort();
    await expect(
      RandomXContext.create({ seed: Buffer.alloc(32), mode: 'light', signal: already }),
    ).rejects.toSatisfy((e) => isRandomXError(e, 'disposed'));
  });
});
