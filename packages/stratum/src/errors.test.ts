import { describe, expect, it } from 'vitest';
import { FramingError, isFramingError, isStratumProtocolError, StratumProtocolError } from './errors.js';
import { parseRequest } from './parse-request.js';
import { Rejections } from './rejections.js';

describe('typed errors', () => {
  it('carry the rejection, the request id and a detail for logs', () => {
    const err = new StratumProtocolError(Rejections.MalformedNonce, 4, 'nonce must be 8 hex characters');
    expect(err.message).toBe('Malformed nonce: nonce must be 8 hex characters');
    expect(err.name).toBe('StratumProtocolError');
    expect(new StratumProtocolError(Rejections.Duplicate, null).message).toBe('Duplicate share');
    expect(isStratumProtocolError(err)).toBe(true);
    expect(isStratumProtocolError(new Error('x'))).toBe(false);
    const framing = new FramingError(8192);
    expect(framing.rejection).toBe(Rejections.LineTooLong);
    expect(isFramingError(framing)).toBe(true);
    expect(isFramingError(err)).toBe(false);
  });

  it('are all parseRequest raises on oversized and deeply nested input', () => {
    const huge = `{"id":1,"method":"submit","params":{"id":"${'a'.repeat(1 << 20)}"}}`;
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const deepParams = `{"id":1,"method":"login","params":{"login":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`;
    for (const line of [huge, deep, deepParams, '{'.repeat(100_000)]) {
      expect(() => parseRequest(line)).toThrow(StratumProtocolError);
    }
  });
});
