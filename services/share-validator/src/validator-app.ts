import type { ServiceRuntime } from '@rxpool/service-kit';
import type { SeedContextManager } from './seed-context-manager.js';
import type { ShareValidator } from './share-validator.js';
import type { TemplateSeedWatcher } from './template-seed-watcher.js';
import type { TrustEnforcer } from './trust-enforcer.js';
import type { ValidationQueue } from './validation-queue.js';
import type { ValidationResponder } from './validation-responder.js';

/** The parts the validator starts and stops (ValidatorModule provides each). */
export interface ValidatorParts {
  seeds: SeedContextManager;
  queue: ValidationQueue;
  validator: ShareValidator;
  /** Sampled trust, when VALIDATOR_TRUST=on. */
  trust: TrustEnforcer | undefined;
  responder: ValidationResponder;
  watcher: TemplateSeedWatcher;
}

/**
 * The validator's runtime: trust and the template watcher start; the responder
 * joins the queue group by itself once the current seed's context is ready (see
 * SeedEvents). Stops in reverse, answering what it holds first.
 */
export class ValidatorApp implements ServiceRuntime {
  constructor(private readonly parts: ValidatorParts) {}

  get seeds(): SeedContextManager {
    return this.parts.seeds;
  }

  get queue(): ValidationQueue {
    return this.parts.queue;
  }

  get validator(): ShareValidator {
    return this.parts.validator;
  }

  get trust(): TrustEnforcer | undefined {
    return this.parts.trust;
  }

  start(): void {
    this.parts.trust?.start();
    this.parts.watcher.start();
  }

  /** Answers what it holds, finishes bans and voids under way, then lets go of the seeds. */
  async stop(): Promise<void> {
    const { responder, trust, watcher, seeds } = this.parts;
    await responder.stop();
    await trust?.stop();
    await watcher.stop();
    seeds.close();
  }
}
