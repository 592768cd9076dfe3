import {
  type Counter,
  counter,
  Gauge,
  gauge,
  type Histogram,
  histogram,
  type Registry,
} from '@rxpool/observability';
import type { MonerodCallObserver } from '../monerod/monerod-client.js';

/** Every metric the job-manager exports, in one place. */
export class JobManagerMetrics implements MonerodCallObserver {
  readonly chainHeight: Gauge;
  readonly templateHeight: Gauge;
  readonly templateAge: Gauge;
  readonly templatesPublished: Counter;
  readonly blockToTemplate: Histogram;
  readonly templateStuck: Gauge;
  readonly isLeader: Gauge;
  readonly blocksSubmitted: Counter;
  readonly rpcCalls: Counter;
  readonly rpcSeconds: Histogram;
  readonly failovers: Counter;
  readonly zmqNotifications: Counter;
  readonly staleTemplateRetries: Counter;
  private lastTemplateAt = 0;

  constructor(registry: Registry) {
    const p = 'rxpool_job_manager_';
    this.chainHeight = gauge(
      registry,
      `${p}chain_height`,
      'monerod chain height (next block) seen by polling or ZMQ',
    );
    this.templateHeight = gauge(registry, `${p}template_height`, 'height of the latest published template');
    this.templateAge = new Gauge({
      name: `${p}template_age_seconds`,
      help: 'seconds since the latest template was published (0 before the first)',
      registers: [registry],
      collect: () => {
        this.templateAge.set(this.lastTemplateAt === 0 ? 0 : (Date.now() - this.lastTemplateAt) / 1000);
      },
    });
    this.templatesPublished = counter(registry, `${p}templates_published_total`, 'templates published', [
      'reason',
    ]);
    this.blockToTemplate = histogram(
      registry,
      `${p}new_block_to_template_seconds`,
      "time from noticing monerod's new block (ZMQ message or poll) to our published template",
      [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10],
      ['source'],
    );
    this.templateStuck = gauge(
      registry,
      `${p}template_stuck`,
      '1 while monerod moved on and no template followed',
    );
    this.isLeader = gauge(registry, `${p}leader`, '1 while this instance holds the leader lease');
    this.blocksSubmitted = counter(registry, `${p}blocks_submitted_total`, 'block candidates by outcome', [
      'status',
    ]);
    this.rpcCalls = counter(registry, `${p}monerod_calls_total`, 'monerod JSON-RPC calls', [
      'url',
      'method',
      'outcome',
    ]);
    this.rpcSeconds = histogram(
      registry,
      `${p}monerod_call_seconds`,
      'monerod JSON-RPC latency',
      [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      ['method'],
    );
    this.failovers = counter(registry, `${p}monerod_failovers_total`, 'switches to another monerod');
    this.staleTemplateRetries = counter(
      registry,
      `${p}stale_template_retries_total`,
      'templates fetched again because monerod still built on the previous block',
    );
    this.zmqNotifications = counter(
      registry,
      `${p}zmq_notifications_total`,
      'ZMQ chain_main messages received',
    );
  }

  templatePublished(height: number, reason: string): void {
    this.lastTemplateAt = Date.now();
    this.templateHeight.set(height);
    this.templatesPublished.inc({ reason });
  }

  onCall(
    url: string,
    method: string,
    outcome: 'ok' | 'rpc-error' | 'transport-error',
    seconds: number,
  ): void {
    this.rpcCalls.inc({ url, method, outcome });
    if (outcome !== 'transport-error') this.rpcSeconds.observe({ method }, seconds);
  }

  onFailover(from: string | undefined): void {
    if (from !== undefined) this.failovers.inc();
  }
}
