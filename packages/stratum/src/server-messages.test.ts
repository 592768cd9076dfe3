import { describe, expect, it } from 'vitest';
import { parseJob, parseLoginResult, parseServerMessage, ServerMessageError } from './server-messages.js';

const job = {
  blob: `${'07'.repeat(39)}00000000${'0d'.repeat(33)}`,
  job_id: 'j1',
  target: '711b0d00',
  algo: 'rx/0',
  height: 5,
  seed_hash: 'ab'.repeat(32),
};

describe('parseServerMessage (XMRig dispatch)', () => {
  it('takes an integer id as a reply, error first', () => {
    expect(parseServerMessage('{"id":2,"jsonrpc":"2.0","error":null,"result":{"status":"OK"}}')).toEqual({
      kind: 'reply',
      id: 2,
      error: null,
      result: { status: 'OK' },
    });
    expect(
      parseServerMessage('{"id":3,"jsonrpc":"2.0","error":{"code":-1,"message":"Duplicate share"}}'),
    ).toEqual({
      kind: 'reply',
      id: 3,
      error: { code: -1, message: 'Duplicate share' },
      result: null,
    });
    expect(
      parseServerMessage('{"id":null,"jsonrpc":"2.0","error":{"code":-32700,"message":"Invalid JSON"}}'),
    ).toMatchObject({ kind: 'reply', id: null });
  });

  it('refuses what XMRig refuses', () => {
    expect(() => parseServerMessage('{"id":1}')).toThrow(ServerMessageError);
    expect(() => parseServerMessage(' {"id":1,"result":{"status":"OK"}}')).toThrow(/22 characters/);
    expect(() => parseServerMessage('{"id":1,"jsonrpc":"2.0","result":{}')).toThrow(/JSON/);
    expect(() => parseServerMessage('{"id":1,"error":{"code":-1,"message":5}}')).toThrow(/error.message/);
    expect(() => parseServerMessage('{"id":1,"error":{"message":"no code"}}')).toThrow(/error.code/);
    expect(() => parseServerMessage('{"jsonrpc":"2.0","method":"mining.notify","params":{}}')).toThrow(
      /notification/,
    );
    expect(() =>
      parseServerMessage('{"jsonrpc":"2.0","method":"client.reconnect","params":["h",1]}'),
    ).toThrow(/reconnect/);
    expect(() => parseServerMessage('[{"id":1,"result":{"status":"OK"}}]')).toThrow(ServerMessageError);
  });

  it('takes a job notification even with a string id', () => {
    const line = JSON.stringify({ id: 'x', jsonrpc: '2.0', method: 'job', params: job });
    expect(parseServerMessage(line)).toEqual({ kind: 'job', job });
  });
});

describe('parseJob', () => {
  const bad = (patch: Record<string, unknown>, field: RegExp) =>
    expect(() => parseJob({ ...job, ...patch })).toThrow(field);

  it('accepts a well-formed job and an empty next_seed_hash', () => {
    expect(parseJob(job)).toEqual(job);
    expect(parseJob({ ...job, next_seed_hash: '' })).toEqual(job);
    expect(parseJob({ ...job, next_seed_hash: 'cd'.repeat(32) }).next_seed_hash).toBe('cd'.repeat(32));
  });

  it('holds each field to XMRig rules', () => {
    bad({ job_id: '' }, /job_id/);
    bad({ blob: 'abc' }, /job.blob/);
    bad({ blob: '00'.repeat(42) }, /43\.\.407/);
    bad({ blob: '00'.repeat(408) }, /43\.\.407/);
    bad({ target: '711b0d' }, /job.target/);
    bad({ target: '00000000' }, /zero/);
    bad({ algo: undefined }, /job.algo/);
    bad({ height: -1 }, /job.height/);
    bad({ height: 1.5 }, /job.height/);
    bad({ seed_hash: 'ab' }, /job.seed_hash/);
    bad({ next_seed_hash: 'ab' }, /next_seed_hash/);
    expect(() => parseJob(null)).toThrow(/job must be an object/);
  });
});

describe('parseLoginResult', () => {
  it('needs a string session id and a job; extensions default to none', () => {
    expect(parseLoginResult({ id: 's', job, status: 'OK' })).toEqual({
      sessionId: 's',
      job,
      extensions: [],
      status: 'OK',
    });
    expect(() => parseLoginResult({ id: 1, job })).toThrow(/result.id/);
    expect(() => parseLoginResult({ id: 's' })).toThrow(/job/);
    expect(() => parseLoginResult({ id: 's', job, extensions: [1] })).toThrow(/extensions/);
  });
});
