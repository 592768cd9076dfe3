import { type BanEntry, banKey } from '@rxpool/messages';
import { Rejections } from '@rxpool/stratum';
import { describe, expect, it } from 'vitest';
import type { BanConfig, LimitsConfig } from '../config.js';
import { AbuseGuard, type GuardedPeer } from './abuse-guard.js';
import { BanList } from './ban-list.js';
import { addressGroup, normalizeIp } from './ip-address.js';
import { PreloginThrottle } from './prelogin-throttle.js';

const bans: BanConfig = { invalidRatio: 0.5, minShares: 10, durationMs: 60_000, allowlist: [] };
const limits = { loginBurst: 2, loginPerSecond: 1 } as LimitsConfig;
const A = '4abc';
const B = '4def';

function guard() {
  const published: BanEntry[] = [];
  const enforced: BanEntry[] = [];
  const counted: string[] = [];
  const list = new BanList((ip) => addressGroup(ip, 64));
  const throttle = new PreloginThrottle(3, 10_000);
  const g = new AbuseGuard(
    bans,
    limits,
    list,
    throttle,
    {
      countRejection: (r) => counted.push(r.key),
      countAccepted: () => counted.push('accepted'),
      publishBan: (e) => published.push(e),
      enforceBan: (e) => enforced.push(e),
    },
    () => 'gateway-test',
  );
  return { g, published, enforced, counted, list, throttle };
}

const peer = (group: string, address?: string, allowlisted = false): GuardedPeer => ({
  group,
  allowlisted,
  miner: address === undefined ? undefined : { address },
});

