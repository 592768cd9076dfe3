import type { MoneroNetwork } from '@rxpool/cryptonote';
import { counter, gauge, type Logger, type Registry } from '@rxpool/observability';
import { PeriodicTask } from '@rxpool/service-kit';
import type pg from 'pg';
import type { PayoutRepository } from './payout.repository.js';
import type { PayoutConfig } from './payout-config.js';
import { PAYOUT_LOCK_KEY, PayoutLock, PayoutLockLostError } from './payout-lock.js';
import { planPayouts } from './payout-plan.js';
import type { BatchOutcome, PayoutProcessor, ProcessorOptions } from './payout-processor.js';
import { type WalletCondition, walletCondition } from './wallet-errors.js';
import type { WalletRpcClient } from './wallet-rpc.client.js';

export type PayoutRunStatus = 'running' | 'held' | 'disabled' | 'standby' | WalletCondition;
const STATUSES: readonly PayoutRunStatus[] = [
  'running',
  'held',
  'disabled',
  'standby',
  'wallet-unavailable',
  'wallet-locked',
  'wallet-empty',
];

export interface PayoutState {
  status: PayoutRunStatus;
  detail: string;
  lastCycleAt: number;
}

/**
 * Every PAYOUT_INTERVAL_MS: move open batches forward (oldest first), then
 * plan new ones from the balances. A held pool only observes; a wallet that
 * is unreachable, locked or short of unlocked money stops the cycle with
 * that status (metric + error log); nothing is lost, the next cycle resumes.
 * So does a lost payout lock (status standby): it is checked before every
 * wallet call that moves money.
 */
export class PayoutRunner {
  private readonly task: PeriodicTask<PayoutState>;
  private stopped = false;
  private current: PayoutState = { status: 'running', detail: '', lastCycleAt: 0 };
  private readonly statusGauge;
  private readonly failed;
  private readonly outcomes;
  private readonly review;

  constructor(
    private readonly config: PayoutConfig,
    private readonly network: MoneroNetwork,
    private readonly pool: pg.Pool,
    private readonly repo: PayoutRepository,
    private readonly processor: PayoutProcessor,
    private readonly wallet: WalletRpcClient,
    private readonly log: Logger,
    metrics: Registry,
    /** Tests only: another key lets two runners each hold "the" lock, as two replicas that both believe so. */
    private readonly lockKey = PAYOUT_LOCK_KEY,
  ) {
    this.statusGauge = gauge(metrics, 'rxpool_payouts_status', 'Payout state: 1 for the current status', [
      'status',
    ]);
    this.failed = counter(
      metrics,
      'rxpool_payouts_failed_total',
      'Payout batches failed (never sent, refunded)',
    );
    this.outcomes = counter(metrics, 'rxpool_payouts_batch_steps_total', 'Payout batch steps by outcome', [
      'outcome',
    ]);
    this.review = gauge(metrics, 'rxpool_payouts_needs_review', 'Payout batches waiting for an operator');
    this.setStatus(config.enabled ? 'running' : 'disabled', '');
    this.task = new PeriodicTask({
      name: 'payouts',
      intervalMs: config.intervalMs,
      pass: () => this.locked(),
      log,
      runAtStart: true,
    });
  }

  get state(): PayoutState {
    return this.current;
  }

  start(): void {
    if (!this.config.enabled) return;
    this.task.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.task.stop();
    this.wallet.close();
  }

  /** One pass; concurrent calls share the running pass. */
  cycle(): Promise<PayoutState> {
    return this.task.runOnce();
  }

  private async locked(): Promise<PayoutState> {
    let lock: PayoutLock | undefined;
    try {
      lock = await PayoutLock.tryAcquire(this.pool, this.lockKey, this.log);
      if (!lock) return this.setStatus('standby', 'another accounting replica runs payouts');
      return await this.pass(lock);
    } catch (err) {
      // Without the lock whatever failed (Postgres restarting ends every query too) is not this pass's to finish.
      const lost = err instanceof PayoutLockLostError ? err.reason : lock?.lost;
      if (lost !== undefined) {
        this.log.error({ err: (err as Error).message }, 'payout pass stopped: the payout lock was lost');
        return this.setStatus('standby', `payout lock lost: ${lost}`);
      }
      this.log.error({ err: (err as Error).message }, 'payout cycle failed');
      throw err;
    } finally {
      await lock?.release();
    }
  }

  private async pass(lock: PayoutLock): Promise<PayoutState> {
    const control = await this.repo.control();
    const mayMoveMoney = !control.held && !this.stopped;
    const options = {
      confirmations: this.config.confirmations,
      mayMoveMoney,
      beforeWallet: () => lock.assertHeld(),
    };
    try {
      // A cheap call first: an unreachable or locked wallet shows here.
      await this.wallet.height();
      for (const batch of await this.repo.openBatches()) {
        if (this.stopped) break;
        this.count(await this.processor.advance(batch, options));
      }
      if (mayMoveMoney) {
        await lock.assertHeld();
        await this.planAndPay(options);
      }
    } catch (err) {
      const condition = walletCondition(err);
      if (!condition) throw err;
      await this.updateReviewGauge();
      return this.setStatus(condition, (err as Error).message);
    }
    await this.updateReviewGauge();
    if (control.held) return this.setStatus('held', control.reason);
    return this.setStatus('running', '');
  }

  private async planAndPay(options: ProcessorOptions): Promise<void> {
    // A refused account is retried (alone) after a few cycles, not in a tight loop.
    const retryAfterMs = Math.max(6 * this.config.intervalMs, 3_000);
    const plan = planPayouts(await this.repo.candidates(this.config.threshold, retryAfterMs), {
      threshold: this.config.threshold,
      maxDestinations: this.config.maxDestinations,
      network: this.network,
    });
    for (const s of plan.skipped) this.log.warn(s, 'balance not payable to this address');
    if (plan.batches.length === 0) return;
    const { ids, skipped } = await this.repo.planBatches(plan.batches);
    if (skipped.length > 0)
      this.log.warn({ accounts: skipped }, 'payouts not planned: another planner has them open already');
    if (ids.length === 0) return;
    this.log.info(
      { batches: ids.map(String), payments: plan.batches.flat().length - skipped.length },
      'payouts planned',
    );
    for (const id of ids) {
      if (this.stopped) return;
      this.count(await this.processor.advance(await this.repo.batch(id), options));
    }
  }

  private count(outcome: BatchOutcome): void {
    this.outcomes.inc({ outcome });
    if (outcome === 'failed') this.failed.inc();
    if (outcome === 'needs_review')
      this.log.error(
        'a payout batch needs review (see ListPayments / payout_batches.reason; settle it with ResolvePayout)',
      );
  }

  private async updateReviewGauge(): Promise<void> {
    this.review.set((await this.repo.countByStatus()).needs_review);
  }

  private setStatus(status: PayoutRunStatus, detail: string): PayoutState {
    if (status !== this.current.status && status.startsWith('wallet-')) {
      this.log.error({ status, detail }, 'payouts stopped: the wallet cannot pay now');
    } else if (status !== this.current.status) {
      this.log.info({ status, detail }, 'payout status');
    }
    this.current = { status, detail, lastCycleAt: Date.now() };
    for (const s of STATUSES) this.statusGauge.set({ status: s }, s === status ? 1 : 0);
    return this.current;
  }
}
