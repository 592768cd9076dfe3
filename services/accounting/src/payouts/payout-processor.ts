import type { Logger } from '@rxpool/observability';
import { PayoutNotCoveredError } from '../ledger/ledger.repository.js';
import { BatchStateError, type PayoutBatch, type PayoutRepository } from './payout.repository.js';
import { NO_PAYOUT_FAULTS, type PayoutFaultPoints } from './payout-fault-points.js';
import { splitFee } from './payout-plan.js';
import { WalletRpcError, walletCondition } from './wallet-errors.js';
import type { Destination, WalletRpcClient, WalletTransfer } from './wallet-rpc.client.js';

export interface ProcessorOptions {
  confirmations: number;
  /** false while held: only observe the wallet, never sign or relay. */
  mayMoveMoney: boolean;
  /** Asked before each wallet call that may move money (transfer, relay); throws to stop the pass. */
  beforeWallet: () => Promise<void>;
}

/** `moved`: another actor (a second replica) moved the batch first; this one left it alone. */
export type BatchOutcome =
  | 'waiting'
  | 'signed'
  | 'submitted'
  | 'confirmed'
  | 'failed'
  | 'needs_review'
  | 'moved';

/**
 * Moves one batch a step forward. The rules that make a payment happen once:
 *
 * 1. planned → signed: the wallet builds and signs the transaction without
 *    relaying it (do_not_relay); the wallet forgets it. Only when hash, key,
 *    fee, metadata and the ledger debits are stored is the batch 'signed'.
 *    A crash before that leaves 'planned': nothing left the wallet, so it is
 *    signed anew (a new, equivalent transaction).
 * 2. signed → submitting is stored before relay_tx is asked; submitting →
 *    submitted once the wallet relayed it.
 * 3. A 'submitting' batch (crash, timeout) is reconciled against the
 *    wallet's get_transfers: its tx hash listed → submitted; another
 *    transaction to exactly the same destinations → needs_review; not
 *    listed → the SAME signed transaction is relayed again. That is not a
 *    resubmission: the same key images can be spent once, so the network
 *    accepts it at most once. A new transaction is never built for a batch
 *    that has been submitting.
 * 4. The wallet refusing a relay, or reporting the transaction failed →
 *    needs_review: debits stay, an operator decides.
 * 5. The ledger refusing the debits (the balance no longer covers them: a
 *    stale plan) → failed before anything is relayed. A status change that
 *    finds the batch moved by someone else ends this batch's step.
 */
export class PayoutProcessor {
  constructor(
    private readonly repo: PayoutRepository,
    private readonly wallet: WalletRpcClient,
    private readonly log: Logger,
    private readonly faults: PayoutFaultPoints = NO_PAYOUT_FAULTS,
  ) {}

  async advance(batch: PayoutBatch, o: ProcessorOptions): Promise<BatchOutcome> {
    try {
      return await this.step(batch, o);
    } catch (err) {
      if (!(err instanceof BatchStateError)) throw err;
      this.log.warn({ batch: String(batch.id), err: err.message }, 'payout batch moved by another actor');
      return 'moved';
    }
  }

  private async step(batch: PayoutBatch, o: ProcessorOptions): Promise<BatchOutcome> {
    switch (batch.status) {
      case 'planned':
        if (!o.mayMoveMoney) return 'waiting';
        try {
          return await this.sign(batch, o);
        } catch (err) {
          // A refusal about the request itself (address, payment id, size): this grouping can never be
          // paid. Nothing left the wallet, so the batch fails and its miners are planned afresh.
          if (!(err instanceof WalletRpcError) || walletCondition(err) !== undefined) throw err;
          await this.repo.markFailed(batch.id, `the wallet refused the transfer: ${err.message}`);
          this.log.error(
            { batch: String(batch.id), err: err.message },
            'payout batch failed: the wallet refused it',
          );
          return 'failed';
        }
      case 'signed':
        if (!o.mayMoveMoney) return 'waiting';
        return this.submit(batch, o);
      case 'submitting':
        return this.reconcile(batch, o);
      case 'submitted':
        return this.confirm(batch, o);
      default:
        return 'waiting';
    }
  }

  private async sign(batch: PayoutBatch, o: ProcessorOptions): Promise<BatchOutcome> {
    const gross: Destination[] = batch.payments.map((p) => ({ address: p.address, amount: p.plannedAmount }));
    // First pass: the fee of paying the full balances; each destination then bears an equal share.
    await o.beforeWallet();
    const estimate = await this.wallet.signTransfer(gross, false);
    const shares = splitFee(estimate.fee, gross.length);
    const net = batch.payments.map((p, i) => ({
      address: p.address,
      amount: p.plannedAmount - (shares[i] ?? 0n),
    }));
    if (net.some((d) => d.amount <= 0n)) {
      await this.repo.markFailed(batch.id, `a balance does not cover its fee share (${estimate.fee} total)`);
      this.log.error(
        { batch: String(batch.id), fee: String(estimate.fee) },
        'payout batch failed: fee above a balance',
      );
      return 'failed';
    }
    await o.beforeWallet();
    const signed = await this.wallet.signTransfer(net, true);
    // The fee actually paid is charged; it is the estimate's or a hair below, as fewer inputs may do.
    const charged = splitFee(signed.fee, net.length);
    const walletHeight = await this.wallet.height();
    this.faults.reached('after-sign');
    const amounts = new Map(
      batch.payments.map((p, i) => [p.id, { amount: net[i]?.amount ?? 0n, fee: charged[i] ?? 0n }]),
    );
    try {
      await this.repo.markSigned(batch.id, {
        signed: { ...signed, txMetadata: signed.txMetadata as string },
        walletHeight,
        amounts,
      });
    } catch (err) {
      if (!(err instanceof PayoutNotCoveredError)) throw err;
      // The signed transaction was never stored, so it can never be relayed: nothing left the wallet.
      await this.repo.markFailed(batch.id, `the ledger refused the debit: ${err.message}`);
      this.log.error({ batch: String(batch.id), err: err.message }, 'payout batch failed: balance too low');
      return 'failed';
    }
    this.log.info({ batch: String(batch.id), tx: signed.txHash, fee: String(signed.fee) }, 'payout signed');
    return this.submit(await this.repo.batch(batch.id), o);
  }

