import { describe, expect, it } from 'vitest';
import { connectionCap, openFileLimit } from './open-file-limit.js';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            20000                40000                files
`;

describe('the per-process connection cap', () => {
  it('reads the soft open-file limit', () => {
    expect(openFileLimit(LIMITS)).toBe(20_000);
    expect(openFileLimit('Max open files  unlimited  unlimited  files')).toBeUndefined();
    expect(typeof openFileLimit()).toBe('number'); // this machine's
  });

  it('is the configured number, else the limit less a reserve', () => {
    expect(connectionCap(5_000, 20_000)).toBe(5_000);
    expect(connectionCap(0, 20_000)).toBe(19_488);
    expect(connectionCap(0, 256)).toBe(64);
    expect(connectionCap(0, undefined)).toBe(100_000);
  });
});
