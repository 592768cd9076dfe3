import type { BanEntry } from '@rxpool/messages';
import { Rejections } from '@rxpool/stratum';
import { describe, expect, it } from 'vitest';
import type { BanConfig, LimitsConfig } from '../config.js';
import { AbuseGuard } from './abuse-guard.js';
import { BanList } from './ban-list.js';
import { IpAllowlist, normalizeIp } from './ip-address.js';

const bans: BanConfig = { invalidRatio: 0.5, minShares: 10, durationMs: 60_000, allowlist: [] };
const limits = { loginBurst: 2, loginPerSecond: 1 } as LimitsConfig;

function guard(allow: string[] = []) {
  const published: BanEntry[] = [];
  const enforced: BanEntry[] = [];
  const counted: string[] = [];
  const list = new BanList();
  const g = new AbuseGuard(
    bans,
    limits,
    new IpAllowlist(allow),
    list,
    {
      countRejection: (r) => counted.push(r.key),
      countAccepted: () => counted.push('accepted'),
      publishBan: (e) => published.push(e),
      enforceBan: (e) => enforced.push(e),
    },
    () => 'gateway-test',
  );
  return { g, published, enforced, counted, list };
}

describe('AbuseGuard', () => {
  it('bans an IP whose invalid shares exceed the ratio once enough were seen', () => {
    const { g, published, enforced } = guard();
    for (let i = 0; i < 4; i++) g.accepted('10.0.0.1');
    for (let i = 0; i < 5; i++)
      expect(g.rejected('10.0.0.1', Rejections.LowDifficulty, 1_000)).toBeUndefined();
    const ban = g.rejected('10.0.0.1', Rejections.HashMismatch, 1_000); // 6 of 10 invalid
    expect(ban).toMatchObject({ kind: 'ip', target: '10.0.0.1', until: 61_000, by: 'gateway-test' });
    expect(published).toEqual([ban]);
    expect(enforced).toEqual([ban]);
    expect(g.ipBan('10.0.0.1', 2_000)).toEqual(ban);
    expect(g.ipBan('10.0.0.1', 61_001)).toBeUndefined();
    expect(g.ipBan('10.0.0.2', 2_000)).toBeUndefined();
  });

  it('does not count late shares or rate limits against a miner', () => {
    const { g, published, counted } = guard();
    for (let i = 0; i < 50; i++) g.rejected('10.0.0.1', Rejections.BlockExpired, 0);
    for (let i = 0; i < 50; i++) g.rejected('10.0.0.1', Rejections.RateLimited, 0);
    for (let i = 0; i < 50; i++) g.rejected('10.0.0.1', Rejections.Busy, 0);
    expect(published).toEqual([]);
    expect(counted.filter((k) => k === 'block_expired')).toHaveLength(50);
  });

  it('never bans nor limits an allowlisted IP', () => {
    const { g, published } = guard(['10.1.0.0/16']);
    for (let i = 0; i < 100; i++) g.rejected('10.1.2.3', Rejections.Duplicate, 0);
    expect(published).toEqual([]);
    expect([1, 2, 3, 4].every(() => g.allowLogin('10.1.2.3', 0))).toBe(true);
  });

  it('limits logins per IP with a token bucket', () => {
    const { g } = guard();
    expect([g.allowLogin('1.1.1.1', 0), g.allowLogin('1.1.1.1', 0), g.allowLogin('1.1.1.1', 0)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(g.allowLogin('2.2.2.2', 0)).toBe(true);
    expect(g.allowLogin('1.1.1.1', 1_000)).toBe(true);
  });

  it('applies bans from the shared bucket and forgets expired ones', () => {
    const { g, enforced, list } = guard();
    const entry: BanEntry = {
      kind: 'address',
      target: '4abc',
      reason: 'admin',
      until: 5_000,
      by: 'admin',
      createdAt: 0,
    };
    g.applyBan(entry, 1_000);
    expect(enforced).toEqual([entry]);
    expect(g.addressBan('4abc', 1_000)).toEqual(entry);
    g.decay(6_000);
    expect(list.size).toBe(0);
    const permanent = { ...entry, until: 0 };
    g.applyBan(permanent, 10_000);
    g.liftBan('addr.4abc');
    expect(g.addressBan('4abc', 10_000)).toBeUndefined();
  });

  it('lets old behaviour fade: counts halve on decay', () => {
    const { g, published } = guard();
    for (let i = 0; i < 9; i++) g.rejected('10.0.0.9', Rejections.Duplicate, 0);
    g.decay(60_000); // 4 of 4 left
    for (let i = 0; i < 10; i++) g.accepted('10.0.0.9');
    g.rejected('10.0.0.9', Rejections.Duplicate, 60_000); // 5 of 15
    expect(published).toEqual([]);
  });
});

describe('normalizeIp', () => {
  it('unwraps IPv4-mapped IPv6 addresses', () => {
    expect(normalizeIp('::ffff:127.0.0.5')).toBe('127.0.0.5');
    expect(normalizeIp('::1')).toBe('::1');
    expect(normalizeIp(undefined)).toBe('unknown');
  });
});
