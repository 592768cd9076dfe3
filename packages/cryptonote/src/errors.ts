/**
 * Typed errors of the cryptonote package. Every failure on bad input is one of
 * these, so callers can tell "the miner sent garbage" from a bug with `instanceof`
 * and `code`, and show `message` as it is (one line, says what is wrong).
 */
export type CryptonoteErrorCode =
  | 'hex'
  | 'varint'
  | 'base58'
  | 'address'
  | 'hash'
  | 'block'
  | 'reserved'
  | 'nonce'
  | 'tree'
  | 'difficulty'
  | 'target';

export class CryptonoteError extends Error {
  constructor(
    readonly code: CryptonoteErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CryptonoteError';
  }
}

export type Base58ErrorReason = 'length' | 'character' | 'overflow';

/** A string that is not valid Monero base58. */
export class Base58Error extends CryptonoteError {
  constructor(
    readonly reason: Base58ErrorReason,
    message: string,
  ) {
    super('base58', message);
    this.name = 'Base58Error';
  }
}

export type AddressErrorReason = 'length' | 'character' | 'checksum' | 'network' | 'prefix';

/** An address that cannot be used; `reason` says which check failed. */
export class AddressError extends CryptonoteError {
  constructor(
    readonly reason: AddressErrorReason,
    message: string,
  ) {
    super('address', message);
    this.name = 'AddressError';
  }
}

export function isCryptonoteError(err: unknown): err is CryptonoteError {
  return err instanceof CryptonoteError;
}
