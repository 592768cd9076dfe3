import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RandomXContext, randomxMemoryInUse } from './randomx-context.js';
import { loopUtilisation } from './testing/loop-utilisation.js';

// A long suite (npm run test:full): fast mode allocates ~2 GiB and initialises
// the dataset for about a minute on two cores. One context for the whole file,
// compared with a light one.
describe('RandomX fast mode', () => {
  const seed = randomBytes(32);
  const progress: Array<[number, number]> = [];
  let fast: RandomXContext;
  let light: RandomXContext;
  let utilisationDuringInit = 1;

  beforeAll(async () => {
    const { result, utilisation } = await loopUtilisation(() =>
      RandomXContext.create({
        seed,
        mode: 'fast',
        threads: 2,
        initThreads: 2,
        onProgress: (done, total) => progress.push([done, total]),
      }),
    );
    fast = result;
    utilisationDuringInit = utilisation;
    light = await RandomXContext.create({ seed, mode: 'light', threads: 2 });
  }, 1_800_000); // about a minute on two idle cores; far longer when the machine is shared

  afterAll(() => {
    fast?.dispose();
    light?.dispose();
  });

  it('initialises the dataset on native threads, reporting progress, without blocking the loop', () => {
    expect(fast.initTimings.datasetMs).toBeGreaterThan(1000);
    expect(progress.length).toBeGreaterThan(100);
    const total = progress[0]![1];
    expect(progress.every(([, t]) => t === total)).toBe(true);
    expect(progress.map(([d]) => d)).toEqual([...progress.map(([d]) => d)].sort((a, b) => a - b));
    expect(progress.at(-1)![0]).toBe(total);
    // The loop sat idle while native threads built the dataset.
    expect(utilisationDuringInit).toBeLessThan(0.1);
    // Dataset (2080 MiB) and the light context's cache; the fast context dropped its cache.
    expect(randomxMemoryInUse()).toBe(total * 64 + 256 * 2 ** 20);
  });

  it('agrees with light mode on random inputs', async () => {
    const blobs = Array.from({ length: 12 }, (_, i) => randomBytes(40 + i * 7));
    const [fastHashes, lightHashes] = await Promise.all([fast.hashBatch(blobs), light.hashBatch(blobs)]);
    expect(fastHashes.map((h) => h.toString('hex'))).toEqual(lightHashes.map((h) => h.toString('hex')));
  });
});
