import { describe, expect, it } from 'vitest';
import { ConfigError, EnvReader } from './env-reader.js';
import { loadConfig } from './load-config.js';

describe('EnvReader', () => {
  it('reads typed values and falls back to defaults', () => {
    const env = new EnvReader({ PORT: '4000', ON: 'yes', LIST: 'a, b,,c' });
    expect(env.port('PORT', 1)).toBe(4000);
    expect(env.port('MISSING', 1)).toBe(1);
    expect(env.bool('ON', false)).toBe(true);
    expect(env.list('LIST', [])).toEqual(['a', 'b', 'c']);
    env.done();
  });

  it('names every bad variable in one line', () => {
    const read = (e: EnvReader) => ({
      a: e.port('STRATUM_PORT', 1),
      b: e.url('DATABASE_URL', undefined, ['postgres']),
    });
    let error: unknown;
    try {
      loadConfig(read, { STRATUM_PORT: 'abc', DATABASE_URL: 'http://x' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain('STRATUM_PORT="abc" must be a TCP port');
    expect(message).toContain('DATABASE_URL="http://x" must use postgres://');
  });

  it('rejects out-of-bounds integers and unknown enum values', () => {
    const env = new EnvReader({ N: '5', M: 'blue' });
    env.int('N', 0, { max: 3 });
    env.oneOf('M', ['red', 'green'] as const, 'red');
    expect(() => env.done()).toThrow(/N="5" must be ≤ 3.*M="blue" must be one of red, green/);
  });
});
