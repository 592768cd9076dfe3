import { type AddressKind, decodeAddress, type MoneroNetwork } from '@rxpool/cryptonote';

export interface PayoutCandidate {
  account: string;
  balance: bigint;
  /** A batch with this account was refused by the wallet before: it is retried alone. */
  refusedBefore?: boolean;
}

export interface PlannedPayment {
  account: string;
  address: string;
  amount: bigint;
}

export interface PlanOptions {
  threshold: bigint;
  /** monero-wallet-rpc's `transfer` takes at most 15 destinations per transaction here. */
  maxDestinations: number;
  network: MoneroNetwork;
}

export interface PayoutPlan {
  batches: PlannedPayment[][];
  skipped: { account: string; reason: string }[];
}

/**
 * Groups balances at or above the threshold into wallet transactions.
 * The wallet encrypts a payment id only for a transaction with a single
 * destination (wallet2: "Destinations have to have exactly one output to
 * support encrypted payment ids"), so an integrated address is paid alone;
 * so is an account whose earlier batch the wallet refused, so one bad
 * destination cannot hold others back. Largest balances go first; the order
 * is deterministic (balance, then account).
 */
export function planPayouts(candidates: readonly PayoutCandidate[], o: PlanOptions): PayoutPlan {
  if (o.maxDestinations < 1) throw new RangeError('maxDestinations must be at least 1');
  const skipped: PayoutPlan['skipped'] = [];
  const byKind: Record<AddressKind, PlannedPayment[]> = { standard: [], subaddress: [], integrated: [] };
  const alone: PlannedPayment[] = [];
  const sorted = [...candidates]
    .filter((c) => c.balance >= o.threshold && c.balance > 0n)
    .sort((a, b) =>
      a.balance === b.balance ? (a.account < b.account ? -1 : 1) : a.balance > b.balance ? -1 : 1,
    );
  for (const c of sorted) {
    const kind = addressKind(c.account, o.network);
    if (typeof kind !== 'string') {
      skipped.push({ account: c.account, reason: kind.error });
      continue;
    }
    const payment = { account: c.account, address: c.account, amount: c.balance };
    if (c.refusedBefore) alone.push(payment);
    else byKind[kind].push(payment);
  }
  const batches: PlannedPayment[][] = [];
  for (const p of [...byKind.integrated, ...alone]) batches.push([p]);
  const rest = [...byKind.standard, ...byKind.subaddress];
  for (let i = 0; i < rest.length; i += o.maxDestinations) batches.push(rest.slice(i, i + o.maxDestinations));
  return { batches, skipped };
}

function addressKind(address: string, network: MoneroNetwork): AddressKind | { error: string } {
  try {
    const decoded = decodeAddress(address);
    if (decoded.network !== network) return { error: `a ${decoded.network} address on a ${network} pool` };
    return decoded.kind;
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/**
 * Each destination's share of a transaction fee: equal parts, the remainder
 * one atomic unit each to the first destinations (so the shares sum to the fee).
 */
export function splitFee(fee: bigint, destinations: number): bigint[] {
  if (destinations < 1) throw new RangeError('a fee is split over at least one destination');
  const n = BigInt(destinations);
  const base = fee / n;
  const rem = Number(fee % n);
  return Array.from({ length: destinations }, (_, i) => base + (i < rem ? 1n : 0n));
}
