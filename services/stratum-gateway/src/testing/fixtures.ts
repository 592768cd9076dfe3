/** Test-only fixtures (not exported by the package). */

import { bytesToHex, encodeAddress, hexToBytes } from '@rxpool/cryptonote';
import type { TemplateEvent } from '@rxpool/messages';
import { randomHashes, withTxHashes } from '../../../../packages/cryptonote/src/testing/synthetic.js';
import { mainnetTemplate } from '../../../../packages/cryptonote/src/testing/vectors.js';

/** Mainnet standard address from monero's functional tests (regtest uses mainnet prefixes). */
export const WALLET =
  '42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfJJQAWDm';
export const TESTNET_WALLET =
  '9ujeXrjzf7bfeK3KZdCqnYaMwZVFuXemPU8Ubw335rj2FN1CdMiWNyFV3ksEfMFvRp9L9qum5UxkP5rN9aLcPxbH1au4WAB';

/** Another miner's mainnet address, one per `n` (arbitrary keys: the gateway checks the encoding). */
export function walletNumber(n: number): string {
  const key = (b: number) => new Uint8Array(32).fill(b & 0xff);
  return encodeAddress({ network: 'mainnet', kind: 'standard', spendKey: key(n), viewKey: key(n + 128) });
}

let sequence = 0;

/** A template event from the mainnet vector, optionally with `txs` extra transactions. */
export function templateEvent(options: { txs?: number; height?: number; id?: string } = {}): TemplateEvent {
  const t = mainnetTemplate();
  let blob = hexToBytes(t.blocktemplate_blob);
  if (options.txs !== undefined) blob = withTxHashes(blob, randomHashes(options.txs));
  sequence += 1;
  return {
    templateId: options.id ?? `${options.height ?? 3195018}-${sequence}`,
    height: options.height ?? 3195018,
    prevHash: t.prev_hash ?? '00'.repeat(32),
    seedHash: 'e2aa0b7b55042cd48b02e395d78fa66a29815ccc1584e38db2d1f0e8485cd44f',
    nextSeedHash: '',
    networkDifficulty: '283305047039',
    blob: bytesToHex(blob),
    reservedOffset: t.reserved_offset,
    reserveSize: t.reserve_size,
    expectedReward: '600000000000',
    createdAt: Date.now(),
  };
}
