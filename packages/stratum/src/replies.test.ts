import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StratumJob } from './job.js';
import { StratumExtensions } from './methods.js';
import { Rejections } from './rejections.js';
import {
  banMessage,
  errorLine,
  errorMessageLine,
  getJobReplyLine,
  jobLine,
  keepalivedLine,
  loginOkLine,
  okLine,
  reconnectLine,
} from './replies.js';
import { parseLoginResult, parseServerMessage } from './server-messages.js';

const SESSION = '1be0b7b6-b15a-47be-a17d-46b2911cf7d0';
const job: StratumJob = {
  blob: '070780e6b9d60586ba419a0c224e3c6c3e134cc45c4fa04d8ee2d91c2595463c57eef0a4f0796c000000002fcc4d62fa6c77e76c30017c768be5c61d83ec9d3a085d524ba8053ecc3224660d',
  job_id: 'q7PLUPL25UV0z5Ij14IyMk8htXbj',
  target: 'b88d0600',
  algo: 'rx/0',
  height: 3195018,
  seed_hash: 'e2aa0b7b55042cd48b02e395d78fa66a29815ccc1584e38db2d1f0e8485cd44f',
};

function oneLine(line: string): unknown {
  expect(line.endsWith('\n')).toBe(true);
  expect(line.indexOf('\n')).toBe(line.length - 1);
  return JSON.parse(line);
}

describe('reply builders', () => {
  it('okLine and keepalivedLine are the seed document replies, byte for byte', () => {
    expect(okLine(2)).toBe('{"id":2,"jsonrpc":"2.0","error":null,"result":{"status":"OK"}}\n');
    expect(keepalivedLine(2)).toBe(
      '{"id":2,"jsonrpc":"2.0","error":null,"result":{"status":"KEEPALIVED"}}\n',
    );
    expect(oneLine(okLine('abc'))).toMatchObject({ id: 'abc' });
  });

  it('errorLine carries code and string message, with an optional detail and a null id', () => {
    expect(oneLine(errorLine(1, Rejections.InvalidAddress))).toEqual({
      id: 1,
      jsonrpc: '2.0',
      error: { code: -1, message: 'Invalid payment address provided' },
    });
    expect(oneLine(errorLine(2, Rejections.LowDifficulty))).toEqual({
      id: 2,
      jsonrpc: '2.0',
      error: { code: -1, message: 'Low difficulty share' },
    });
    expect(oneLine(errorLine(null, Rejections.InvalidJson))).toMatchObject({
      id: null,
      error: { code: -32700 },
    });
    const detailed = oneLine(errorLine(3, Rejections.InvalidParams, 'nonce "x\\n"')) as {
      error: { message: string };
    };
    expect(detailed.error.message).toBe('Invalid params: nonce "x\\n"');
  });

  it('loginOkLine has the seed shape plus XMRig job fields and extensions', () => {
    const extensions = [StratumExtensions.Algo, StratumExtensions.Keepalive];
    const line = loginOkLine(1, SESSION, { ...job, next_seed_hash: 'ab'.repeat(32) }, extensions);
    expect(oneLine(line)).toEqual({
      id: 1,
      jsonrpc: '2.0',
      error: null,
      result: { id: SESSION, job: { ...job, next_seed_hash: 'ab'.repeat(32) }, extensions, status: 'OK' },
    });
    const message = parseServerMessage(line);
    expect(message.kind).toBe('reply');
    if (message.kind === 'reply') {
      expect(parseLoginResult(message.result)).toEqual({
        sessionId: SESSION,
        job: { ...job, next_seed_hash: 'ab'.repeat(32) },
        extensions,
        status: 'OK',
      });
    }
  });

  it('jobLine is a notification without id', () => {
    const parsed = oneLine(jobLine(job)) as Record<string, unknown>;
    expect(parsed).toEqual({ jsonrpc: '2.0', method: 'job', params: job });
    expect('id' in parsed).toBe(false);
    expect(parseServerMessage(jobLine(job))).toEqual({ kind: 'job', job });
  });

  it('getJobReplyLine answers with the job as result', () => {
    expect(oneLine(getJobReplyLine(4, job))).toEqual({ id: 4, jsonrpc: '2.0', error: null, result: job });
  });

  it('reconnectLine sends host and port as two strings', () => {
    expect(oneLine(reconnectLine('pool.example', 3333))).toEqual({
      jsonrpc: '2.0',
      method: 'client.reconnect',
      params: ['pool.example', '3333'],
    });
    expect(parseServerMessage(reconnectLine('h', 1))).toEqual({ kind: 'reconnect', host: 'h', port: '1' });
  });

  it('round-trips any job through jobLine and the miner-side parser (property)', () => {
    const hex = (min: number, max: number) =>
      fc.uint8Array({ minLength: min, maxLength: max }).map((u) => Buffer.from(u).toString('hex'));
    const jobArb = fc.record(
      {
        blob: hex(43, 407),
        job_id: fc.string({ minLength: 1, maxLength: 40 }),
        target: fc.oneof(hex(4, 4), hex(8, 8)).filter((t) => !/^0+$/.test(t)),
        algo: fc.constant('rx/0'),
        height: fc.nat(),
        seed_hash: hex(32, 32),
        next_seed_hash: hex(32, 32),
      },
      { requiredKeys: ['blob', 'job_id', 'target', 'algo', 'height', 'seed_hash'] },
    );
    fc.assert(
      fc.property(jobArb, fc.oneof(fc.integer(), fc.string()), (j, id) => {
        expect(parseServerMessage(jobLine(j))).toEqual({ kind: 'job', job: j });
        const login = parseServerMessage(loginOkLine(id, 's', j, []));
        expect(login.kind === 'reply' && parseLoginResult(login.result).job).toEqual(j);
      }),
    );
  });
});

describe('ban replies', () => {
  it('say until when and why, on the request id, starting with the prefix XMRig reconnects on', () => {
    const message = banMessage(Date.UTC(2026, 11, 4, 20), 'too many invalid shares');
    expect(message).toBe('your IP is banned until 2026-12-04T20:00:00Z: too many invalid shares');
    expect(oneLine(errorMessageLine(1, Rejections.Banned, message))).toEqual({
      id: 1,
      jsonrpc: '2.0',
      error: { code: -1, message },
    });
    expect(banMessage(0, 'old entry')).toBe('your IP is banned until further notice: old entry');
  });
});
