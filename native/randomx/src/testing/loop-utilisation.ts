/**
 * Test helper: how busy the event loop was while `work` ran. Event-loop
 * utilisation is the share of time the loop spent running JavaScript or
 * native callbacks rather than waiting for events: a hash computed on the
 * main thread drives it towards 1, one computed elsewhere leaves it near 0,
 * however loaded the machine is.
 */
import { performance } from 'node:perf_hooks';

export async function loopUtilisation<T>(
  work: () => Promise<T>,
): Promise<{ result: T; utilisation: number }> {
  const before = performance.eventLoopUtilization();
  const result = await work();
  const { utilization } = performance.eventLoopUtilization(before);
  return { result, utilisation: utilization };
}
