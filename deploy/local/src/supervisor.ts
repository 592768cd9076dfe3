import { setTimeout as sleep } from 'node:timers/promises';

/** How a process ended: an exit code, or the signal that killed it. */
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One process of a supervised unit: the first one, or a restart. */
export interface Run {
  readonly pid: number | undefined;
  readonly exited: Promise<ExitStatus>;
  /** Resolves once it serves; rejects when it exits first or does not get there in time. */
  ready(): Promise<void>;
  running(): boolean;
  kill(): Promise<void>;
  /** What it last said (a service's last log line), for the exit report. */
  lastWords?(): string;
}

/** Something the supervisor keeps running: a service instance or a part of the infrastructure. */
export interface Unit {
  readonly name: string;
  /**
   * Starts a new process before it returns: a pool stop that begins after
   * this call finds it and stops it.
   */
  start(): Run;
}

export interface SupervisorHooks {
  say: (line: string) => void;
  /** `run` exited unexpectedly (the process ledger forgets its PID). */
  exited(name: string, run: Run): void;
  /** `run` replaces the one that exited (the process ledger records its PID). */
  started(name: string, run: Run): void;
}

export interface BackoffPolicy {
  /** Wait before the first restart; it doubles with each failure in a row. */
  initialMs: number;
  maxMs: number;
  /** A process that stayed ready this long before it exited starts the schedule over. */
  resetAfterMs: number;
}

/** As Kubernetes' CrashLoopBackOff, with shorter steps for a pool on one machine. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000, resetAfterMs: 60_000 };

/** The wait before restarting after `failures` failures in a row (1: the first). */
export function backoffDelay(failures: number, p: BackoffPolicy): number {
  return Math.min(p.maxMs, p.initialMs * 2 ** Math.max(0, failures - 1));
}

/**
 * Failures in a row after one more exit: the count starts over when the
 * process had been ready for `resetAfterMs` (undefined: it never got ready).
 */
export function nextFailures(previous: number, readyForMs: number | undefined, p: BackoffPolicy): number {
  return readyForMs !== undefined && readyForMs >= p.resetAfterMs ? 1 : previous + 1;
}

export function describeExit(s: ExitStatus, lastWords?: string): string {
  if (s.signal) return `signal ${s.signal}`;
  if (s.code === null) return 'killed by a signal';
  return lastWords ? `code ${s.code}: ${lastWords}` : `code ${s.code}`;
}

/** Time for the supervisor; tests pass a fake one instead of waiting. */
export interface Clock {
  now(): number;
  /** Resolves true after `ms`, or false as soon as `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<boolean>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) => sleep(ms, true, { signal }).catch(() => false),
};

interface Slot {
  readonly abort: AbortController;
  /** Aborted when the supervisor stops or forgets the unit: exits from then on are ours. */
  readonly signal: AbortSignal;
  markReady(ready: boolean): void;
}

/**
 * Restarts units whose process exits while the pool runs, with exponential
 * backoff, and says so: one line per exit and per return.
 */
export class Supervisor {
  private readonly stopping = new AbortController();
  private readonly slots = new Map<string, Slot>();
  private readonly loops = new Set<Promise<void>>();

  constructor(
    private readonly hooks: SupervisorHooks,
    private readonly policy: BackoffPolicy = DEFAULT_BACKOFF,
    private readonly clock: Clock = realClock,
  ) {}

  /**
   * Follows `unit` from its running process `first` on. Resolves true once a
   * process of it is ready (the first, or one restarted after it crashed), or
   * false when the supervisor stops or forgets it before that.
   */
  watch(unit: Unit, first: Run): Promise<boolean> {
    this.forget(unit.name);
    const abort = new AbortController();
    const signal = AbortSignal.any([abort.signal, this.stopping.signal]);
    let markReady: (ready: boolean) => void = () => undefined;
    const firstReady = new Promise<boolean>((resolve) => {
      markReady = resolve;
    });
    signal.addEventListener('abort', () => markReady(false), { once: true });
    const slot: Slot = { abort, signal, markReady };
    this.slots.set(unit.name, slot);
    const loop = this.follow(unit, first, slot)
      .catch((err: unknown) => this.hooks.say(`${unit.name}: supervision failed: ${(err as Error).message}`))
      .finally(() => this.loops.delete(loop));
    this.loops.add(loop);
    return firstReady;
  }

  /** Stops following `name` (its exits are expected from now on, e.g. an intended restart). */
  forget(name: string): void {
    this.slots.get(name)?.abort.abort();
    this.slots.delete(name);
  }

  /** No restart from now on; a backoff wait in progress ends without one. */
  stop(): void {
    this.stopping.abort();
  }

  /** Resolves once every unit's loop has ended (after stop, once their processes are gone). */
  async idle(): Promise<void> {
    while (this.loops.size > 0) await Promise.all(this.loops);
  }

  private async follow(unit: Unit, first: Run, slot: Slot): Promise<void> {
    const { say } = this.hooks;
    let run = first;
    let restarts = 0;
    let failures = 0;
    for (;;) {
      const readyAt = await this.untilReady(unit.name, run, slot.signal);
      if (readyAt !== undefined) {
        slot.markReady(true);
        if (restarts > 0 && !slot.signal.aborted) say(`${unit.name} is back (pid ${run.pid})`);
      }
      const status = await run.exited;
      if (slot.signal.aborted) return;
      this.hooks.exited(unit.name, run);
      const readyFor = readyAt === undefined ? undefined : this.clock.now() - readyAt;
      failures = nextFailures(failures, readyFor, this.policy);
      restarts++;
      const delay = backoffDelay(failures, this.policy);
      say(
        `${unit.name} exited (${describeExit(status, run.lastWords?.())}); restarting in ${delay / 1000} s (restart ${restarts})`,
      );
      if (!(await this.clock.sleep(delay, slot.signal)) || slot.signal.aborted) return;
      // No await between the check above and the start: a stop cannot slip in between.
      run = unit.start();
      this.hooks.started(unit.name, run);
    }
  }

  /** When `run` got ready; undefined when it exited first, or hung and was killed. */
  private async untilReady(name: string, run: Run, signal: AbortSignal): Promise<number | undefined> {
    try {
      await run.ready();
      return this.clock.now();
    } catch (err) {
      if (!signal.aborted && run.running()) {
        this.hooks.say(`${name} (pid ${run.pid}): ${(err as Error).message}; killing it`);
        await run.kill();
      }
      return undefined;
    }
  }
}
