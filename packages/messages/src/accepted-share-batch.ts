import { asObject, MessageError } from './decode.js';
import { type AcceptedShare, decodeAcceptedShare } from './share-messages.js';

/**
 * shares.accepted.v1 carries either one AcceptedShare (as older validators
 * publish) or a batch `{ shares: AcceptedShare[] }`: a validator under load
 * publishes the shares that accumulated while its previous publish was in
 * flight as one message, so the broker and accounting handle one message and
 * one acknowledgement for many shares.
 */
export interface AcceptedShareBatch {
  shares: AcceptedShare[];
}

export interface DecodedShares {
  shares: AcceptedShare[];
  /** Entries of a batch that failed to decode (dropped; the rest stand). */
  invalid: MessageError[];
}

export function decodeAcceptedShares(value: unknown): DecodedShares {
  const o = asObject('AcceptedShares', value);
  if (!('shares' in o)) return { shares: [decodeAcceptedShare(o)], invalid: [] };
  const list = o.shares;
  if (!Array.isArray(list)) throw new MessageError('AcceptedShareBatch', 'shares', 'must be an array');
  const shares: AcceptedShare[] = [];
  const invalid: MessageError[] = [];
  for (const item of list) {
    try {
      shares.push(decodeAcceptedShare(item));
    } catch (err) {
      if (!(err instanceof MessageError)) throw err;
      invalid.push(err);
    }
  }
  return { shares, invalid };
}
