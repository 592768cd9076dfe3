import { describe, expect, it } from 'vitest';
import { decodeAcceptedShares } from './accepted-share-batch.js';
import type { AcceptedShare } from './share-messages.js';

const share = (n: number): AcceptedShare => ({
  shareId: n.toString(16).padStart(24, '0'),
  miner: `4${'A'.repeat(94)}`,
  worker: 'rig',
  jobId: 'j1',
  templateId: '10-1',
  height: 10,
  reserved: '00'.repeat(16),
  nonce: '0000000a',
  scheme: 'pplns',
  jobDifficulty: 1000,
  hashDifficulty: '1500',
  networkDifficulty: '1000000',
  blockCandidate: false,
  hash: 'ab'.repeat(32),
  acceptedAt: 1_700_000_000_000 + n,
});

describe('decodeAcceptedShares', () => {
  it('reads a single share and a batch alike', () => {
    expect(decodeAcceptedShares(share(1))).toEqual({ shares: [share(1)], invalid: [] });
    expect(decodeAcceptedShares({ shares: [share(1), share(2)] }).shares).toEqual([share(1), share(2)]);
  });

  it('drops a malformed entry of a batch and keeps the rest', () => {
    const bad = { ...share(3), hash: 'nope' };
    const r = decodeAcceptedShares({ shares: [share(1), bad, share(2)] });
    expect(r.shares.map((s) => s.shareId)).toEqual([share(1).shareId, share(2).shareId]);
    expect(r.invalid).toHaveLength(1);
    expect(r.invalid[0]?.message).toMatch(/hash/);
  });

  it('refuses a batch whose shares are not a list', () => {
    expect(() => decodeAcceptedShares({ shares: 'x' })).toThrow(/shares must be an array/);
  });
});
