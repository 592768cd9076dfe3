import type { MoneroNetwork } from '@rxpool/cryptonote';
import { counter, gauge, type Logger, type Registry } from '@rxpool/observability';
import type pg from 'pg';
import type { PayoutRepository } from './payout.repository.js';
import type { PayoutConfig } from './payout-config.js';
import { planPayouts } from './payout-plan.js';
import type { BatchOutcome, PayoutProcessor } from './payout-processor.js';
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

/** Any number, the same for every replica: only the holder of this advisory lock pays. */
const PAYOUT_LOCK_KEY = 0x7278706f;

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
 */
export class PayoutRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<PayoutState> | undefined;
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
  }

  get state(): PayoutState {
    return this.current;
  }

  start(): void {
    if (!this.config.enabled) return;
    this.timer = setInterval(() => void this.cycle().catch(() => undefined), this.config.intervalMs);
    this.timer.unref();
    void this.cycle().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    this.wallet.close();
  }

  /** One pass; concurrent calls share the running pass. */
  cycle(): Promise<PayoutState> {
    this.running ??= this.locked().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async locked(): Promise<PayoutState> {
    const client = await this.pool.connect();
    try {
      const got = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
        PAYOUT_LOCK_KEY,
      ]);
      if (!got.rows[0]?.ok) return this.setStatus('standby', 'another accounting replica runs payouts');
      try {
        return await this.pass();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [PAYOUT_LOCK_KEY]);
      }
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'payout cycle failed');
      throw err;
    } finally {
      client.release();
    }
  }

  private async pass(): Promise<PayoutState> {
    const control = await this.repo.control();
    const mayMoveMoney = !control.held && !this.stopped;
    try {
      // A cheap call first: an unreachable or locked wallet shows here.
      await this.wallet.height();
      for (const batch of await this.repo.openBatches()) {
        if (this.stopped) break;
        this.count(
          await this.processor.advance(batch, { confirmations: this.config.confirmations, mayMoveMoney }),
        );
      }
      if (mayMoveMoney) await this.planAndPay();
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

  private async planAndPay(): Promise<void> {
    // A refused account is retried (alone) after a few cycles, not in a tight loop.
    const retryAfterMs = Math.max(6 * this.config.intervalMs, 3_000);
    const plan = planPayouts(await this.repo.candidates(this.config.threshold, retryAfterMs), {
      threshold: this.config.threshold,
      maxDestinations: this.config.maxDestinations,
      network: this.network,
    });
    for (const s of plan.skipped) this.log.warn(s, 'balance not payable to this address');
    if (plan.batches.length === 0) return;
    const ids = await this.repo.createBatches(plan.batches);
    this.log.info({ batches: ids.map(String), payments: plan.batches.flat().length }, 'payouts planned');
    for (const id of ids) {
      if (this.stopped) return;
      this.count(
        await this.processor.advance(await this.repo.batch(id), {
          confirmations: this.config.confirmations,
          mayMoveMoney: true,
        }),
      );
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
