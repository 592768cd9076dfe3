import { errorLine, type Rejection, type RequestId } from '@rxpool/stratum';
import type { AbuseGuard } from '../abuse/abuse-guard.js';
import type { MinerSession } from './miner-session.js';

/**
 * Error replies go through here, so each one is counted (and judged for bans) by the
 * abuse guard before it is sent.
 */
export class Replier {
  constructor(private readonly abuse: AbuseGuard) {}

  reject(
    session: MinerSession,
    requestId: RequestId | null,
    rejection: Rejection,
    now: number,
    detail?: string,
  ): void {
    session.send(errorLine(requestId, rejection, detail));
    this.abuse.rejected(session.ip, rejection, now);
  }

  /** Replies and closes: for errors after which the connection cannot go on. */
  rejectAndClose(
    session: MinerSession,
    requestId: RequestId | null,
    rejection: Rejection,
    now: number,
    detail?: string,
  ): void {
    session.close(now, errorLine(requestId, rejection, detail));
    this.abuse.rejected(session.ip, rejection, now);
  }
}
