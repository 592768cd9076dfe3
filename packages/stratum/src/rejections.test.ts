import { describe, expect, it } from 'vitest';
import { makesMinerReconnect, Rejections } from './rejections.js';

describe('Rejections', () => {
  const all = Object.values(Rejections);

  it('has unique metric keys, integer codes and non-empty messages', () => {
    expect(new Set(all.map((r) => r.key)).size).toBe(all.length);
    for (const r of all) {
      expect(r.key).toMatch(/^[a-z][a-z_]*$/);
      expect(Number.isInteger(r.code)).toBe(true);
      expect(r.message.length).toBeGreaterThan(0);
      expect(Object.isFrozen(r)).toBe(true);
    }
  });

  it('uses the wording miners and reference pools know', () => {
    expect(Rejections.InvalidAddress.message).toBe('Invalid payment address provided');
    expect(Rejections.LowDifficulty.message).toBe('Low difficulty share');
    expect(Rejections.Duplicate.message).toBe('Duplicate share');
    expect(Rejections.InvalidJobId.message).toBe('Invalid job id');
    expect(Rejections.BlockExpired.message).toBe('Block expired');
    expect(Rejections.Unauthenticated.message).toBe('Unauthenticated');
    expect(Rejections.Banned.message).toBe('your IP is banned');
    expect(Rejections.Busy.message).toBe('Server busy, retry');
    expect(Rejections.InvalidShare.message).toBe('Invalid share');
  });

  it('only unknown job, unknown session and a ban make XMRig reconnect', () => {
    const reconnecting = all.filter((r) => makesMinerReconnect(r.message)).map((r) => r.key);
    expect(reconnecting.sort()).toEqual(['banned', 'invalid_job_id', 'unauthenticated']);
    expect(makesMinerReconnect('IP Address currently banned for 10 minutes')).toBe(true);
    expect(makesMinerReconnect('INVALID JOB ID')).toBe(true);
    expect(makesMinerReconnect('Stale share')).toBe(false);
  });
});
