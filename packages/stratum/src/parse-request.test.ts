import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StratumProtocolError } from './errors.js';
import { StratumMethods } from './methods.js';
import { isLogin, isSubmit, parseRequest } from './parse-request.js';
import { type Rejection, Rejections } from './rejections.js';

const SESSION = '1be0b7b6-b15a-47be-a17d-46b2911cf7d0';
const ADDRESS =
  '48edfHu7V9Z84YzzMa6fUueoELZ9ZRXq9VetWzYGzKt52XU5xvqgzYnDK9URnRoJMk1j8nLwEVsaSWJ4fhdUyZijBGUicoD';
const submit = {
  id: 2,
  jsonrpc: '2.0',
  method: 'submit',
  params: {
    id: SESSION,
    job_id: '4BiGm3/RgGQzgkTI/xV0smdA+EGZ',
    nonce: 'd0030040',
    result: 'e1364b8782719d7683e2ccd3d8f724bc59dfa780a9e960e7c0e0046acdb40100',
  },
};

function rejects(
  line: string,
  rejection: Rejection,
  requestId: number | string | null = null,
): StratumProtocolError {
  try {
    parseRequest(line);
  } catch (err) {
    expect(err).toBeInstanceOf(StratumProtocolError);
    const e = err as StratumProtocolError;
    expect(e.rejection).toBe(rejection);
    expect(e.requestId).toBe(requestId);
    return e;
  }
  throw new Error(`expected ${rejection.key} for ${line}`);
}

const withParams = (params: Record<string, unknown>) =>
  JSON.stringify({ ...submit, params: { ...submit.params, ...params } });

