import {
  errorLine,
  errorMessageLine,
  isStratumProtocolError,
  parseRequest,
  type Rejection,
  type RequestId,
} from '@rxpool/stratum';
import type { AbuseGuard } from '../abuse/abuse-guard.js';
import type { Refusal } from '../abuse/ban-list.js';
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
    this.abuse.rejected(session, rejection, now);
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
    this.abuse.rejected(session, rejection, now);
  }

  /** Answers a refused login (ban, limit) on its own id, so the miner shows why, and closes. */
  refuse(session: MinerSession, requestId: RequestId | null, refusal: Refusal, now: number): void {
    session.close(now, errorMessageLine(requestId, refusal.rejection, refusal.message));
    this.abuse.rejected(session, refusal.rejection, now);
  }
}

/** The id of the request on `line`, when one can be read (a refused login is answered on it). */
export function requestIdIn(line: string): RequestId | null {
  try {
    return parseRequest(line).id;
  } catch (err) {
    if (isStratumProtocolError(err)) return err.requestId;
    throw err;
  }
}
