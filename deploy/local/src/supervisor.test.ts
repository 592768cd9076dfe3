import { describe, expect, it } from 'vitest';
import {
  type BackoffPolicy,
  backoffDelay,
  type Clock,
  describeExit,
  type ExitStatus,
  nextFailures,
  type Run,
  Supervisor,
  type Unit,
} from './supervisor.js';

const POLICY: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000, resetAfterMs: 60_000 };

/** Time moves only when the test says; sleeps wait for it. */
class FakeClock implements Clock {
  t = 0;
  private sleepers: Array<{ at: number; wake: (done: boolean) => void }> = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal: AbortSignal): Promise<boolean> {
    return new Promise((wake) => {
      if (signal.aborted) return wake(false);
      this.sleepers.push({ at: this.t + ms, wake });
      signal.addEventListener('abort', () => wake(false), { once: true });
    });
  }

  /** The waits asked for and not yet over, in ms from now. */
  get pending(): number[] {
    return this.sleepers.map((s) => s.at - this.t);
  }

  async advance(ms: number): Promise<void> {
    this.t += ms;
    const due = this.sleepers.filter((s) => s.at <= this.t);
    this.sleepers = this.sleepers.filter((s) => s.at > this.t);
    for (const s of due) s.wake(true);
    await settle();
  }
}

/** Lets every promise callback queued so far run (the supervisor's loop is all promises). */
const settle = () => new Promise<void>((r) => setImmediate(r));

/** A process the test ends (or makes ready) by hand. */
class FakeRun implements Run {
  readonly exited: Promise<ExitStatus>;
  private exit: (s: ExitStatus) => void = () => undefined;
  private alive = true;
  private readyNow: () => void = () => undefined;
  private readyFails: (err: Error) => void = () => undefined;
  private readonly readyPromise: Promise<void>;

  constructor(readonly pid: number) {
    this.exited = new Promise((resolve) => {
      this.exit = resolve;
    });
    this.readyPromise = new Promise((resolve, reject) => {
      this.readyNow = resolve;
      this.readyFails = reject;
    });
  }

  ready = () => this.readyPromise;
  running = () => this.alive;
  kill = async () => this.end({ code: null, signal: 'SIGKILL' });
  lastWords = () => 'boom';

  becomeReady(): void {
    this.readyNow();
  }

  /** Ends it, as a crash or a stop would; before ready, ready() fails as ServiceProcess's does. */
  end(s: ExitStatus): void {
    this.alive = false;
    this.readyFails(new Error('exited before it was ready'));
    this.exit(s);
  }

  /** ready() gives up while the process still runs (a hang). */
  timeOut(): void {
    this.readyFails(new Error('not ready after 300 s'));
  }
}

function harness() {
  const clock = new FakeClock();
  const lines: string[] = [];
  const ledger: string[] = [];
  const runs: FakeRun[] = [];
  let nextPid = 100;
  const first = new FakeRun(nextPid++);
  runs.push(first);
  const unit: Unit = {
    name: 'accounting',
    start: () => {
      const run = new FakeRun(nextPid++);
      runs.push(run);
      return run;
    },
  };
  const supervisor = new Supervisor(
    {
      say: (line) => lines.push(line),
      exited: (name, run) => ledger.push(`-${name} ${run.pid}`),
      started: (name, run) => ledger.push(`+${name} ${run.pid}`),
    },
    POLICY,
    clock,
  );
  const firstReady = supervisor.watch(unit, first);
  const latest = () => runs[runs.length - 1] as FakeRun;
  return { clock, lines, ledger, runs, supervisor, firstReady, latest };
}

const SIGKILL: ExitStatus = { code: null, signal: 'SIGKILL' };

describe('backoff schedule', () => {
  it('doubles from 1 s up to 30 s', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 20].map((n) => backoffDelay(n, POLICY));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('starts over after a process stayed ready long enough, not otherwise', () => {
    expect(nextFailures(0, undefined, POLICY)).toBe(1);
    expect(nextFailures(4, undefined, POLICY)).toBe(5);
    expect(nextFailures(4, 59_999, POLICY)).toBe(5);
    expect(nextFailures(4, 60_000, POLICY)).toBe(1);
  });

  it('describes an exit by signal, or by code with what the process said last', () => {
    expect(describeExit(SIGKILL, 'x')).toBe('signal SIGKILL');
    expect(describeExit({ code: 1, signal: null }, 'no database')).toBe('code 1: no database');
    expect(describeExit({ code: 0, signal: null })).toBe('code 0');
  });
});

