import { blockId, bytesToHex, hexToBytes, writeNonce } from '@rxpool/cryptonote';
import type { HeldTemplate } from '../templates/template-mapping.js';

export interface AssembledBlock {
  /** The block for submit_block. */
  blob: Uint8Array;
  /** Its id, as monerod will name it. */
  hash: string;
}

/**
 * The block a candidate describes: the template with the reserved bytes and the
 * nonce written in, and its id. Throws CryptonoteError on malformed bytes.
 */
export function assembleBlock(held: HeldTemplate, reservedHex: string, nonceHex: string): AssembledBlock {
  const reserved = hexToBytes(reservedHex);
  const nonce = hexToBytes(nonceHex);
  const blob = held.prepared.blockBlob(reserved, nonce);
  const hash = bytesToHex(blockId(writeNonce(held.prepared.hashingBlob(reserved), nonce)));
  return { blob, hash };
}
