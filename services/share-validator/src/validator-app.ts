import type { MessageNames } from '@rxpool/messages';
import { backoffDelay, type Logger } from '@rxpool/observability';
import type { NatsConnection } from 'nats';
import type { ValidatorConfig } from './config.js';
import { JetStreamSharePublisher } from './jetstream-share-publisher.js';
import { MinerBanWriter } from './miner-ban-writer.js';
import { RandomXContextFactory } from './randomx-context-factory.js';
import { type ContextFactory, SeedContextManager, type SeedObserver } from './seed-context-manager.js';
import { ShareValidator } from './share-validator.js';
import { TemplateSeedWatcher } from './template-seed-watcher.js';
import { TrustEnforcer } from './trust-enforcer.js';
import { TrustPolicy } from './trust-policy.js';
import { ValidationQueue } from './validation-queue.js';
import { ValidationResponder } from './validation-responder.js';
import type { ValidatorMetrics } from './validator-metrics.js';

export interface ValidatorAppDeps {
  nc: NatsConnection;
  names: MessageNames;
  config: ValidatorConfig;
  metrics: ValidatorMetrics;
  log: Logger;
  /** Defaults to real RandomX contexts as configured. */
  contextFactory?: ContextFactory;
}

/**
 * The validator's parts wired together. It joins the queue group only once
 * the current seed's context is ready, so a starting replica never takes
 * requests it would have to refuse.
 */
export class ValidatorApp {
  readonly seeds: SeedContextManager;
  readonly queue: ValidationQueue;
  readonly validator: ShareValidator;
  /** Sampled trust, when VALIDATOR_TRUST=on. */
  readonly trust: TrustEnforcer | undefined;
  private readonly responder: ValidationResponder;
  private readonly watcher: TemplateSeedWatcher;

  constructor(deps: ValidatorAppDeps) {
    const { nc, names, config, metrics, log } = deps;
    const seedObserver: SeedObserver = {
      building: (seed, role) => metrics.building(seed, role),
      progress: (seed, role, fraction) => metrics.progress(seed, role, fraction),
      built: (seed, role, seconds) => metrics.built(seed, role, seconds),
      failed: (seed, role, err, retryInMs) => metrics.failed(seed, role, err, retryInMs),
      retired: (seed) => metrics.retired(seed),
      currentReady: (ready, detail) => {
        metrics.currentReady(ready, detail);
        if (ready) this.responder?.start();
      },
    };
    this.seeds = new SeedContextManager(
      deps.contextFactory ?? new RandomXContextFactory(config),
      {
        previousSeedGraceMs: config.previousSeedGraceMs,
        retryDelayMs: (n) => backoffDelay(n, 1_000, 60_000),
      },
      seedObserver,
    );
    this.queue = new ValidationQueue(
      { queueMax: config.queueMax, batchMax: config.batchMax, inFlightMax: config.inFlightMax },
      metrics,
    );
    const publisher = new JetStreamSharePublisher(nc.jetstream(), names, config.publishTimeoutMs);
    const { enabled, ...trust } = config.trust;
    this.trust = enabled
      ? new TrustEnforcer({
          nc,
          names,
          policy: new TrustPolicy(trust),
          bans: new MinerBanWriter(nc.jetstream(), names.buckets.bans, config.common.natsStreamReplicas),
          observer: metrics,
          log: log.child({ component: 'trust' }),
          publishTimeoutMs: config.publishTimeoutMs,
        })
      : undefined;
    const policy = this.trust?.policy;
    if (policy) {
      metrics.followTrust(() => policy.trustedCount);
      log.info({ ...trust, replica: this.trust?.replica }, 'sampled trust on');
    }
    this.validator = new ShareValidator(this.seeds, this.queue, publisher, metrics, Date.now, this.trust);
    this.responder = new ValidationResponder(
      nc,
      names,
      this.validator,
      log.child({ component: 'responder' }),
    );
    this.watcher = new TemplateSeedWatcher(
      nc.jetstream(),
      names,
      (seed, next) => this.seeds.setSeeds(seed, next),
      log.child({ component: 'templates' }),
    );
  }

  start(): void {
    this.trust?.start();
    this.watcher.start();
  }

  /** Answers what it holds, finishes bans and voids under way, then lets go of the seeds. */
  async stop(): Promise<void> {
    await this.responder.stop();
    await this.trust?.stop();
    await this.watcher.stop();
    this.seeds.close();
  }
}
