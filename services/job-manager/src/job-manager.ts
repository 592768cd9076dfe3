import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { NatsBus } from '@rxpool/bus';
import type { HealthRegistry, Logger, Registry } from '@rxpool/observability';
import { BlockSubmitter } from './blocks/block-submitter.js';
import { CandidateConsumer } from './blocks/candidate-consumer.js';
import { ChainHeaderResponder } from './chain/chain-header-responder.js';
import type { JobManagerConfig } from './config.js';
import { StuckTemplateAlarm } from './health/stuck-template-alarm.js';
import { LeaderLease } from './leadership/leader-lease.js';
import { JobManagerMetrics } from './metrics/job-manager-metrics.js';
import { MonerodClient } from './monerod/monerod-client.js';
import { MonerodRpc } from './monerod/monerod-rpc.js';
import { MonerodStatusPoller } from './monerod/monerod-status-poller.js';
import { ZmqBlockListener } from './monerod/zmq-block-listener.js';
import { TemplatePublisher } from './templates/template-publisher.js';
import { TemplateSource } from './templates/template-source.js';
import { TemplateStore } from './templates/template-store.js';
import { TemplateStreamFollower } from './templates/template-stream-follower.js';

export interface JobManagerDeps {
  config: JobManagerConfig;
  bus: NatsBus;
  log: Logger;
  health: HealthRegistry;
  registry: Registry;
  instanceId?: string;
}

/** How long a new leader waits to read its predecessor's templates before serving. */
const CATCH_UP_MS = 2_000;

/**
 * Composition root of the job-manager. Every instance polls monerod (health),
 * follows the template stream and answers chain queries; the one holding the
 * leader lease also produces templates and submits blocks.
 */
export class JobManager {
  readonly instanceId: string;
  readonly metrics: JobManagerMetrics;
  readonly client: MonerodClient;
  readonly rpc: MonerodRpc;
  readonly store: TemplateStore;
  readonly poller: MonerodStatusPoller;
  readonly source: TemplateSource;
  readonly submitter: BlockSubmitter;
  readonly lease: LeaderLease;
  readonly alarm: StuckTemplateAlarm;
  private readonly follower: TemplateStreamFollower;
  private readonly consumer: CandidateConsumer;
  private readonly responder: ChainHeaderResponder;
  private transition: Promise<void> = Promise.resolve();

  constructor(private readonly deps: JobManagerDeps) {
    const { config, bus, log, health } = deps;
    this.instanceId = deps.instanceId ?? `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
    this.metrics = new JobManagerMetrics(deps.registry);
    this.client = new MonerodClient({
      urls: config.monerodUrls,
      login: config.monerodLogin,
      timeoutMs: config.rpcTimeoutMs,
      attempts: config.rpcAttempts,
      observer: {
        onCall: (...args) => this.metrics.onCall(...args),
        onFailover: (from, to) => {
          this.metrics.onFailover(from);
          if (from !== undefined) log.warn({ from, to }, 'monerod failover');
        },
      },
    });
    this.rpc = new MonerodRpc(this.client);
    this.store = new TemplateStore(config.templateHistory);
    this.poller = new MonerodStatusPoller(this.rpc, health, this.metrics, log, config.pollIntervalMs);
    const zmq = config.zmqUrl ? new ZmqBlockListener(config.zmqUrl, log) : undefined;
    this.source = new TemplateSource(
      this.rpc,
      new TemplatePublisher(bus, this.store),
      this.poller,
      zmq,
      this.metrics,
      log,
      {
        walletAddress: config.walletAddress,
        reserveSize: config.reserveSize,
        refreshMs: config.templateRefreshMs,
      },
    );
    this.submitter = new BlockSubmitter(this.store, this.rpc, this.metrics, log, () =>
      this.source.request({ reason: 'rejected' }),
    );
    this.consumer = new CandidateConsumer(bus, this.submitter, log);
    this.responder = new ChainHeaderResponder(bus, this.rpc, log);
    this.follower = new TemplateStreamFollower(bus, this.store, log);
    this.alarm = new StuckTemplateAlarm(
      {
        chainHeight: () => this.poller.lastTip?.height,
        templateHeight: () => this.source.published?.event.height,
      },
      health,
      this.metrics,
      log,
      config.stuckTemplateMs,
    );
    this.lease = new LeaderLease(bus, this.instanceId, config.leaderLeaseTtlMs, log, (leader) =>
      this.onLeadership(leader),
    );
  }

  get isLeader(): boolean {
    return this.lease.isLeader;
  }

  async start(): Promise<void> {
    this.deps.log.info(
      { instance: this.instanceId, monerod: this.deps.config.monerodUrls },
      'job-manager starting',
    );
    this.poller.start();
    await this.follower.start();
    this.responder.start();
    this.alarm.stop('standby');
    await this.lease.start();
  }

  async stop(): Promise<void> {
    await this.lease.stop();
    await this.transition;
    await this.standBy();
    this.responder.stop();
    this.follower.stop();
    this.poller.stop();
    this.client.close();
  }

  /** Resolves once the latest leadership change has been carried out. */
  settled(): Promise<void> {
    return this.transition;
  }

  private onLeadership(leader: boolean): void {
    this.transition = this.transition
      .then(() => (leader ? this.lead() : this.standBy()))
      .catch((err) => this.deps.log.error({ err, leader }, 'leadership change failed'));
  }

  private async lead(): Promise<void> {
    this.metrics.isLeader.set(1);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.follower.caughtUp, new Promise((r) => (timer = setTimeout(r, CATCH_UP_MS)))]);
    clearTimeout(timer);
    this.source.start();
    this.alarm.start();
    await this.consumer.start();
    this.deps.log.info({ instance: this.instanceId, templatesHeld: this.store.size }, 'leading');
  }

  private async standBy(): Promise<void> {
    this.metrics.isLeader.set(0);
    await this.consumer.stop();
    await this.source.stop();
    this.alarm.stop('standby');
  }
}
