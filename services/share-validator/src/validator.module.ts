import { type DynamicModule, Module } from '@nestjs/common';
import { backoffDelay } from '@rxpool/observability';
import {
  BUS,
  configToken,
  HEALTH,
  LOGGER,
  METRICS,
  provider,
  serviceModule,
  valueToken,
} from '@rxpool/service-kit';
import type { ValidatorConfig } from './config.js';
import { JetStreamSharePublisher } from './jetstream-share-publisher.js';
import { MinerBanWriter } from './miner-ban-writer.js';
import { RandomXContextFactory } from './randomx-context-factory.js';
import { type ContextFactory, SeedContextManager } from './seed-context-manager.js';
import { SeedEvents } from './seed-events.js';
import { ShareValidator } from './share-validator.js';
import { TemplateSeedWatcher } from './template-seed-watcher.js';
import { TrustEnforcer } from './trust-enforcer.js';
import { TrustPolicy } from './trust-policy.js';
import { ValidationQueue } from './validation-queue.js';
import { ValidationResponder } from './validation-responder.js';
import { ValidatorApp } from './validator-app.js';
import { ValidatorMetrics } from './validator-metrics.js';

const CONFIG = configToken<ValidatorConfig>();
/** Builds the RandomX context of each seed (tests wrap the real one). */
export const CONTEXT_FACTORY = valueToken<ContextFactory>('validator.context-factory');
/** The sampled-trust enforcer; undefined unless VALIDATOR_TRUST=on. */
const TRUST = valueToken<TrustEnforcer | undefined>('validator.trust');

const seedProviders = [
  provider(SeedEvents, { metrics: ValidatorMetrics }, ({ metrics }) => new SeedEvents(metrics)),
  provider(
    SeedContextManager,
    { factory: CONTEXT_FACTORY, config: CONFIG, events: SeedEvents },
    ({ factory, config, events }) =>
      new SeedContextManager(
        factory,
        {
          previousSeedGraceMs: config.previousSeedGraceMs,
          retryDelayMs: (n) => backoffDelay(n, 1_000, 60_000),
        },
        events,
      ),
  ),
  provider(
    TemplateSeedWatcher,
    { bus: BUS, seeds: SeedContextManager, log: LOGGER },
    ({ bus, seeds, log }) =>
      new TemplateSeedWatcher(
        bus.jetstream,
        bus.names,
        (seed, next) => seeds.setSeeds(seed, next),
        log.child({ component: 'templates' }),
      ),
  ),
];

const trustProvider = provider(
  TRUST,
  { bus: BUS, config: CONFIG, metrics: ValidatorMetrics, log: LOGGER },
  ({ bus, config, metrics, log }) => {
    const { enabled, ...settings } = config.trust;
    if (!enabled) return undefined;
    const trust = new TrustEnforcer({
      nc: bus.connection,
      names: bus.names,
      policy: new TrustPolicy(settings),
      bans: new MinerBanWriter(bus.jetstream, bus.names.buckets.bans, config.common.natsStreamReplicas),
      observer: metrics,
      log: log.child({ component: 'trust' }),
      publishTimeoutMs: config.publishTimeoutMs,
    });
    metrics.followTrust(() => trust.policy.trustedCount);
    log.info({ ...settings, replica: trust.replica }, 'sampled trust on');
    return trust;
  },
);

const validationProviders = [
  provider(
    ValidationQueue,
    { config: CONFIG, metrics: ValidatorMetrics },
    ({ config, metrics }) =>
      new ValidationQueue(
        { queueMax: config.queueMax, batchMax: config.batchMax, inFlightMax: config.inFlightMax },
        metrics,
      ),
  ),
  provider(
    JetStreamSharePublisher,
    { bus: BUS, config: CONFIG },
    ({ bus, config }) => new JetStreamSharePublisher(bus.jetstream, bus.names, config.publishTimeoutMs),
  ),
  provider(
    ShareValidator,
    {
      seeds: SeedContextManager,
      queue: ValidationQueue,
      publisher: JetStreamSharePublisher,
      metrics: ValidatorMetrics,
      trust: TRUST,
    },
    ({ seeds, queue, publisher, metrics, trust }) =>
      new ShareValidator(seeds, queue, publisher, metrics, Date.now, trust),
  ),
  provider(
    ValidationResponder,
    { bus: BUS, validator: ShareValidator, events: SeedEvents, log: LOGGER },
    ({ bus, validator, events, log }) => {
      const responder = new ValidationResponder(
        bus.connection,
        bus.names,
        validator,
        log.child({ component: 'responder' }),
      );
      events.whenCurrentReady(() => responder.start());
      return responder;
    },
  ),
];

/** Nest composes the validator's classes over the service kit; ValidatorApp starts and stops them. */
@Module({})
export class ValidatorModule {
  /** `contextFactory`: defaults to real RandomX contexts as configured. */
  static forRoot(
    kit: DynamicModule,
    config: ValidatorConfig,
    contextFactory: ContextFactory = new RandomXContextFactory(config),
  ): DynamicModule {
    return serviceModule({
      module: ValidatorModule,
      kit,
      config,
      providers: [
        provider(
          ValidatorMetrics,
          { registry: METRICS, health: HEALTH, log: LOGGER },
          ({ registry, health, log }) =>
            new ValidatorMetrics(registry, health, log.child({ component: 'validator' })),
        ),
        { provide: CONTEXT_FACTORY, useValue: contextFactory },
        ...seedProviders,
        trustProvider,
        ...validationProviders,
        provider(
          ValidatorApp,
          {
            seeds: SeedContextManager,
            queue: ValidationQueue,
            validator: ShareValidator,
            trust: TRUST,
            responder: ValidationResponder,
            watcher: TemplateSeedWatcher,
          },
          (parts) => new ValidatorApp(parts),
        ),
      ],
      runtime: ValidatorApp,
      exports: [ValidatorApp],
    });
  }
}
