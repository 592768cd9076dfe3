import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import { intParam, type Route, Router } from './router.js';

const route = (path: string): Route => ({
  path,
  maxAgeSeconds: 1,
  doc: { operationId: path, summary: '', response: 'X' },
  handle: async () => path,
});

describe('Router', () => {
  const router = new Router([
    route('/api/blocks'),
    route('/api/blocks/{height}/split'),
    route('/api/miners/{address}'),
  ]);

  it('matches templates segment by segment and decodes parameters', () => {
    expect(router.match('/api/blocks')?.route.path).toBe('/api/blocks');
    expect(router.match('/api/blocks/12/split')?.params).toEqual({ height: '12' });
    expect(router.match('/api/miners/4abc%2Bx')?.params).toEqual({ address: '4abc+x' });
    expect(router.match('/api/blocks/12')).toBeUndefined();
    expect(router.match('/api/miners/a/b')).toBeUndefined();
    expect(router.match('/api/blocksX')).toBeUndefined();
  });

  it('answers a malformed escape with a bad request', () => {
    expect(() => router.match('/api/miners/%E0%A4%A')).toThrow(ApiError);
  });
});

describe('intParam', () => {
  const p = { name: 'limit', description: '', minimum: 1, maximum: 100, default: 20 };
  it('takes the default, a number in range, and refuses anything else by name', () => {
    expect(intParam(new URLSearchParams(''), p)).toBe(20);
    expect(intParam(new URLSearchParams('limit=7'), p)).toBe(7);
    for (const bad of ['0', '101', '-1', '2.5', 'x', '1e2']) {
      expect(() => intParam(new URLSearchParams(`limit=${bad}`), p)).toThrow(
        /limit must be a whole number in 1\.\.100/,
      );
    }
  });
});
