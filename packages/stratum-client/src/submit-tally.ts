import { LatencyRecorder, type LatencySummary } from './latency.js';
import type { SubmitOutcome } from './stratum-client.js';

export interface SubmitCounts {
  sent: number;
  accepted: number;
  rejected: number;
  /** Rejections by message. */
  rejections: Record<string, number>;
  /** Submits with no answer (timeout, closed connection). */
  unanswered: number;
  latencyMs: LatencySummary;
}

/** Counts submits in flight and their outcomes; `settle()` waits for the outstanding ones. */
export class SubmitTally {
  private sent = 0;
  private accepted = 0;
  private rejected = 0;
  private unanswered = 0;
  private readonly rejections: Record<string, number> = {};
  private readonly latency = new LatencyRecorder();
  private readonly inFlight = new Set<Promise<void>>();

  get count(): number {
    return this.sent;
  }

  track(submit: Promise<SubmitOutcome>, onOutcome?: (outcome: SubmitOutcome) => void): void {
    this.sent++;
    const done = submit
      .then(
        (outcome) => {
          this.latency.record(outcome.latencyMs);
          if (outcome.accepted) this.accepted++;
          else {
            this.rejected++;
            this.rejections[outcome.error.message] = (this.rejections[outcome.error.message] ?? 0) + 1;
          }
          onOutcome?.(outcome);
        },
        () => {
          this.unanswered++;
        },
      )
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  async settle(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  counts(): SubmitCounts {
    return {
      sent: this.sent,
      accepted: this.accepted,
      rejected: this.rejected,
      rejections: { ...this.rejections },
      unanswered: this.unanswered,
      latencyMs: this.latency.summary(),
    };
  }
}
