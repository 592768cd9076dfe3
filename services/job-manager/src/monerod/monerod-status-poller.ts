import type { HealthRegistry, Logger } from '@rxpool/observability';
import type { JobManagerMetrics } from '../metrics/job-manager-metrics.js';
import type { MonerodInfo, MonerodRpc } from './monerod-rpc.js';

export interface ChainTip {
  /** Height of the next block (get_info `height`). */
  height: number;
  topHash: string;
  /** ms since epoch when we saw it. */
  seenAt: number;
}

export type ChainTipListener = (tip: ChainTip, previous: ChainTip | undefined) => void;
export type ReachabilityListener = (reachable: boolean) => void;

export const MONEROD_HEALTH = 'monerod';
const FAILURES_BEFORE_NOT_READY = 2;

/**
 * Polls get_info: the polling fallback for new blocks (when ZMQ is absent or
 * silent) and the readiness probe — not ready while monerod is unreachable or
 * syncing. Runs on every instance, leader or not.
 */
export class MonerodStatusPoller {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private tip: ChainTip | undefined;
  private reachable: boolean | undefined;
  private failures = 0;
  private readonly tipListeners: ChainTipListener[] = [];
  private readonly reachabilityListeners: ReachabilityListener[] = [];

  constructor(
    private readonly rpc: MonerodRpc,
    private readonly health: HealthRegistry,
    private readonly metrics: JobManagerMetrics,
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {
    health.register(MONEROD_HEALTH, 'not polled yet');
  }

  get lastTip(): ChainTip | undefined {
    return this.tip;
  }

  get isReachable(): boolean {
    return this.reachable === true;
  }

  onTip(listener: ChainTipListener): void {
    this.tipListeners.push(listener);
  }

  onReachability(listener: ReachabilityListener): void {
    this.reachabilityListeners.push(listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  /** Another source (ZMQ) saw a new tip and acts on it itself: only height and metrics follow. */
  noteTip(height: number, topHash: string): void {
    this.updateTip({ height, topHash, seenAt: Date.now() }, false);
  }

  /** One poll now; resolves with the info or undefined when monerod did not answer. */
  async pollOnce(): Promise<MonerodInfo | undefined> {
    let info: MonerodInfo;
    try {
      // One quick attempt: the next poll is the retry.
      info = await this.rpc.getInfo({
        attempts: 1,
        timeoutMs: Math.max(1_000, Math.min(5_000, this.intervalMs * 3)),
      });
    } catch (err) {
      // One slow answer (monerod busy adding a block) is not an outage: two in a row are.
      this.failures += 1;
      if (this.failures >= FAILURES_BEFORE_NOT_READY || this.reachable !== true) {
        this.setReachable(false, (err as Error).message);
      }
      return undefined;
    }
    this.failures = 0;
    const syncing = info.busy_syncing === true || info.synchronized === false;
    this.setReachable(!syncing, syncing ? `syncing (height ${info.height})` : `height ${info.height}`);
    this.updateTip({ height: info.height, topHash: info.top_block_hash, seenAt: Date.now() });
    return info;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      await this.pollOnce();
      if (!this.running) return;
      await new Promise<void>((resolve) => {
        this.timer = setTimeout(resolve, this.intervalMs);
      });
    }
  }

  private updateTip(tip: ChainTip, notify = true): void {
    const previous = this.tip;
    if (previous && previous.topHash === tip.topHash) return;
    // A ZMQ tip may be newer than a poll answer that was already on its way.
    if (previous && tip.height < previous.height && tip.seenAt - previous.seenAt < 1_000) return;
    this.tip = tip;
    this.metrics.chainHeight.set(tip.height);
    if (notify) for (const listener of this.tipListeners) listener(tip, previous);
  }

  private setReachable(ok: boolean, detail: string): void {
    this.health.set(MONEROD_HEALTH, ok, detail);
    if (this.reachable === ok) return;
    this.reachable = ok;
    if (ok) this.log.info({ detail }, 'monerod ready');
    else this.log.warn({ detail }, 'monerod not ready');
    for (const listener of this.reachabilityListeners) listener(ok);
  }
}
