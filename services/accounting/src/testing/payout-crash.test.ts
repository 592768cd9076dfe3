import { describe, expect, it } from 'vitest';
import { PAYOUT_FAULT_POINTS } from '../payouts/payout-fault-points.js';
import { payoutCrashAt } from './payout-crash.js';

describe('payout crash points (test-only fault injection)', () => {
  it('exits with 137 at the named point only, and refuses a point that does not exist', () => {
    const exits: number[] = [];
    const faults = payoutCrashAt('before-wallet', (code) => exits.push(code));
    for (const p of PAYOUT_FAULT_POINTS.filter((p) => p !== 'before-wallet')) faults.reached(p);
    expect(exits).toEqual([]);
    faults.reached('before-wallet');
    expect(exits).toEqual([137]);
    expect(() => payoutCrashAt('sometime')).toThrow(/TEST_PAYOUT_CRASH_AT/);
    expect(() => payoutCrashAt(undefined)).toThrow(/TEST_PAYOUT_CRASH_AT/);
  });
});
