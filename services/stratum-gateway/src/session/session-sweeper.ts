import { Rejections } from '@rxpool/stratum';
import type { AbuseGuard } from '../abuse/abuse-guard.js';
import type { JobDispatcher } from '../jobs/job-dispatcher.js';
import type { VardiffController } from '../vardiff/vardiff-controller.js';
import { type MinerSession, SessionState } from './miner-session.js';
import type { Replier } from './replier.js';
import type { SessionRegistry } from './session-registry.js';

/** A closing socket the peer does not close is destroyed after this long. */
const LINGER_MS = 5_000;
const DECAY_EVERY_MS = 60_000;
const SWEEP_EVERY_MS = 1_000;

export interface SweptParts {
  sessions: SessionRegistry;
  replier: Replier;
  vardiff: VardiffController;
  jobs: JobDispatcher;
  abuse: AbuseGuard;
}

/**
 * The one timer of the stratum side, instead of one per connection: login and idle
 * timeouts, lingering sockets, vardiff for quiet miners, and the abuse counters' decay.
 */
export class SessionSweeper {
  private timer: NodeJS.Timeout | undefined;
  private lastDecay = 0;

  constructor(
    private readonly parts: SweptParts,
    private readonly limits: { loginTimeoutMs: number; idleTimeoutMs: number },
    private readonly now: () => number,
  ) {}

  /** Every second while started. */
  sweep(now: number = this.now()): void {
    const { limits } = this;
    for (const session of this.parts.sessions.all) {
      if (session.state === SessionState.Closing) {
        if (now - session.closingSince > LINGER_MS) session.socket.destroy();
      } else if (session.state === SessionState.Connected) {
        if (now - session.connectedAt > limits.loginTimeoutMs) {
          this.parts.replier.rejectAndClose(session, null, Rejections.LoginTimeout, now);
        }
      } else if (now - session.lastActivity > limits.idleTimeoutMs) {
        session.close(now);
      } else if (session.vardiff !== undefined) {
        const next = this.parts.vardiff.onIdle(session.vardiff, session.difficulty, now);
        if (next !== undefined) {
          session.difficulty = next;
          this.trySendJob(session, now);
        }
      }
    }
    if (now - this.lastDecay >= DECAY_EVERY_MS) {
      this.lastDecay = now;
      this.parts.abuse.decay(now);
    }
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private trySendJob(session: MinerSession, now: number): void {
    try {
      this.parts.jobs.send(session, now, 'retarget');
    } catch {
      // No template or instance id right now; the next template brings the new difficulty.
    }
  }
}
