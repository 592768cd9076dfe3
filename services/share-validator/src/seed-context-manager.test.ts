import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HashingContext } from './hashing-context.js';
import {
  type ContextFactory,
  SeedContextManager,
  type SeedObserver,
  type SeedRole,
} from './seed-context-manager.js';

interface PendingBuild {
  seed: string;
  role: SeedRole;
  signal: AbortSignal;
  progress: (done: number, total: number) => void;
  finish(): void;
  fail(err: Error): void;
  context: HashingContext & { disposed: boolean };
}

/** Builds finish when the test says so; every context records its disposal. */
class ManualFactory implements ContextFactory {
  readonly builds: PendingBuild[] = [];
  create(
    seed: string,
    role: SeedRole,
    progress: (d: number, t: number) => void,
    signal: AbortSignal,
  ): Promise<HashingContext> {
    return new Promise((resolve, reject) => {
      const context = {
        disposed: false,
        hashBatch: async () => [],
        dispose() {
          this.disposed = true;
        },
      };
      signal.addEventListener('abort', () => reject(new Error('aborted')));
      this.builds.push({
        seed,
        role,
        signal,
        progress,
        finish: () => resolve(context),
        fail: reject,
        context,
      });
    });
  }
  last(): PendingBuild {
    return this.builds.at(-1) as PendingBuild;
  }
}

function recorder() {
  const events: string[] = [];
  let ready: boolean | undefined;
  const observer: SeedObserver = {
    building: (s, r) => events.push(`building ${s} ${r}`),
    progress: (s, _r, f) => events.push(`progress ${s} ${f}`),
    built: (s, r) => events.push(`built ${s} ${r}`),
    failed: (s, _r, _e, ms) => events.push(`failed ${s} retry ${ms}`),
    retired: (s) => events.push(`retired ${s}`),
    currentReady: (r) => {
      ready = r;
    },
  };
  return { events, observer, ready: () => ready };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('SeedContextManager', () => {
  let factory: ManualFactory;
  let rec: ReturnType<typeof recorder>;
  let manager: SeedContextManager;
  beforeEach(() => {
    factory = new ManualFactory();
    rec = recorder();
    manager = new SeedContextManager(
      factory,
      { previousSeedGraceMs: 60_000, retryDelayMs: () => 5_000 },
      rec.observer,
    );
  });
  afterEach(() => {
    manager.close();
    vi.useRealTimers();
  });

  it('is not ready before the first template, then builds the current seed before the next', async () => {
    expect(rec.ready()).toBe(false);
    manager.setSeeds('aa', 'bb');
    expect(factory.builds.map((b) => b.seed)).toEqual(['aa']);
    expect(manager.lookup('aa')).toEqual({ state: 'building' });
    expect(manager.lookup('bb')).toEqual({ state: 'building' });
    expect(manager.lookup('cc')).toEqual({ state: 'unknown' });
    factory.last().progress(1, 2);
    factory.last().finish();
    await flush();
    expect(rec.ready()).toBe(true);
    expect(manager.lookup('aa')).toMatchObject({ state: 'ready' });
    expect(factory.builds.map((b) => [b.seed, b.role])).toEqual([
      ['aa', 'current'],
      ['bb', 'next'],
    ]);
    expect(rec.events).toEqual([
      'building aa current',
      'progress aa 0.5',
      'built aa current',
      'building bb next',
    ]);
  });

  it('switches to a prewarmed seed without a stall and retires the old one after the grace period', async () => {
    vi.useFakeTimers();
    manager.setSeeds('aa', 'bb');
    factory.last().finish();
    await vi.advanceTimersByTimeAsync(0);
    factory.last().finish();
    await vi.advanceTimersByTimeAsync(0);
    const old = factory.builds[0]!.context;

    manager.setSeeds('bb', '');
    expect(rec.ready()).toBe(true);
    expect(manager.lookup('bb')).toMatchObject({ state: 'ready' });
    expect(manager.lookup('aa')).toMatchObject({ state: 'ready' }); // late shares still check
    expect(factory.builds).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(old.disposed).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(old.disposed).toBe(true);
    expect(manager.lookup('aa')).toEqual({ state: 'unknown' });
    expect(rec.events).toContain('retired aa');
  });

  it('keeps a previous seed that becomes current again', async () => {
    vi.useFakeTimers();
    manager.setSeeds('aa', '');
    factory.last().finish();
    await vi.advanceTimersByTimeAsync(0);
    manager.setSeeds('bb', '');
    manager.setSeeds('aa', '');
    expect(rec.ready()).toBe(true);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(factory.builds[0]!.context.disposed).toBe(false);
    expect(factory.builds[1]!.signal.aborted).toBe(true); // the unfinished bb build was dropped
  });

  it('puts an unannounced current seed ahead of a next-seed build', async () => {
    manager.setSeeds('aa', 'bb');
    factory.last().finish();
    await flush();
    const nextBuild = factory.last();
    expect(nextBuild.seed).toBe('bb');
    manager.setSeeds('cc', 'bb');
    expect(rec.ready()).toBe(false);
    expect(nextBuild.signal.aborted).toBe(true);
    expect(factory.last().seed).toBe('cc');
    factory.last().finish();
    await flush();
    expect(rec.ready()).toBe(true);
    expect(factory.last().seed).toBe('bb'); // rebuilt afterwards
  });

  it('retries a failed build after a delay', async () => {
    vi.useFakeTimers();
    manager.setSeeds('aa', '');
    factory.last().fail(new Error('no memory'));
    await vi.advanceTimersByTimeAsync(0);
    expect(rec.events).toContain('failed aa retry 5000');
    expect(factory.builds).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(factory.builds).toHaveLength(2);
    factory.last().finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(rec.ready()).toBe(true);
  });

  it('disposes everything on close and ignores builds that finish afterwards', async () => {
    manager.setSeeds('aa', 'bb');
    factory.last().finish();
    await flush();
    const building = factory.last();
    manager.close();
    expect(factory.builds[0]!.context.disposed).toBe(true);
    expect(building.signal.aborted).toBe(true);
    manager.setSeeds('cc', '');
    expect(factory.builds).toHaveLength(2);
  });
});
