import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ValidateRequest } from '@rxpool/messages';
import {
  type Counter,
  counter,
  Gauge,
  gauge,
  type HealthRegistry,
  type Histogram,
  histogram,
  type Logger,
  type Registry,
} from '@rxpool/observability';
import { randomxMemoryInUse } from '@rxpool/randomx';
import type { SeedObserver, SeedRole } from './seed-context-manager.js';
import type { ValidationObserver, ValidationOutcome } from './share-validator.js';
import type { TrustObserver } from './trust-enforcer.js';
import type { VerifyReason } from './trust-policy.js';
import type { QueueObserver } from './validation-queue.js';

const P = 'rxpool_validator_';
const LATENCY_BUCKETS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5];
/** Event-loop sampling timer, ms; subtracted from the readings so an idle loop reads about 0. */
const LOOP_RESOLUTION_MS = 1;

/** Metrics, health ('randomx') and logs of the validator: every observer in one place. */
export class ValidatorMetrics implements QueueObserver, ValidationObserver, SeedObserver, TrustObserver {
  private readonly queueDepth: Gauge;
  private readonly trustDecisions: Counter;
  private readonly trustRevocations: Counter;
  private readonly sharesVoided: Counter;
  private trustedMiners: () => number = () => 0;
  private readonly validations: Counter;
  private readonly blockCandidates: Counter;
  private readonly troubles: Counter;
  private readonly hashSeconds: Histogram;
  private readonly queueWaitSeconds: Histogram;
  private readonly validationSeconds: Histogram;
  private readonly datasetProgress: Gauge;
  private readonly datasetBuildSeconds: Gauge;
  private readonly datasetReady: Gauge;
  private readonly loggedTenths = new Map<string, number>();

  constructor(
    registry: Registry,
    private readonly health: HealthRegistry,
    private readonly log: Logger,
  ) {
    this.queueDepth = gauge(registry, `${P}queue_depth`, 'shares waiting or hashing');
    this.validations = counter(registry, `${P}validations_total`, 'validations by outcome', ['outcome']);
    this.blockCandidates = counter(registry, `${P}block_candidates_total`, 'accepted shares that are blocks');
    this.troubles = counter(registry, `${P}troubles_total`, 'failures that are not the miner’s', ['what']);
    this.hashSeconds = histogram(registry, `${P}hash_seconds`, 'RandomX hash latency', LATENCY_BUCKETS);
    this.queueWaitSeconds = histogram(
      registry,
      `${P}queue_wait_seconds`,
      'wait before hashing',
      LATENCY_BUCKETS,
    );
    this.validationSeconds = histogram(
      registry,
      `${P}validation_seconds`,
      'request to reply, publish included',
      LATENCY_BUCKETS,
    );
    this.datasetProgress = gauge(registry, `${P}dataset_init_progress`, 'RandomX context build, 0..1', [
      'role',
    ]);
    this.datasetBuildSeconds = gauge(registry, `${P}dataset_init_seconds`, 'last context build time', [
      'role',
    ]);
    this.datasetReady = gauge(registry, `${P}dataset_ready`, '1 when the current seed can be hashed');
    new Gauge({
      name: `${P}randomx_memory_bytes`,
      help: 'RandomX cache and dataset memory',
      registers: [registry],
      collect() {
        this.set(randomxMemoryInUse());
      },
    });
    const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    loop.enable();
    new Gauge({
      name: `${P}event_loop_delay_p99_seconds`,
      help: 'event-loop delay p99 since the previous scrape, timer resolution subtracted',
      registers: [registry],
      collect() {
        const p99Ms = loop.count > 0 ? loop.percentile(99) / 1e6 : LOOP_RESOLUTION_MS;
        this.set(Math.max(0, p99Ms - LOOP_RESOLUTION_MS) / 1000);
        loop.reset();
      },
    });
    this.trustDecisions = counter(
      registry,
      `${P}trust_decisions_total`,
      'sampled trust: shares accepted on trust (trusted) or hashed, by why',
      ['decision'],
    );
    this.trustRevocations = counter(
      registry,
      `${P}trust_revocations_total`,
      'trust ended by a bad share, caught here or by another replica',
      ['origin'],
    );
    this.sharesVoided = counter(
      registry,
      `${P}shares_voided_total`,
      'shares accepted on trust, listed to void',
    );
    const trusted = () => this.trustedMiners();
    new Gauge({
      name: `${P}trusted_miners`,
      help: 'miners this replica trusts',
      registers: [registry],
      collect() {
        this.set(trusted());
      },
    });
    health.register('randomx', 'waiting for the first template');
  }

  /** Where the trusted-miners gauge reads from. */
  followTrust(count: () => number): void {
    this.trustedMiners = count;
  }

  trustDecided(decision: VerifyReason | 'trusted'): void {
    this.trustDecisions.inc({ decision });
  }

  trustRevoked(origin: 'caught' | 'replica', voided: number): void {
    this.trustRevocations.inc({ origin });
    this.sharesVoided.inc(voided);
  }

  trustTrouble(what: string, err: unknown): void {
    this.troubles.inc({ what: `trust-${what}` });
    this.log.error({ err, what }, 'sampled trust: could not act on a revocation');
  }

  depthChanged(depth: number): void {
    this.queueDepth.set(depth);
  }

  hashed(waitSeconds: number, hashSeconds: number): void {
    this.queueWaitSeconds.observe(waitSeconds);
    this.hashSeconds.observe(hashSeconds);
  }

  validated(outcome: ValidationOutcome, blockCandidate: boolean, seconds: number): void {
    this.validations.inc({ outcome });
    this.validationSeconds.observe(seconds);
    if (blockCandidate) this.blockCandidates.inc();
  }

  trouble(what: string, err: unknown, request: ValidateRequest): void {
    this.troubles.inc({ what });
    this.log.error({ err, shareId: request.shareId, what }, 'share could not be validated');
  }

  building(seedHex: string, role: SeedRole): void {
    this.datasetProgress.set({ role }, 0);
    this.loggedTenths.set(seedHex, -1);
    this.log.info({ seed: seedHex, role }, 'building RandomX context');
  }

  progress(seedHex: string, role: SeedRole, fraction: number): void {
    this.datasetProgress.set({ role }, fraction);
    const tenth = Math.floor(fraction * 10);
    if (tenth > (this.loggedTenths.get(seedHex) ?? -1)) {
      this.loggedTenths.set(seedHex, tenth);
      this.log.info({ seed: seedHex, role, percent: tenth * 10 }, 'RandomX context progress');
    }
  }

  built(seedHex: string, role: SeedRole, seconds: number): void {
    this.loggedTenths.delete(seedHex);
    this.datasetProgress.set({ role }, 1);
    this.datasetBuildSeconds.set({ role }, seconds);
    this.log.info({ seed: seedHex, role, seconds: Number(seconds.toFixed(1)) }, 'RandomX context ready');
  }

  failed(seedHex: string, role: SeedRole, err: unknown, retryInMs: number): void {
    this.troubles.inc({ what: 'context' });
    this.log.error({ err, seed: seedHex, role, retryInMs }, 'RandomX context build failed');
  }

  retired(seedHex: string): void {
    this.log.info({ seed: seedHex }, 'RandomX context disposed');
  }

  currentReady(ready: boolean, detail: string): void {
    this.datasetReady.set(ready ? 1 : 0);
    this.health.set('randomx', ready, detail);
  }
}
