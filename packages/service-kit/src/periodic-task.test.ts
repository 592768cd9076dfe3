import type { Logger } from '@rxpool/observability';
import { describe, expect, it } from 'vitest';
import { ManualTimer, PeriodicTask } from './periodic-task.js';

function deferred() {
  let resolve: () => void = () => undefined;
  let reject: (err: Error) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function recordingLog() {
  const warnings: { obj: unknown; msg: string }[] = [];
  const log = { warn: (obj: unknown, msg: string) => warnings.push({ obj, msg }) } as unknown as Logger;
  return { log, warnings };
}

/** One turn of the event loop: whatever could settle by itself has. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('PeriodicTask', () => {
  it('runs a pass each interval, skipping a tick while one runs', async () => {
    const clock = new ManualTimer();
    const gates: ReturnType<typeof deferred>[] = [];
    const task = new PeriodicTask({
      name: 't',
      intervalMs: 500,
      log: recordingLog().log,
      timer: clock,
      pass: () => {
        const gate = deferred();
        gates.push(gate);
        return gate.promise;
      },
    });
    task.start();
    expect(clock.intervals).toEqual([500]);
    expect(gates).toHaveLength(0);
    clock.fire();
    clock.fire(); // still running: skipped
    expect(gates).toHaveLength(1);
    gates[0]?.resolve();
    await task.idle();
    clock.fire();
    expect(gates).toHaveLength(2);
    gates[1]?.resolve();
    await task.stop();
  });

  it('runs at start when asked, and runOnce shares the running pass', async () => {
    const clock = new ManualTimer();
    let passes = 0;
    const gate = deferred();
    const task = new PeriodicTask({
      name: 't',
      intervalMs: 1000,
      log: recordingLog().log,
      timer: clock,
      runAtStart: true,
      pass: async () => {
        passes += 1;
        await gate.promise;
        return passes;
      },
    });
    task.start();
    const shared = task.runOnce();
    gate.resolve();
    expect(await shared).toBe(1);
    expect(passes).toBe(1);
    expect(await task.runOnce()).toBe(2);
    await task.stop();
  });

  it('logs a failed scheduled pass instead of throwing, and keeps going', async () => {
    const clock = new ManualTimer();
    const { log, warnings } = recordingLog();
    let calls = 0;
    const task = new PeriodicTask({
      name: 'prune',
      intervalMs: 10,
      log,
      timer: clock,
      pass: async () => {
        calls += 1;
        if (calls === 1) throw new Error('database gone');
      },
    });
    task.start();
    clock.fire();
    await task.idle();
    await turn();
    expect(warnings).toEqual([{ obj: { err: 'database gone', task: 'prune' }, msg: 'periodic pass failed' }]);
    clock.fire();
    await task.idle();
    expect(calls).toBe(2);
    await expect(
      new PeriodicTask({
        name: 'x',
        intervalMs: 1,
        log,
        pass: () => {
          throw new Error('at once');
        },
      }).runOnce(),
    ).rejects.toThrow('at once');
    await task.stop();
  });

  it('stop cancels the timer and waits for the running pass', async () => {
    const clock = new ManualTimer();
    const gate = deferred();
    const order: string[] = [];
    const task = new PeriodicTask({
      name: 't',
      intervalMs: 10,
      log: recordingLog().log,
      timer: clock,
      pass: async () => {
        await gate.promise;
        order.push('pass done');
      },
    });
    task.start();
    clock.fire();
    const stopped = task.stop().then(() => order.push('stopped'));
    expect(clock.intervals).toEqual([]);
    await turn();
    expect(order).toEqual([]);
    gate.resolve();
    await stopped;
    expect(order).toEqual(['pass done', 'stopped']);
  });
});