describe('AbuseGuard', () => {
  it('bans one miner from one address group, not its neighbours behind the same address', () => {
    const { g, published, enforced } = guard();
    const abuser = peer('203.0.113.7', A);
    const neighbour = peer('203.0.113.7', B);
    for (let i = 0; i < 4; i++) g.accepted(abuser);
    for (let i = 0; i < 20; i++) g.accepted(neighbour);
    for (let i = 0; i < 5; i++) expect(g.rejected(abuser, Rejections.LowDifficulty, 1_000)).toBeUndefined();
    const ban = g.rejected(abuser, Rejections.HashMismatch, 1_000); // 6 of 10 invalid
    expect(ban).toEqual({
      kind: 'miner',
      target: `${A}@203.0.113.7`,
      reason: 'too many invalid shares (6 of 10)',
      until: 61_000,
      by: 'gateway-test',
      createdAt: 1_000,
    });
    expect(published).toEqual([ban]);
    expect(enforced).toEqual([ban]);
    expect(g.loginBan(A, abuser, 2_000)).toEqual(ban);
    expect(g.loginBan(B, neighbour, 2_000)).toBeUndefined();
    expect(g.loginBan(A, peer('198.51.100.1'), 2_000)).toBeUndefined(); // elsewhere
    expect(g.groupBan(abuser, 2_000)).toBeUndefined();
    expect(g.loginBan(A, abuser, 61_001)).toBeUndefined();
  });

  it('counts nothing before login toward a ban: it feeds the throttle instead', () => {
    const { g, published, counted, throttle } = guard();
    const stranger = peer('203.0.113.8');
    for (let i = 0; i < 100; i++) g.rejected(stranger, Rejections.MalformedNonce, 0);
    expect(published).toEqual([]);
    expect(counted.filter((k) => k === 'malformed_nonce')).toHaveLength(100);
    for (let i = 0; i < 3; i++) g.preloginGarbage(stranger, 0);
    expect(g.throttled(stranger, 0)).toBe(true);
    expect(g.throttled(peer('203.0.113.9'), 0)).toBe(false);
    expect(throttle.score('203.0.113.8', 10_000)).toBeCloseTo(1.5);
    expect(g.throttled(stranger, 10_001)).toBe(false);
  });

  it('does not count late shares or rate limits against a miner', () => {
    const { g, published, counted } = guard();
    const miner = peer('10.0.0.1', A);
    for (let i = 0; i < 50; i++) g.rejected(miner, Rejections.BlockExpired, 0);
    for (let i = 0; i < 50; i++) g.rejected(miner, Rejections.RateLimited, 0);
    for (let i = 0; i < 50; i++) g.rejected(miner, Rejections.Busy, 0);
    expect(published).toEqual([]);
    expect(counted.filter((k) => k === 'block_expired')).toHaveLength(50);
  });

  it('never bans, throttles nor limits an allowlisted peer', () => {
    const { g, published } = guard();
    const friend = peer('10.1.2.3', A, true);
    for (let i = 0; i < 100; i++) g.rejected(friend, Rejections.Duplicate, 0);
    for (let i = 0; i < 100; i++) g.preloginGarbage(friend, 0);
    expect(published).toEqual([]);
    expect(g.throttled(friend, 0)).toBe(false);
    expect([1, 2, 3, 4].every(() => g.allowLogin(friend, 0))).toBe(true);
  });

  it('limits logins per address group with a token bucket', () => {
    const { g } = guard();
    const one = peer(addressGroup('2001:db8:1:2::5', 64));
    const sameSlash64 = peer(addressGroup('2001:db8:1:2::6', 64));
    expect([g.allowLogin(one, 0), g.allowLogin(sameSlash64, 0), g.allowLogin(one, 0)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(g.allowLogin(peer(addressGroup('2001:db8:1:3::5', 64)), 0)).toBe(true);
    expect(g.allowLogin(one, 1_000)).toBe(true);
  });

  it('applies bans from the shared bucket by group, ignores expired ones and lifts by bucket key', () => {
    const { g, enforced, list } = guard();
    const admin = (kind: BanEntry['kind'], target: string, until: number): BanEntry => ({
      kind,
      target,
      reason: 'admin',
      until,
      by: 'admin',
      createdAt: 0,
    });
    const v6 = admin('ip', '2001:db8:1:2::99', 5_000);
    g.applyBan(v6, 1_000);
    expect(enforced).toEqual([v6]);
    expect(g.groupBan(peer('2001:db8:1:2::/64'), 1_000)).toEqual(v6);
    expect(g.scope(v6)).toEqual({ group: '2001:db8:1:2::/64' });
    g.applyBan(admin('address', A, 500), 1_000); // expired on arrival
    expect(enforced).toHaveLength(1);
    expect(g.loginBan(A, peer('10.0.0.1'), 1_000)).toBeUndefined();
    g.decay(6_000);
    expect(list.size).toBe(0);
    const old = admin('address', A, 0); // before bans expired: until the bucket drops it
    g.applyBan(old, 10_000);
    expect(g.loginBan(A, peer('10.0.0.1'), 10_000)).toEqual(old);
    g.liftBan(banKey('address', A));
    expect(g.loginBan(A, peer('10.0.0.1'), 10_000)).toBeUndefined();
    expect(g.scope(admin('miner', `${A}@10.0.0.1`, 0))).toEqual({ address: A, group: '10.0.0.1' });
    // An operator's miner ban may name any address of the /64.
    g.applyBan(admin('miner', `${A}@2001:db8:1:2::7`, 20_000), 10_000);
    expect(g.loginBan(A, peer('2001:db8:1:2::/64'), 10_000)).toMatchObject({ kind: 'miner' });
    expect(g.scope(admin('miner', `${A}@2001:db8:1:2::7`, 0))).toEqual({
      address: A,
      group: '2001:db8:1:2::/64',
    });
  });

  it('lets old behaviour fade: counts halve on decay', () => {
    const { g, published } = guard();
    const miner = peer('10.0.0.9', A);
    for (let i = 0; i < 9; i++) g.rejected(miner, Rejections.Duplicate, 0);
    g.decay(60_000); // 4 of 4 left
    for (let i = 0; i < 10; i++) g.accepted(miner);
    g.rejected(miner, Rejections.Duplicate, 60_000); // 5 of 15
    expect(published).toEqual([]);
  });
});

describe('address groups', () => {
  it('unwraps IPv4-mapped IPv6 and drops zone ids', () => {
    expect(normalizeIp('::ffff:127.0.0.5')).toBe('127.0.0.5');
    expect(normalizeIp('::FFFF:10.0.0.1')).toBe('10.0.0.1');
    expect(normalizeIp('fe80::1%eth0')).toBe('fe80::1');
    expect(normalizeIp('::1')).toBe('::1');
    expect(normalizeIp(undefined)).toBe('unknown');
  });

  it('counts IPv4 per address, IPv6 per prefix (64 unless configured), mapped IPv4 as IPv4', () => {
    expect(addressGroup('203.0.113.7', 64)).toBe('203.0.113.7');
    expect(addressGroup('2001:db8:1:2:aaaa::1', 64)).toBe('2001:db8:1:2::/64');
    expect(addressGroup('2001:DB8:1:2:bbbb::2', 64)).toBe('2001:db8:1:2::/64');
    expect(addressGroup('2001:db8:1:3::1', 64)).toBe('2001:db8:1:3::/64');
    expect(addressGroup('2001:db8:1:2ff::1', 56)).toBe('2001:db8:1:200::/56');
    expect(addressGroup('2001:db8::1', 128)).toBe('2001:db8::1');
    expect(addressGroup('::ffff:203.0.113.7', 64)).toBe('203.0.113.7');
    expect(addressGroup('unknown', 64)).toBe('unknown');
  });
});
