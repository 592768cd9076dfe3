import type { Logger } from '@rxpool/observability';
import type { CandidateConsumer } from '../blocks/candidate-consumer.js';
import type { StuckTemplateAlarm } from '../health/stuck-template-alarm.js';
import type { JobManagerMetrics } from '../metrics/job-manager-metrics.js';
import type { TemplateSource } from '../templates/template-source.js';
import type { TemplateStore } from '../templates/template-store.js';
import type { TemplateStreamFollower } from '../templates/template-stream-follower.js';

/** How long a new leader waits to read its predecessor's templates before serving. */
const CATCH_UP_MS = 2_000;

export interface LeaderDutiesParts {
  follower: TemplateStreamFollower;
  source: TemplateSource;
  alarm: StuckTemplateAlarm;
  consumer: CandidateConsumer;
  store: TemplateStore;
  metrics: JobManagerMetrics;
  log: Logger;
  instanceId: string;
}

/**
 * What only the leader does: produce templates, submit blocks, watch for a stuck
 * template. Leadership changes are carried out one after the other, in order.
 */
export class LeaderDuties {
  private transition: Promise<void> = Promise.resolve();

  constructor(private readonly parts: LeaderDutiesParts) {}

  /** The lease's listener: must not block, so the change is queued. */
  change(leader: boolean): void {
    this.transition = this.transition
      .then(() => (leader ? this.lead() : this.standBy()))
      .catch((err) => this.parts.log.error({ err, leader }, 'leadership change failed'));
  }

  /** Resolves once the latest leadership change has been carried out. */
  settled(): Promise<void> {
    return this.transition;
  }

  async lead(): Promise<void> {
    const { follower, source, alarm, consumer, store, metrics, log, instanceId } = this.parts;
    metrics.isLeader.set(1);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([follower.caughtUp, new Promise((r) => (timer = setTimeout(r, CATCH_UP_MS)))]);
    clearTimeout(timer);
    source.start();
    alarm.start();
    await consumer.start();
    log.info({ instance: instanceId, templatesHeld: store.size }, 'leading');
  }

  async standBy(): Promise<void> {
    const { source, alarm, consumer, metrics } = this.parts;
    metrics.isLeader.set(0);
    await consumer.stop();
    await source.stop();
    alarm.stop('standby');
  }
}
