import { type Rejection, Rejections } from './rejections.js';

/** A JSON-RPC request id as miners send it. */
export type RequestId = number | string;

/**
 * A request the pool refuses: carries the rejection to send back and the request id
 * when it could be read (null otherwise: the reply then has `"id":null`).
 */
export class StratumProtocolError extends Error {
  constructor(
    readonly rejection: Rejection,
    readonly requestId: RequestId | null,
    /** Which part of the request was wrong, for logs; not sent to the miner. */
    readonly detail?: string,
  ) {
    super(detail === undefined ? rejection.message : `${rejection.message}: ${detail}`);
    this.name = 'StratumProtocolError';
  }
}

/** A line longer than the framer's limit; the connection's bytes up to the next newline were dropped. */
export class FramingError extends Error {
  readonly rejection: Rejection = Rejections.LineTooLong;

  constructor(readonly maxLineBytes: number) {
    super(`line longer than ${maxLineBytes} bytes`);
    this.name = 'FramingError';
  }
}

export function isStratumProtocolError(err: unknown): err is StratumProtocolError {
  return err instanceof StratumProtocolError;
}

export function isFramingError(err: unknown): err is FramingError {
  return err instanceof FramingError;
}
