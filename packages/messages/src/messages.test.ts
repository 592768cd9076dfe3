import { describe, expect, it } from 'vitest';
import { decodeJson, encodeJson, MessageError } from './decode.js';
import { messageNames } from './names.js';
import { decodeValidateReply, decodeValidateRequest, type ValidateRequest } from './share-messages.js';

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
    expect(() => messageNames('a.b')).toThrow();
  });
});
