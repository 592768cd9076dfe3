/**
 * Where the payout sequence tells a test harness how far it got, so a test
 * can stop the process there (as kill -9 would) and check what a restart
 * makes of it: `after-sign` (signed, nothing stored), `before-wallet`
 * (submitting stored, relay_tx not asked), `after-wallet` (relayed,
 * submitted not stored).
 */
export const PAYOUT_FAULT_POINTS = ['after-sign', 'before-wallet', 'after-wallet'] as const;
export type PayoutFaultPoint = (typeof PAYOUT_FAULT_POINTS)[number];

/** Injected by tests only (services/accounting/src/testing/); production runs NO_PAYOUT_FAULTS. */
export interface PayoutFaultPoints {
  reached(point: PayoutFaultPoint): void;
}

export const NO_PAYOUT_FAULTS: PayoutFaultPoints = { reached: () => undefined };
