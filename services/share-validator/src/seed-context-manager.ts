import type { HashingContext } from './hashing-context.js';

export type SeedRole = 'current' | 'next' | 'previous';

export interface ContextFactory {
  /**
   * Builds the context for a seed (as the current one, or ahead of time as the
   * next); aborting the signal stops the build and rejects.
   */
  create(
    seedHex: string,
    role: SeedRole,
    onProgress: (done: number, total: number) => void,
    signal: AbortSignal,
  ): Promise<HashingContext>;
}

export interface SeedObserver {
  building(seedHex: string, role: SeedRole): void;
  progress(seedHex: string, role: SeedRole, fraction: number): void;
  built(seedHex: string, role: SeedRole, seconds: number): void;
  failed(seedHex: string, role: SeedRole, err: unknown, retryInMs: number): void;
  retired(seedHex: string): void;
  /** The current seed's context is (not) ready: readiness of the whole service. */
  currentReady(ready: boolean, detail: string): void;
}

export type SeedLookup =
  | { state: 'ready'; context: HashingContext }
  | { state: 'building' }
  | { state: 'unknown' };

interface Entry {
  seedHex: string;
  role: SeedRole;
  context: HashingContext | undefined;
  build: AbortController | undefined;
  failures: number;
  retryTimer: NodeJS.Timeout | undefined;
  retireTimer: NodeJS.Timeout | undefined;
}

export interface SeedContextManagerOptions {
  previousSeedGraceMs: number;
  /** Delay before rebuilding after a failed build, by attempt number. */
  retryDelayMs: (attempt: number) => number;
}

/**
 * Keeps a RandomX context for the current seed and builds the next one
 * ahead of time, so a seed switch never stalls. One build at a time, the
 * current seed first; a seed that leaves both roles stays usable for a grace
 * period (late shares), then is disposed.
 */
export class SeedContextManager {
  private readonly entries = new Map<string, Entry>();
  private current = '';
  private next = '';
  private building: Entry | undefined;
  private closed = false;

  constructor(
    private readonly factory: ContextFactory,
    private readonly options: SeedContextManagerOptions,
    private readonly observer: SeedObserver,
  ) {
    observer.currentReady(false, 'waiting for the first template');
  }

  /** From each template: its seed hash and next_seed_hash ('' when none is announced). */
  setSeeds(currentSeedHex: string, nextSeedHex: string): void {
    if (this.closed || (currentSeedHex === this.current && nextSeedHex === this.next)) return;
    this.current = currentSeedHex;
    this.next = nextSeedHex === currentSeedHex ? '' : nextSeedHex;
    for (const entry of this.entries.values()) {
      if (entry.seedHex !== this.current && entry.seedHex !== this.next) this.demote(entry);
    }
    this.ensure(this.current, 'current');
    if (this.next) this.ensure(this.next, 'next');
    this.reportCurrent();
    this.schedule();
  }

  lookup(seedHex: string): SeedLookup {
    const entry = this.entries.get(seedHex);
    if (!entry) return { state: 'unknown' };
    return entry.context ? { state: 'ready', context: entry.context } : { state: 'building' };
  }

  get currentReady(): boolean {
    return this.entries.get(this.current)?.context !== undefined;
  }

  /** Seeds held, with their role and state (for logs and tests). */
  snapshot(): Array<{ seedHex: string; role: SeedRole; ready: boolean }> {
    return [...this.entries.values()].map((e) => ({ seedHex: e.seedHex, role: e.role, ready: !!e.context }));
  }

  close(): void {
    this.closed = true;
    for (const entry of [...this.entries.values()]) this.drop(entry);
  }

  private ensure(seedHex: string, role: SeedRole): void {
    const entry = this.entries.get(seedHex);
    if (entry) {
      entry.role = role;
      clearTimeout(entry.retireTimer);
      entry.retireTimer = undefined;
      return;
    }
    this.entries.set(seedHex, {
      seedHex,
      role,
      context: undefined,
      build: undefined,
      failures: 0,
      retryTimer: undefined,
      retireTimer: undefined,
    });
  }

  private demote(entry: Entry): void {
    if (!entry.context) {
      // Never finished: not worth finishing.
      this.drop(entry);
      return;
    }
    if (entry.role === 'previous') return;
    entry.role = 'previous';
    entry.retireTimer = setTimeout(() => this.drop(entry), this.options.previousSeedGraceMs);
    entry.retireTimer.unref?.();
  }

  private drop(entry: Entry): void {
    this.entries.delete(entry.seedHex);
    clearTimeout(entry.retryTimer);
    clearTimeout(entry.retireTimer);
    entry.build?.abort();
    if (this.building === entry) this.building = undefined;
    if (entry.context) {
      entry.context.dispose();
      entry.context = undefined;
      this.observer.retired(entry.seedHex);
    }
    if (!this.closed) this.schedule();
  }

  /** Starts the most wanted build: the current seed, then the next one. */
  private schedule(): void {
    if (this.closed) return;
    const wanted = [this.entries.get(this.current), this.entries.get(this.next)].find(
      (e): e is Entry => e !== undefined && !e.context && !e.retryTimer,
    );
    if (!wanted || this.building === wanted) return;
    if (this.building) {
      // A jump to a seed nobody announced: the current one goes first.
      if (wanted.role !== 'current' || this.building.role === 'current') return;
      const preempted = this.building;
      this.building = undefined;
      preempted.build?.abort();
      preempted.build = undefined;
    }
    void this.build(wanted);
  }

  private async build(entry: Entry): Promise<void> {
    const controller = new AbortController();
    entry.build = controller;
    this.building = entry;
    this.observer.building(entry.seedHex, entry.role);
    const started = performance.now();
    try {
      const context = await this.factory.create(
        entry.seedHex,
        entry.role,
        (done, total) => this.observer.progress(entry.seedHex, entry.role, total > 0 ? done / total : 0),
        controller.signal,
      );
      if (controller.signal.aborted || this.entries.get(entry.seedHex) !== entry) {
        context.dispose();
        return;
      }
      entry.context = context;
      entry.failures = 0;
      this.observer.built(entry.seedHex, entry.role, (performance.now() - started) / 1000);
    } catch (err) {
      if (controller.signal.aborted || this.entries.get(entry.seedHex) !== entry) return;
      entry.failures++;
      const delay = this.options.retryDelayMs(entry.failures);
      this.observer.failed(entry.seedHex, entry.role, err, delay);
      entry.retryTimer = setTimeout(() => {
        entry.retryTimer = undefined;
        this.schedule();
      }, delay);
      entry.retryTimer.unref?.();
    } finally {
      if (entry.build === controller) entry.build = undefined;
      if (this.building === entry) this.building = undefined;
      this.reportCurrent();
      this.schedule();
    }
  }

  private reportCurrent(): void {
    const entry = this.entries.get(this.current);
    if (entry?.context) this.observer.currentReady(true, `seed ${this.current.slice(0, 16)} ready`);
    else this.observer.currentReady(false, `building the context for seed ${this.current.slice(0, 16)}`);
  }
}
