import { fileURLToPath } from 'node:url';
import { freePort, type ManagedProcess, ServiceProcess } from '@rxpool/devstack';
import {
  PAYOUT_FAULT_POINTS,
  type PayoutFaultPoint,
  type PayoutFaultPoints,
} from '../payouts/payout-fault-points.js';

/** The variable the crash entry (payout-crash-entry.ts) reads; the production service knows nothing of it. */
export const CRASH_AT_VARIABLE = 'TEST_PAYOUT_CRASH_AT';

/**
 * The compiled accounting service (as accountingProcess runs it, log in
 * `<dir>/accounting.log`) that exits with 137 at the payout point `at`.
 */
export async function payoutCrashProcess(
  dir: string,
  env: Record<string, string>,
  at: PayoutFaultPoint,
): Promise<ManagedProcess> {
  const spec = {
    name: 'accounting',
    entry: fileURLToPath(new URL('./payout-crash-entry.ts', import.meta.url)),
    nodeArgs: ['--import', 'tsx'],
    healthHost: '127.0.0.1',
    healthPort: await freePort(),
    env: { LOG_LEVEL: 'info', ...env, [CRASH_AT_VARIABLE]: at },
  };
  return new ServiceProcess(spec, dir).process;
}

/**
 * Fault points that end the process at once with 137, as kill -9 would,
 * at the named point of the payout sequence, so a test can check what a
 * restart makes of it.
 */
export function payoutCrashAt(
  name: string | undefined,
  exit: (code: number) => void = (code) => process.exit(code),
): PayoutFaultPoints {
  const point = PAYOUT_FAULT_POINTS.find((p) => p === name);
  if (point === undefined)
    throw new Error(
      `${CRASH_AT_VARIABLE} must be one of ${PAYOUT_FAULT_POINTS.join(', ')} (got ${JSON.stringify(name)})`,
    );
  return {
    reached: (at: PayoutFaultPoint) => {
      if (at !== point) return;
      process.stderr.write(`${CRASH_AT_VARIABLE}: exiting at ${at} on purpose\n`);
      exit(137);
    },
  };
}
