import type { Logger } from '@rxpool/observability';
import type { ServiceRuntime } from '@rxpool/service-kit';
import type { BlockSubmitter } from './blocks/block-submitter.js';
import type { ChainHeaderResponder } from './chain/chain-header-responder.js';
import type { StuckTemplateAlarm } from './health/stuck-template-alarm.js';
import type { LeaderDuties } from './leadership/leader-duties.js';
import type { LeaderLease } from './leadership/leader-lease.js';
import type { MonerodClient } from './monerod/monerod-client.js';
import type { MonerodStatusPoller } from './monerod/monerod-status-poller.js';
import type { TemplateSource } from './templates/template-source.js';
import type { TemplateStore } from './templates/template-store.js';
import type { TemplateStreamFollower } from './templates/template-stream-follower.js';

/** The parts the job-manager starts and stops (JobManagerModule provides each). */
export interface JobManagerParts {
  instanceId: string;
  monerodUrls: readonly string[];
  log: Logger;
  client: MonerodClient;
  poller: MonerodStatusPoller;
  follower: TemplateStreamFollower;
  responder: ChainHeaderResponder;
  alarm: StuckTemplateAlarm;
  lease: LeaderLease;
  duties: LeaderDuties;
  store: TemplateStore;
  source: TemplateSource;
  submitter: BlockSubmitter;
}

/**
 * The job-manager's runtime. Every instance polls monerod (health), follows the
 * template stream and answers chain queries; the one holding the leader lease also
 * carries out the leader's duties (templates, block submission).
 */
export class JobManager implements ServiceRuntime {
  constructor(private readonly parts: JobManagerParts) {}

  get instanceId(): string {
    return this.parts.instanceId;
  }

  get store(): TemplateStore {
    return this.parts.store;
  }

  get source(): TemplateSource {
    return this.parts.source;
  }

  get submitter(): BlockSubmitter {
    return this.parts.submitter;
  }

  get poller(): MonerodStatusPoller {
    return this.parts.poller;
  }

  get lease(): LeaderLease {
    return this.parts.lease;
  }

  get alarm(): StuckTemplateAlarm {
    return this.parts.alarm;
  }

  get client(): MonerodClient {
    return this.parts.client;
  }

  get isLeader(): boolean {
    return this.parts.lease.isLeader;
  }

  async start(): Promise<void> {
    const { log, poller, follower, responder, alarm, lease, monerodUrls } = this.parts;
    log.info({ instance: this.instanceId, monerod: monerodUrls }, 'job-manager starting');
    poller.start();
    await follower.start();
    responder.start();
    alarm.stop('standby');
    await lease.start();
  }

  async stop(): Promise<void> {
    const { lease, duties, responder, follower, poller, client } = this.parts;
    await lease.stop();
    await duties.settled();
    await duties.standBy();
    responder.stop();
    follower.stop();
    poller.stop();
    client.close();
  }

  /** Resolves once the latest leadership change has been carried out. */
  settled(): Promise<void> {
    return this.parts.duties.settled();
  }
}