describe('parseRequest', () => {
  it('parses the seed document login, with and without XMRig fields', () => {
    const seed = {
      id: 1,
      jsonrpc: '2.0',
      method: 'login',
      params: { login: ADDRESS, pass: 'x', agent: 'XMRig/2.6.0-beta2 (Linux x86_64) libuv/1.8.0 gcc/5.4.0' },
    };
    expect(parseRequest(JSON.stringify(seed))).toEqual({
      method: StratumMethods.Login,
      id: 1,
      params: seed.params,
    });
    const xmrig = { ...seed, params: { ...seed.params, rigid: 'rig1', algo: ['rx/0', 'rx/wow'] } };
    const parsed = parseRequest(JSON.stringify(xmrig));
    expect(isLogin(parsed) && parsed.params).toEqual(xmrig.params);
    const bare = parseRequest('{"id":"a","method":"login","params":{"login":"w"}}');
    expect(bare).toEqual({ method: 'login', id: 'a', params: { login: 'w', pass: '', agent: '' } });
  });

  it('parses the seed document submit and lower-cases nonce and result', () => {
    const parsed = parseRequest(JSON.stringify(submit));
    expect(isSubmit(parsed)).toBe(true);
    expect(parsed).toEqual({ method: 'submit', id: 2, params: submit.params });
    const upper = parseRequest(
      withParams({ nonce: 'D0030040', result: submit.params.result.toUpperCase(), algo: 'rx/0' }),
    );
    expect(upper.params).toEqual({ ...submit.params, algo: 'rx/0' });
  });

  it('parses keepalived (seed document, without jsonrpc) and getjob', () => {
    expect(parseRequest(`{"id":2,"method":"keepalived","params":{"id":"${SESSION}"}}`)).toEqual({
      method: 'keepalived',
      id: 2,
      params: { id: SESSION },
    });
    expect(parseRequest(`{"id":3,"method":"getjob","params":{"id":"${SESSION}"}}`).method).toBe('getjob');
  });

  it('rejects what is not a JSON object, with no request id', () => {
    rejects('{"id":1,', Rejections.InvalidJson);
    rejects('', Rejections.InvalidJson);
    rejects('[1,2]', Rejections.InvalidRequest);
    rejects('null', Rejections.InvalidRequest);
    rejects('"submit"', Rejections.InvalidRequest);
  });

  it('requires a number or string id', () => {
    rejects('{"method":"submit","params":{}}', Rejections.MissingId);
    rejects('{"id":null,"method":"submit"}', Rejections.MissingId);
    rejects('{"id":{},"method":"submit"}', Rejections.MissingId);
    rejects(`{"id":"${'i'.repeat(129)}","method":"submit"}`, Rejections.MissingId);
  });

  it('names an unknown or missing method, keeping the id', () => {
    expect(
      rejects('{"id":7,"method":"mining.subscribe","params":[]}', Rejections.UnknownMethod, 7).detail,
    ).toContain('mining.subscribe');
    rejects('{"id":"x"}', Rejections.UnknownMethod, 'x');
    rejects('{"id":8,"method":"__proto__"}', Rejections.UnknownMethod, 8);
  });

  it('rejects wrong parameter types', () => {
    rejects('{"id":1,"method":"login"}', Rejections.InvalidParams, 1);
    rejects('{"id":1,"method":"login","params":[]}', Rejections.InvalidParams, 1);
    rejects('{"id":1,"method":"login","params":{"login":5}}', Rejections.InvalidParams, 1);
    rejects('{"id":1,"method":"login","params":{"login":""}}', Rejections.InvalidParams, 1);
    rejects(`{"id":1,"method":"login","params":{"login":"${'a'.repeat(257)}"}}`, Rejections.InvalidParams, 1);
    rejects('{"id":1,"method":"login","params":{"login":"a","pass":1}}', Rejections.InvalidParams, 1);
    rejects('{"id":1,"method":"login","params":{"login":"a","algo":"rx/0"}}', Rejections.InvalidParams, 1);
    rejects('{"id":1,"method":"login","params":{"login":"a","algo":[0]}}', Rejections.InvalidParams, 1);
    rejects('{"id":1,"method":"keepalived","params":{}}', Rejections.InvalidParams, 1);
    rejects('{"id":1,"method":"getjob","params":{"id":3}}', Rejections.InvalidParams, 1);
    rejects(withParams({ id: undefined }), Rejections.InvalidParams, 2);
    rejects(withParams({ algo: 0 }), Rejections.InvalidParams, 2);
  });

  it('checks submit fields precisely', () => {
    rejects(withParams({ job_id: undefined }), Rejections.MissingJobId, 2);
    rejects(withParams({ job_id: 12 }), Rejections.MissingJobId, 2);
    for (const nonce of ['d003004', 'd00300400', 'd003004g', '', 12345678, null]) {
      rejects(withParams({ nonce }), Rejections.MalformedNonce, 2);
    }
    for (const result of ['e1'.repeat(31), `${'e1'.repeat(32)}00`, `${'e1'.repeat(31)}zz`, 1]) {
      rejects(withParams({ result }), Rejections.MalformedResult, 2);
    }
  });

  it('round-trips any well-formed submit (property)', () => {
    const hex = (n: number) =>
      fc.uint8Array({ minLength: n, maxLength: n }).map((u) => Buffer.from(u).toString('hex'));
    const text = fc.string({ minLength: 1, maxLength: 100 });
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.string({ maxLength: 128 })),
        text,
        text,
        hex(4),
        hex(32),
        (id, session, jobId, nonce, result) => {
          const line = JSON.stringify({
            id,
            method: 'submit',
            params: { id: session, job_id: jobId, nonce, result },
          });
          expect(parseRequest(line)).toEqual({
            method: 'submit',
            id,
            params: { id: session, job_id: jobId, nonce, result },
          });
        },
      ),
    );
  });

  it('throws only StratumProtocolError on random, truncated or reshaped input (property)', () => {
    const line = JSON.stringify(submit);
    const onlyTyped = (input: string) => {
      try {
        parseRequest(input);
      } catch (err) {
        expect(err).toBeInstanceOf(StratumProtocolError);
      }
    };
    fc.assert(fc.property(fc.string({ maxLength: 200 }), onlyTyped));
    fc.assert(fc.property(fc.nat(line.length), (n) => onlyTyped(line.slice(0, n))));
    fc.assert(fc.property(fc.json(), onlyTyped));
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(StratumMethods)),
        fc.jsonValue(),
        fc.jsonValue(),
        (method, id, params) => onlyTyped(JSON.stringify({ id, method, params })),
      ),
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('id', 'job_id', 'nonce', 'result', 'algo', 'login'), fc.jsonValue()),
        (p) => onlyTyped(withParams(p)),
      ),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (u) => onlyTyped(Buffer.from(u).toString('utf8'))),
    );
  });
});
