import { describe, expect, it } from 'vitest';
import type { HashingContext } from './hashing-context.js';
import { ValidationQueue } from './validation-queue.js';

/** A context whose batches finish when the test says so. */
class ManualContext implements HashingContext {
  readonly batches: Array<{ blobs: Uint8Array[]; finish: () => void; fail: (err: Error) => void }> = [];
  hashBatch(blobs: readonly Uint8Array[]): Promise<Buffer[]> {
    return new Promise((resolve, reject) => {
      this.batches.push({
        blobs: [...blobs],
        finish: () => resolve(blobs.map((b) => Buffer.alloc(32, b[0]))),
        fail: reject,
      });
    });
  }
  dispose(): void {}
}

const blob = (n: number) => Uint8Array.of(n);
const tick = () => new Promise((r) => setImmediate(r));

describe('ValidationQueue', () => {
  it('refuses at once when waiting plus in flight reaches the bound', async () => {
    const ctx = new ManualContext();
    const q = new ValidationQueue({ queueMax: 3, batchMax: 1, inFlightMax: 1 });
    const results = [q.tryHash(ctx, blob(1)), q.tryHash(ctx, blob(2)), q.tryHash(ctx, blob(3))];
    expect(results.every((r) => r instanceof Promise)).toBe(true);
    expect(q.depth).toBe(3);
    expect(q.tryHash(ctx, blob(4))).toBeUndefined();
    await tick();
    ctx.batches[0]!.finish();
    expect((await results[0])![0]).toBe(1);
    expect(q.depth).toBe(2);
    expect(q.tryHash(ctx, blob(5))).toBeInstanceOf(Promise);
  });

  it('batches waiting blobs up to the in-flight room, in order', async () => {
    const ctx = new ManualContext();
    const q = new ValidationQueue({ queueMax: 100, batchMax: 3, inFlightMax: 4 });
    const results = Array.from({ length: 8 }, (_, i) => q.tryHash(ctx, blob(i + 1)));
    expect(ctx.batches).toHaveLength(0); // leaves at the end of the tick
    await tick();
    // A batch of 3 (batchMax), then 1 more fills the in-flight room of 4.
    expect(ctx.batches.map((b) => b.blobs.map((x) => x[0]))).toEqual([[1, 2, 3], [4]]);
    ctx.batches[0]!.finish();
    await tick();
    expect(ctx.batches[2]!.blobs.map((x) => x[0])).toEqual([5, 6, 7]);
    ctx.batches[1]!.finish();
    await tick();
    expect(ctx.batches[3]!.blobs.map((x) => x[0])).toEqual([8]);
    for (const b of ctx.batches.slice(2)) b.finish();
    const hashes = await Promise.all(results);
    expect(hashes.map((h) => h![0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(q.depth).toBe(0);
  });

  it('never mixes contexts in one batch', () => {
    const a = new ManualContext();
    const b = new ManualContext();
    const q = new ValidationQueue({ queueMax: 100, batchMax: 10, inFlightMax: 1 });
    q.tryHash(a, blob(1));
    q.tryHash(a, blob(2));
    q.tryHash(b, blob(3));
    q.tryHash(a, blob(4));
    return tick()
      .then(() => {
        expect(a.batches).toHaveLength(1);
        a.batches[0]!.finish();
        return tick();
      })
      .then(() => {
        expect(a.batches[1]!.blobs.map((x) => x[0])).toEqual([2]);
      });
  });

  it('rejects every blob of a failed batch and keeps going', async () => {
    const ctx = new ManualContext();
    const q = new ValidationQueue({ queueMax: 10, batchMax: 2, inFlightMax: 2 });
    const first = q.tryHash(ctx, blob(1))!;
    await tick();
    const second = q.tryHash(ctx, blob(2))!;
    await tick();
    ctx.batches[0]!.fail(new Error('disposed'));
    await expect(first).rejects.toThrow('disposed');
    ctx.batches[1]!.finish();
    expect((await second)[0]).toBe(2);
    expect(q.depth).toBe(0);
  });

  it('reports depth and per-blob wait and hash times', async () => {
    const depths: number[] = [];
    const timings: Array<[number, number]> = [];
    let now = 0;
    const ctx = new ManualContext();
    const q = new ValidationQueue(
      { queueMax: 10, batchMax: 1, inFlightMax: 1 },
      { depthChanged: (d) => depths.push(d), hashed: (w, h) => timings.push([w, h]) },
      () => now,
    );
    const one = q.tryHash(ctx, blob(1));
    const two = q.tryHash(ctx, blob(2));
    await tick();
    now = 1000;
    ctx.batches[0]!.finish();
    await one;
    await tick();
    now = 3000;
    ctx.batches[1]!.finish();
    await two;
    await tick();
    expect(timings).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(depths.at(-1)).toBe(0);
    expect(Math.max(...depths)).toBe(2);
  });
});
