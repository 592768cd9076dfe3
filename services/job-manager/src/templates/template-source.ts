import { randomBytes } from 'node:crypto';
import type { Logger } from '@rxpool/observability';
import type { JobManagerMetrics } from '../metrics/job-manager-metrics.js';
import type { MonerodRpc } from '../monerod/monerod-rpc.js';
import type { ChainTip, MonerodStatusPoller } from '../monerod/monerod-status-poller.js';
import type { NewBlockNotice, ZmqBlockListener } from '../monerod/zmq-block-listener.js';
import { type HeldTemplate, sameWork, templateFromMonerod } from './template-mapping.js';
import type { TemplatePublisher } from './template-publisher.js';

/** Why a template was fetched. */
export type RefreshReason = 'start' | 'zmq' | 'poll' | 'refresh' | 'rejected' | 'reconnect';

interface RefreshRequest {
  reason: RefreshReason;
  /** The top block we expect the template to build on. */
  expectTop?: string;
}

export interface TemplateSourceOptions {
  walletAddress: string;
  reserveSize: number;
  refreshMs: number;
}

const NEW_BLOCK_REASONS: ReadonlySet<RefreshReason> = new Set(['zmq', 'poll']);
const FORCED_REASONS: ReadonlySet<RefreshReason> = new Set(['start', 'rejected']);

/**
 * The leader's template producer: a new block (ZMQ push, or the poller seeing a
 * new tip), the periodic refresh (new transactions) or a rejected block make it
 * fetch get_block_template; a template that brings new work is published.
 * Fetches never overlap: requests during a fetch collapse into one more fetch.
 */
export class TemplateSource {
  private readonly bootTag = randomBytes(3).toString('hex');
  private sequence = 0;
  private active = false;
  private inFlight: Promise<void> | undefined;
  private pending: RefreshRequest | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private lastFailed = false;
  /** The latest template the stream acknowledged (a failed publish is retried by the next fetch). */
  private lastPublished: HeldTemplate | undefined;
  /** When we first heard of each recent top block, and from whom (for the latency metric). */
  private readonly noticed = new Map<string, { at: number; source: RefreshReason }>();

  constructor(
    private readonly rpc: MonerodRpc,
    private readonly publisher: TemplatePublisher,
    private readonly poller: MonerodStatusPoller,
    private readonly zmq: ZmqBlockListener | undefined,
    private readonly metrics: JobManagerMetrics,
    private readonly log: Logger,
    private readonly options: TemplateSourceOptions,
  ) {
    poller.onTip((tip) => this.onPolledTip(tip));
    poller.onReachability((ok) => {
      if (ok && this.lastFailed) this.request({ reason: 'reconnect' });
    });
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.zmq?.start((notice) => this.onZmqBlock(notice));
    this.armRefresh();
    this.request({ reason: 'start' });
  }

  async stop(): Promise<void> {
    this.active = false;
    this.zmq?.stop();
    clearTimeout(this.refreshTimer);
    this.pending = undefined;
    await this.inFlight;
  }

  get published(): HeldTemplate | undefined {
    return this.lastPublished;
  }

  /** Fetch now (e.g. after monerod rejected a block). */
  request(req: RefreshRequest): void {
    if (!this.active) return;
    if (this.inFlight) {
      this.pending = merge(this.pending, req);
      return;
    }
    this.inFlight = this.run(req).finally(() => {
      this.inFlight = undefined;
      const next = this.pending;
      this.pending = undefined;
      if (next) this.request(next);
    });
  }

  /** Resolves when no fetch is running or queued (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private onZmqBlock(notice: NewBlockNotice): void {
    this.metrics.zmqNotifications.inc();
    this.poller.noteTip(notice.nextHeight, notice.topHash);
    this.notice(notice.topHash, notice.receivedAt, 'zmq');
    this.request({ reason: 'zmq', expectTop: notice.topHash });
  }

  private onPolledTip(tip: ChainTip): void {
    if (!this.active) return;
    this.notice(tip.topHash, performance.now(), 'poll');
    if (this.lastPublished?.event.prevHash === tip.topHash) return;
    this.request({ reason: 'poll', expectTop: tip.topHash });
  }

  private notice(topHash: string, at: number, source: RefreshReason): void {
    if (this.noticed.has(topHash)) return;
    if (this.lastPublished?.event.prevHash === topHash) {
      // A refresh already brought the template (its answer overtook the notice).
      this.metrics.blockToTemplate.observe({ source }, 0);
      this.noticed.set(topHash, { at: Number.NaN, source });
    } else {
      this.noticed.set(topHash, { at, source });
    }
    if (this.noticed.size > 16) this.noticed.delete(this.noticed.keys().next().value as string);
  }

  private armRefresh(): void {
    clearTimeout(this.refreshTimer);
    if (!this.active) return;
    this.refreshTimer = setTimeout(() => {
      this.request({ reason: 'refresh' });
      this.armRefresh();
    }, this.options.refreshMs);
  }

  private async run(req: RefreshRequest): Promise<void> {
    try {
      const held = await this.fetch(req);
      this.lastFailed = false;
      if (!this.active) return;
      const latest = this.lastPublished;
      if (!FORCED_REASONS.has(req.reason) && sameWork(latest, held)) return;
      await this.publisher.publish(held);
      this.lastPublished = held;
      const newBlock = latest?.event.prevHash !== held.event.prevHash;
      this.metrics.templatePublished(held.event.height, req.reason);
      // Whichever request fetched it, the latency runs from when the block was first noticed.
      const seen = newBlock ? this.noticed.get(held.event.prevHash) : undefined;
      if (seen)
        this.metrics.blockToTemplate.observe({ source: seen.source }, (performance.now() - seen.at) / 1000);
      if (newBlock || req.reason !== 'refresh') this.armRefresh();
      this.log.info(
        { templateId: held.event.templateId, height: held.event.height, reason: req.reason },
        'template published',
      );
    } catch (err) {
      this.lastFailed = true;
      this.log.warn({ err, reason: req.reason }, 'template fetch failed; the next poll retries');
    }
  }

  /** get_block_template, retried briefly when monerod has not caught up with a notified block. */
  private async fetch(req: RefreshRequest): Promise<HeldTemplate> {
    for (let tries = 0; ; tries++) {
      const t = await this.rpc.getBlockTemplate(this.options.walletAddress, this.options.reserveSize);
      if (req.expectTop === undefined || t.prev_hash === req.expectTop || tries >= 5) {
        this.sequence += 1;
        const id = `${t.height}-${this.bootTag}-${this.sequence}`;
        return templateFromMonerod(t, id, this.options.reserveSize, Date.now());
      }
      this.metrics.staleTemplateRetries.inc();
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** Two queued requests become one: a forced reason wins, then a new block; the newest expected top. */
function merge(a: RefreshRequest | undefined, b: RefreshRequest): RefreshRequest {
  if (!a) return b;
  const rank = (r: RefreshReason) => (FORCED_REASONS.has(r) ? 2 : NEW_BLOCK_REASONS.has(r) ? 1 : 0);
  return {
    reason: rank(a.reason) > rank(b.reason) ? a.reason : b.reason,
    expectTop: b.expectTop ?? a.expectTop,
  };
}
