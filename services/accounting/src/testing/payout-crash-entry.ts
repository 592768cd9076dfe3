/**
 * Test-only entry (run with `node --import tsx`): the compiled accounting
 * service from dist/, exactly as main.js starts it, with payout fault points
 * that exit where TEST_PAYOUT_CRASH_AT names (see payout-crash.ts).
 */
import 'reflect-metadata';
import type { startAccounting as StartAccounting } from '../start-accounting.js';
import { CRASH_AT_VARIABLE, payoutCrashAt } from './payout-crash.js';

const payoutFaults = payoutCrashAt(process.env[CRASH_AT_VARIABLE]);
// The compiled code, not this tree's sources: the crash tests check what production runs.
const compiled = new URL('../../dist/start-accounting.js', import.meta.url);
const { startAccounting } = (await import(compiled.href)) as { startAccounting: typeof StartAccounting };
await startAccounting({ payoutFaults });