describe('Supervisor', () => {
  it('restarts a crashed process after the backoff, records the new PID and says so', async () => {
    const h = harness();
    h.runs[0]?.becomeReady();
    expect(await h.firstReady).toBe(true);
    h.runs[0]?.end(SIGKILL);
    await settle();
    expect(h.lines).toEqual(['accounting exited (signal SIGKILL); restarting in 1 s (restart 1)']);
    expect(h.clock.pending).toEqual([1_000]);
    await h.clock.advance(999);
    expect(h.runs).toHaveLength(1);
    await h.clock.advance(1);
    expect(h.runs).toHaveLength(2);
    h.latest().becomeReady();
    await settle();
    expect(h.lines[1]).toBe('accounting is back (pid 101)');
    expect(h.ledger).toEqual(['-accounting 100', '+accounting 101']);
  });

  it('keeps retrying a process that crashes at start, each wait longer, until one gets ready', async () => {
    const h = harness();
    let ready = false;
    void h.firstReady.then((r) => {
      ready = r;
    });
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      h.latest().end({ code: 1, signal: null });
      await settle();
      waits.push(...h.clock.pending);
      await h.clock.advance(h.clock.pending[0] ?? 0);
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(h.lines.filter((l) => l.startsWith('accounting exited (code 1: boom)'))).toHaveLength(7);
    expect(h.lines[6]).toBe('accounting exited (code 1: boom); restarting in 30 s (restart 7)');
    expect(ready).toBe(false);
    h.latest().becomeReady();
    await settle();
    expect(ready).toBe(true);
    expect(h.lines.at(-1)).toBe('accounting is back (pid 107)');
  });

  it('starts the schedule over once a restarted process stayed ready for a minute', async () => {
    const h = harness();
    for (let i = 0; i < 3; i++) {
      h.latest().end(SIGKILL);
      await settle();
      await h.clock.advance(h.clock.pending[0] ?? 0);
    }
    h.latest().becomeReady();
    await settle();
    await h.clock.advance(60_000);
    h.latest().end(SIGKILL);
    await settle();
    expect(h.clock.pending).toEqual([1_000]);
    expect(h.lines.at(-1)).toBe('accounting exited (signal SIGKILL); restarting in 1 s (restart 4)');
  });

  it('kills a process that never gets ready, then restarts it', async () => {
    const h = harness();
    h.runs[0]?.timeOut();
    await settle();
    expect(h.lines[0]).toBe('accounting (pid 100): not ready after 300 s; killing it');
    expect(h.lines[1]).toBe('accounting exited (signal SIGKILL); restarting in 1 s (restart 1)');
    await h.clock.advance(1_000);
    expect(h.runs).toHaveLength(2);
  });

  it('on stop during a backoff wait: no restart, and the loop ends', async () => {
    const h = harness();
    h.runs[0]?.end(SIGKILL);
    await settle();
    expect(h.clock.pending).toEqual([1_000]);
    h.supervisor.stop();
    await h.supervisor.idle();
    expect(await h.firstReady).toBe(false);
    await h.clock.advance(60_000);
    expect(h.runs).toHaveLength(1);
    expect(h.lines).toHaveLength(1);
  });

  it('says nothing of exits after stop or forget: those are the pool stopping what it started', async () => {
    const h = harness();
    h.runs[0]?.becomeReady();
    await settle();
    h.supervisor.stop();
    h.runs[0]?.end({ code: 0, signal: null });
    await h.supervisor.idle();
    expect(h.lines).toEqual([]);
    expect(h.ledger).toEqual([]);

    const g = harness();
    g.supervisor.forget('accounting');
    g.runs[0]?.end(SIGKILL);
    await g.supervisor.idle();
    expect(g.lines).toEqual([]);
    expect(g.clock.pending).toEqual([]);
  });
});
