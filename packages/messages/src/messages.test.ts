import { describe, expect, it } from 'vitest';
import { type ChainHeader, decodeChainHeaderReply } from './block-messages.js';
import { decodeJson, encodeJson, MessageError } from './decode.js';
import { messageNames } from './names.js';
import {
  type AcceptedShare,
  decodeAcceptedShare,
  decodeSharesVoided,
  decodeTrustRevoked,
  decodeValidateReply,
  decodeValidateRequest,
  type SharesVoided,
  shareVerified,
  type TrustRevoked,
  type ValidateRequest,
} from './share-messages.js';

const request: ValidateRequest = {
  shareId: '00000001000000020a0b0c0d',
  miner: '42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfJJQAWDm',
  worker: 'rig1',
  jobId: 'j1',
  templateId: '10-1',
  height: 10,
  reserved: '0000000100000002',
  nonce: '0a0b0c0d',
  scheme: 'pplns',
  hashingBlob: '10'.repeat(76),
  seedHash: 'ab'.repeat(32),
  result: 'cd'.repeat(32),
  jobDifficulty: 1000,
  networkDifficulty: '340282366920938463463374607431768211455',
  receivedAt: 1,
};

describe('messages', () => {
  it('round-trips a validate request through JSON', () => {
    expect(decodeJson(encodeJson(request), decodeValidateRequest)).toEqual(request);
  });

  it('reads the optional hashing time of a validate reply', () => {
    const ok = { ok: true, shareId: 'a', blockCandidate: false, hashDifficulty: '7' };
    expect(decodeValidateReply(ok)).toEqual(ok);
    expect(decodeValidateReply({ ...ok, hashMicros: 6800 })).toEqual({ ...ok, hashMicros: 6800 });
    expect(() => decodeValidateReply({ ...ok, hashMicros: -1 })).toThrow(MessageError);
  });

  it('names the field that is wrong', () => {
    expect(() => decodeValidateRequest({ ...request, nonce: 'xyz' })).toThrow(MessageError);
    expect(() => decodeValidateRequest({ ...request, jobDifficulty: 0 })).toThrow(/jobDifficulty/);
    expect(() => decodeJson(new TextEncoder().encode('{'), decodeValidateRequest)).toThrow(/not valid JSON/);
  });

  it('namespaces subjects, streams and buckets', () => {
    const plain = messageNames();
    const ns = messageNames('t1');
    expect(plain.subjects.sharesAccepted).toBe('shares.accepted.v1');
    expect(ns.subjects.sharesAccepted).toBe('t1.shares.accepted.v1');
    expect(ns.streams.shares).toBe('SHARES_T1');
    expect(ns.buckets.bans).toBe('miners_bans_t1');
    expect(plain.subjects.sharesVoided).toBe('shares.voided.v1');
    expect(plain.subjects.trustRevoked).toBe('validator.trust.revoked.v1');
    expect(ns.subjects.sharesVoided).toBe('t1.shares.voided.v1');
    expect(() => messageNames('a.b')).toThrow();
  });
});

describe('sampled-trust messages', () => {
  const { hashingBlob: _b, seedHash: _s, result, receivedAt: _r, ...identity } = request;
  const share: AcceptedShare = {
    ...identity,
    jobDifficulty: 1000,
    hashDifficulty: '1500',
    networkDifficulty: '1000000',
    blockCandidate: false,
    hash: result,
    acceptedAt: 1,
  };

  it('reads an accepted share without `verified` as verified, and keeps an explicit false', () => {
    const plain = decodeJson(encodeJson(share), decodeAcceptedShare);
    expect(plain).toEqual(share);
    expect(shareVerified(plain)).toBe(true);
    const onTrust = decodeJson(encodeJson({ ...share, verified: false }), decodeAcceptedShare);
    expect(onTrust.verified).toBe(false);
    expect(shareVerified(onTrust)).toBe(false);
    expect(shareVerified(decodeAcceptedShare({ ...share, verified: true }))).toBe(true);
    expect(() => decodeAcceptedShare({ ...share, verified: 'no' })).toThrow(/verified/);
  });

  it('round-trips SharesVoided and checks every id', () => {
    const voided: SharesVoided = {
      miner: request.miner,
      reason: 'hash_mismatch on share 00000001000000030a0b0c0d',
      shareIds: ['00000001000000020a0b0c0d', '00000001000000020a0b0c0e'],
      detectedAt: 1_700_000_000_000,
    };
    expect(decodeJson(encodeJson(voided), decodeSharesVoided)).toEqual(voided);
    expect(decodeSharesVoided({ ...voided, shareIds: [] }).shareIds).toEqual([]);
    expect(() => decodeSharesVoided({ ...voided, shareIds: 'x' })).toThrow(/shareIds must be an array/);
    expect(() => decodeSharesVoided({ ...voided, shareIds: ['nope'] })).toThrow(/shareIds\[0\]/);
    expect(() => decodeSharesVoided({ ...voided, miner: 'x' })).toThrow(MessageError);
    expect(() => decodeSharesVoided({ ...voided, detectedAt: -1 })).toThrow(/detectedAt/);
  });

  it('round-trips TrustRevoked', () => {
    const revoked: TrustRevoked = {
      miner: request.miner,
      shareId: '00000001000000030a0b0c0d',
      reason: 'hash_mismatch',
      replica: '9f3a02c1',
      revokedAt: 5,
    };
    expect(decodeJson(encodeJson(revoked), decodeTrustRevoked)).toEqual(revoked);
    expect(() => decodeTrustRevoked({ ...revoked, replica: '' })).toThrow(/replica/);
    expect(() => decodeTrustRevoked({ ...revoked, shareId: 'z' })).toThrow(/shareId/);
  });
});

describe('chain header messages', () => {
  const header: ChainHeader = {
    height: 10,
    hash: 'ab'.repeat(32),
    prevHash: 'cd'.repeat(32),
    depth: 3,
    orphan: false,
    reward: '600000000000',
    timestamp: 1_700_000_000,
    networkDifficulty: '340282366920938463463374607431768211455',
  };

  it('round-trips a header, and reads the `difficulty` of a job-manager from before the rename', () => {
    expect(decodeJson(encodeJson({ ok: true, header }), decodeChainHeaderReply)).toEqual({
      ok: true,
      header,
    });
    const { networkDifficulty, ...older } = header;
    expect(decodeChainHeaderReply({ ok: true, header: { ...older, difficulty: networkDifficulty } })).toEqual(
      {
        ok: true,
        header,
      },
    );
    expect(() => decodeChainHeaderReply({ ok: true, header: older })).toThrow(/difficulty/);
  });
});