  private async submit(batch: PayoutBatch, o: ProcessorOptions): Promise<BatchOutcome> {
    // Also before submitting is stored: a lost lock leaves the batch signed, not to be reconciled.
    await o.beforeWallet();
    await this.repo.markSubmitting(batch.id);
    this.faults.reached('before-wallet');
    const relayed = await this.relay(batch, o);
    if (relayed !== 'submitted') return relayed;
    this.faults.reached('after-wallet');
    await this.repo.markSubmitted(batch.id);
    this.log.info({ batch: String(batch.id), tx: batch.txHash }, 'payout relayed');
    return this.confirm({ ...batch, status: 'submitted' }, o);
  }

  /** Relays the stored signed transaction; a refusal (not an outage) goes to review. */
  private async relay(batch: PayoutBatch, o: ProcessorOptions): Promise<BatchOutcome> {
    await o.beforeWallet();
    try {
      const hash = await this.wallet.relay(batch.txMetadata ?? '');
      if (hash !== batch.txHash) {
        await this.repo.markNeedsReview(batch.id, `relay answered tx ${hash}, expected ${batch.txHash}`);
        return 'needs_review';
      }
      return 'submitted';
    } catch (err) {
      if (err instanceof WalletRpcError && walletCondition(err) === undefined) {
        await this.repo.markNeedsReview(batch.id, `the wallet refused to relay: ${err.message}`);
        return 'needs_review';
      }
      throw err;
    }
  }

  private async reconcile(batch: PayoutBatch, o: ProcessorOptions): Promise<BatchOutcome> {
    const transfers = await this.wallet.outgoingTransfers(batch.walletHeight ?? undefined);
    const own = transfers.find((t) => t.txid === batch.txHash);
    if (own?.type === 'failed') {
      await this.repo.markNeedsReview(batch.id, `the wallet reports tx ${batch.txHash} as failed`);
      return 'needs_review';
    }
    if (own) {
      await this.repo.markSubmitted(batch.id);
      this.log.info(
        { batch: String(batch.id), tx: batch.txHash },
        'payout found in the wallet after a restart',
      );
      return this.confirm({ ...batch, status: 'submitted' }, o);
    }
    const other = transfers.find((t) => t.type !== 'failed' && sameDestinations(t, batch));
    if (other) {
      await this.repo.markNeedsReview(
        batch.id,
        `the wallet sent tx ${other.txid} to exactly these destinations`,
      );
      return 'needs_review';
    }
    if (!o.mayMoveMoney) return 'waiting';
    this.log.warn(
      { batch: String(batch.id), tx: batch.txHash },
      'payout not in the wallet: relaying the same signed tx',
    );
    await this.repo.countAttempt(batch.id);
    const relayed = await this.relay(batch, o);
    if (relayed !== 'submitted') return relayed;
    await this.repo.markSubmitted(batch.id);
    return this.confirm({ ...batch, status: 'submitted' }, o);
  }

  private async confirm(batch: PayoutBatch, o: ProcessorOptions): Promise<BatchOutcome> {
    const transfers = await this.wallet.outgoingTransfers(batch.walletHeight ?? undefined);
    const own = transfers.find((t) => t.txid === batch.txHash);
    if (own?.type === 'failed') {
      await this.repo.markNeedsReview(batch.id, `the wallet reports tx ${batch.txHash} as failed`);
      return 'needs_review';
    }
    if (own?.type === 'out') {
      if (own.confirmations >= o.confirmations) {
        await this.repo.markConfirmed(batch.id, own.confirmations);
        this.log.info({ batch: String(batch.id), tx: batch.txHash }, 'payout confirmed');
        return 'confirmed';
      }
      await this.repo.setConfirmations(batch.id, own.confirmations);
    }
    return 'submitted';
  }
}

/** The transfer pays exactly the batch's destinations and amounts (order aside). */
export function sameDestinations(t: WalletTransfer, batch: PayoutBatch): boolean {
  const key = (address: string, amount: bigint | null) => `${address}:${amount ?? ''}`;
  const wanted = batch.payments.map((p) => key(p.address, p.amount)).sort();
  const seen = t.destinations.map((d) => key(d.address, d.amount)).sort();
  return wanted.length > 0 && wanted.length === seen.length && wanted.every((w, i) => w === seen[i]);
}
