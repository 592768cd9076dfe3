import {
  bytesToHex,
  hexToBytes,
  meetsDifficulty,
  nonceBytes,
  prepareTemplate,
  writeNonce,
} from '@rxpool/cryptonote';
import type { MonerodInstance } from '@rxpool/devstack';
import type { TemplateEvent } from '@rxpool/messages';

/** Reserved bytes as a gateway writes them (the tests name them from here). */
export { reservedBytes } from '@rxpool/share-id';

/**
 * A nonce whose RandomX hash does (valid) or does not (invalid) reach the network
 * difficulty, hashed by monerod itself through calc_pow — what a validator would find.
 */
export async function findNonce(
  monerod: MonerodInstance,
  t: TemplateEvent,
  reserved: Uint8Array,
  want: 'valid' | 'invalid',
  startAt = 1,
): Promise<Uint8Array> {
  const prepared = prepareTemplate(hexToBytes(t.blob), t.reservedOffset, t.reserveSize);
  const hashing = prepared.hashingBlob(reserved);
  const difficulty = BigInt(t.networkDifficulty);
  for (let n = startAt; n < startAt + 10_000; n++) {
    const nonce = nonceBytes(n);
    const hash = await monerod.rpc<string>('calc_pow', {
      major_version: prepared.header.majorVersion,
      height: t.height,
      block_blob: bytesToHex(writeNonce(hashing, nonce)),
      seed_hash: t.seedHash,
    });
    if (meetsDifficulty(hexToBytes(hash), difficulty) === (want === 'valid')) return nonce;
  }
  throw new Error(`no ${want} nonce found`);
}
