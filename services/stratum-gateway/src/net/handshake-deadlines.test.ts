import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HandshakeDeadlines } from './handshake-deadlines.js';

describe('HandshakeDeadlines', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('expires each item at its own deadline, in accept order, with one timer', () => {
    const expired: string[] = [];
    const d = new HandshakeDeadlines<string>(1_000, (s) => expired.push(`${s}@${Date.now()}`));
    d.add('a');
    vi.advanceTimersByTime(300);
    d.add('b');
    d.add('c');
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(699);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['a@1000']);
    vi.advanceTimersByTime(300);
    expect(expired).toEqual(['a@1000', 'b@1300', 'c@1300']);
    expect(d.pending).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    d.add('d');
    vi.advanceTimersByTime(1_000);
    expect(expired.at(-1)).toBe('d@2300');
  });

  it('keeps up with many items and stops cleanly', () => {
    let n = 0;
    const d = new HandshakeDeadlines<number>(100, () => n++);
    for (let i = 0; i < 5_000; i++) {
      d.add(i);
      if (i % 10 === 0) vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(100);
    expect(n).toBe(5_000);
    d.add(1);
    d.stop();
    vi.advanceTimersByTime(1_000);
    expect(n).toBe(5_000);
  });
});
