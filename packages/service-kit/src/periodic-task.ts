import type { Logger } from '@rxpool/observability';

/** What schedules the passes; tests hand in one they fire by hand. */
export interface PeriodicTimer {
  /** Calls `tick` every `ms` until the returned function is called. */
  every(ms: number, tick: () => void): () => void;
}

/** setInterval, unref'd: a pending pass never keeps the process alive. */
export const intervalTimer: PeriodicTimer = {
  every(ms, tick) {
    const handle = setInterval(tick, ms);
    handle.unref();
    return () => clearInterval(handle);
  },
};

/** A timer that ticks only when told: for tests. */
export class ManualTimer implements PeriodicTimer {
  private readonly ticks = new Map<() => void, number>();

  every(ms: number, tick: () => void): () => void {
    this.ticks.set(tick, ms);
    return () => this.ticks.delete(tick);
  }

  /** Ticks every armed task once. */
  fire(): void {
    for (const tick of [...this.ticks.keys()]) tick();
  }

  /** The intervals armed, in order of arming. */
  get intervals(): number[] {
    return [...this.ticks.values()];
  }
}

export interface PeriodicTaskOptions<T> {
  /** Names the task in the log line of a failed pass. */
  name: string;
  intervalMs: number;
  pass: () => Promise<T>;
  log: Logger;
  /** Also run a pass at start, not only after the first interval. */
  runAtStart?: boolean;
  timer?: PeriodicTimer;
}

/**
 * A pass every `intervalMs`, never two at once: a tick while a pass runs is
 * skipped, and `runOnce` shares the running pass. A failed scheduled pass is
 * logged, not thrown. The one shutdown rule: `stop` waits for the running
 * pass, so what it uses (the database) is not closed under it.
 */
export class PeriodicTask<T = void> {
  private cancel: (() => void) | undefined;
  private running: Promise<T> | undefined;

  constructor(private readonly options: PeriodicTaskOptions<T>) {}

  start(): void {
    if (this.cancel) return;
    const { intervalMs, timer = intervalTimer } = this.options;
    this.cancel = timer.every(intervalMs, () => this.tick());
    if (this.options.runAtStart) this.tick();
  }

  /** A pass now, or the one already running; rejects with its error. */
  runOnce(): Promise<T> {
    // async: a pass that throws before its first await still ends as a rejection.
    this.running ??= (async () => this.options.pass())().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Resolves once no pass runs (a failed one included). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /** No further passes; resolves when the running one has finished. */
  async stop(): Promise<void> {
    this.cancel?.();
    this.cancel = undefined;
    await this.idle();
  }

  private tick(): void {
    if (this.running) return;
    this.runOnce().catch((err) =>
      this.options.log.warn({ err: (err as Error).message, task: this.options.name }, 'periodic pass failed'),
    );
  }
}
