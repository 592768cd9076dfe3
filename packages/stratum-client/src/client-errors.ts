import type { ReplyError } from '@rxpool/stratum';

/** No reply to a request within the client's reply timeout. */
export class ReplyTimeoutError extends Error {
  constructor(
    readonly method: string,
    readonly requestId: number,
    readonly timeoutMs: number,
  ) {
    super(`no reply to ${method} #${requestId} within ${timeoutMs} ms`);
    this.name = 'ReplyTimeoutError';
  }
}

/** The connection closed (or never opened) before the awaited message came. */
export class ConnectionClosedError extends Error {
  constructor(what: string, options?: { cause?: unknown }) {
    super(`connection closed: ${what}`, options);
    this.name = 'ConnectionClosedError';
  }
}

/** The pool answered a request that must succeed (login, getjob) with an error. */
export class StratumReplyError extends Error {
  constructor(
    readonly method: string,
    readonly error: ReplyError,
  ) {
    super(`${method} refused: ${error.message} (code ${error.code})`);
    this.name = 'StratumReplyError';
  }
}

/** A request that needs a session (and job) before the login succeeded. */
export class NotLoggedInError extends Error {
  constructor() {
    super('not logged in: no session id or job yet');
    this.name = 'NotLoggedInError';
  }
}
