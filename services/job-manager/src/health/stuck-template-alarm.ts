import type { HealthRegistry, Logger } from '@rxpool/observability';
import type { JobManagerMetrics } from '../metrics/job-manager-metrics.js';

export const TEMPLATES_HEALTH = 'templates';

export interface StuckTemplateInputs {
  /** Height of the next block as monerod last told us, if known. */
  chainHeight(): number | undefined;
  /** Height of our latest published template, if any. */
  templateHeight(): number | undefined;
}

/**
 * Fires when monerod's height moved past our latest template and no template
 * followed within `stuckMs`: miners would be working on a stale block. While
 * it fires the service is not ready and the stuck gauge reads 1.
 */
export class StuckTemplateAlarm {
  private behindSince: number | undefined;
  private firing = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly inputs: StuckTemplateInputs,
    private readonly health: HealthRegistry,
    private readonly metrics: JobManagerMetrics,
    private readonly log: Logger,
    private readonly stuckMs: number,
    private readonly now: () => number = Date.now,
  ) {
    health.register(TEMPLATES_HEALTH, 'starting');
  }

  get isFiring(): boolean {
    return this.firing;
  }

  /** Leader: check every `everyMs`. */
  start(everyMs = 1_000): void {
    this.stop();
    this.behindSince = undefined;
    this.check();
    this.timer = setInterval(() => this.check(), everyMs);
  }

  /** Standby: no templates expected from us. */
  stop(detail = 'standby'): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.setFiring(false, detail);
  }

  check(): void {
    const chain = this.inputs.chainHeight();
    const template = this.inputs.templateHeight();
    const now = this.now();
    if (chain === undefined) {
      this.behindSince = undefined;
      return;
    }
    if (template !== undefined && template >= chain) {
      this.behindSince = undefined;
      this.setFiring(false, `template at height ${template}`);
      return;
    }
    this.behindSince ??= now;
    const behindMs = now - this.behindSince;
    if (behindMs >= this.stuckMs) {
      this.setFiring(
        true,
        `monerod at height ${chain}, latest template ${template ?? 'none'} for ${behindMs} ms`,
      );
    } else if (!this.firing) {
      this.health.set(TEMPLATES_HEALTH, true, `waiting for a template at height ${chain}`);
    }
  }

  private setFiring(firing: boolean, detail: string): void {
    this.health.set(TEMPLATES_HEALTH, !firing, detail);
    if (firing === this.firing) return;
    this.firing = firing;
    this.metrics.templateStuck.set(firing ? 1 : 0);
    if (firing) this.log.error({ detail }, 'stuck template: monerod moved on and no template followed');
    else this.log.info({ detail }, 'templates follow monerod again');
  }
}
