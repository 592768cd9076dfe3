/**
 * The values some admin string fields take (admin.proto keeps them strings, as
 * its comments list them): the ones both the server and the CLI check.
 */

/** BanMinerRequest.kind, UnbanMinerRequest.kind, Ban.kind. */
export const BAN_KINDS = ['address', 'ip', 'miner'] as const;
export type BanKind = (typeof BAN_KINDS)[number];

/** ResolvePayoutRequest.outcome. */
export const PAYOUT_OUTCOMES = ['paid', 'not-paid'] as const;
export type PayoutOutcome = (typeof PAYOUT_OUTCOMES)[number];
export const isPayoutOutcome = (s: string): s is PayoutOutcome =>
  (PAYOUT_OUTCOMES as readonly string[]).includes(s);
