import { describe, expect, it } from 'vitest';
import { cryptoUnit, type TrustDecision, TrustPolicy, type TrustSettings } from './trust-policy.js';

const A = 'miner-a';
const B = 'miner-b';
const settings: TrustSettings = { after: 3, sampleRate: 0.25, maxUnverified: 4, maxMiners: 10 };

/** A policy whose draws are given: 0 samples the share, 0.99 lets it through. */
function policy(over: Partial<TrustSettings> = {}, draws: number[] = []) {
  const queue = [...draws];
  return new TrustPolicy({ ...settings, ...over }, () => queue.shift() ?? 0.99);
}

let n = 0;
const id = () => (++n).toString(16).padStart(24, '0');

/** Decides and, when verified, passes a good share: what an honest share does. */
function honest(p: TrustPolicy, miner = A, difficulty = 100): TrustDecision {
  const d = p.decide(miner, id(), 'pplns', false, difficulty);
  if (d.verify) p.passed(miner, d.ticket, difficulty);
  return d;
}

function earnTrust(p: TrustPolicy, miner = A, difficulty = 100): void {
  for (let i = 0; i < settings.after; i++)
    expect(honest(p, miner, difficulty)).toMatchObject({ why: 'untrusted' });
  expect(p.isTrusted(miner)).toBe(true);
}

describe('TrustPolicy', () => {
  it('verifies every share until a run of verified shares earns trust, then samples', () => {
    const p = policy({}, [0.99, 0.1, 0.99]);
    earnTrust(p);
    expect(p.trustedCount).toBe(1);
    expect(p.decide(A, 'x1', 'pplns', false, 100)).toEqual({ verify: false });
    expect(p.decide(A, 'x2', 'solo', false, 100)).toMatchObject({ verify: true, why: 'sampled' });
    expect(p.decide(A, 'x3', 'pplns', false, 100)).toEqual({ verify: false });
    expect(p.unverifiedOf(A)).toEqual(['x1', 'x3']);
  });

  it('always verifies PPS shares, block claims and difficulty above what the miner proved', () => {
    const p = policy();
    earnTrust(p, A, 100);
    expect(p.decide(A, id(), 'pps', false, 100)).toMatchObject({ verify: true, why: 'pps' });
    expect(p.decide(A, id(), 'pplns', true, 100)).toMatchObject({ verify: true, why: 'block' });
    const higher = p.decide(A, id(), 'pplns', false, 400);
    expect(higher).toMatchObject({ verify: true, why: 'difficulty' });
    if (higher.verify) p.passed(A, higher.ticket, 400);
    expect(p.decide(A, id(), 'pplns', false, 400)).toEqual({ verify: false });
    expect(p.decide(A, id(), 'pplns', false, 50)).toEqual({ verify: false });
  });

  it('verifies the next share once maxUnverified are on trust since the last verified one', () => {
    const p = policy();
    earnTrust(p);
    for (let i = 0; i < settings.maxUnverified; i++) expect(honest(p)).toEqual({ verify: false });
    expect(honest(p)).toMatchObject({ verify: true, why: 'cap' });
    expect(p.unverifiedOf(A)).toEqual([]);
    expect(honest(p)).toEqual({ verify: false });
  });

  it('counts the cap from the last share chosen for hashing, and bounds the list while hashes lag', () => {
    const p = policy();
    earnTrust(p);
    const pending: TrustDecision[] = [];
    // Every share chosen for hashing stays unhashed: the list to void only grows.
    for (let i = 0; i < 4 * (settings.maxUnverified + 1) + 3; i++)
      pending.push(p.decide(A, id(), 'pplns', false, 100));
    const whys = pending.map((d) => (d.verify ? d.why : 'trust'));
    expect(whys).toEqual([
      ...['trust', 'trust', 'trust', 'trust', 'cap'],
      ...['trust', 'trust', 'trust', 'trust', 'cap'],
      ...['trust', 'trust', 'trust', 'trust', 'cap'],
      ...['trust', 'trust', 'trust', 'trust', 'cap', 'cap', 'cap', 'cap'],
    ]);
    expect(p.unverifiedOf(A)).toHaveLength(4 * settings.maxUnverified);
    const last = pending.at(-1);
    if (last?.verify) p.passed(A, last.ticket, 100);
    expect(p.unverifiedOf(A)).toEqual([]);
  });

  it('a verified share clears only what was accepted on trust before it was decided', () => {
    const p = policy({}, [0.99, 0]);
    earnTrust(p);
    p.decide(A, 'before', 'pplns', false, 100);
    const sampled = p.decide(A, 'sampled', 'pplns', false, 100);
    expect(sampled.verify).toBe(true);
    // While it hashes, more shares are accepted on trust.
    p.decide(A, 'during-1', 'pplns', false, 100);
    p.decide(A, 'during-2', 'pplns', false, 100);
    if (sampled.verify) p.passed(A, sampled.ticket, 100);
    expect(p.unverifiedOf(A)).toEqual(['during-1', 'during-2']);
  });

  it('a bad share ends the trust and hands back what was accepted on trust since the last verified share', () => {
    const p = policy({}, [0.99, 0.99, 0.99, 0]);
    earnTrust(p);
    p.decide(A, 'f1', 'pplns', false, 100);
    p.decide(A, 'f1', 'pplns', false, 100); // a gateway retry of the same share
    p.decide(A, 'f2', 'pplns', false, 100);
    expect(p.decide(A, 'bad', 'pplns', false, 100)).toMatchObject({ verify: true, why: 'sampled' });
    expect(p.failed(A)).toEqual({ revoked: true, unverified: ['f1', 'f2'] });
    expect(p.isTrusted(A)).toBe(false);
    expect(p.trustedCount).toBe(0);
    // It starts again from nothing.
    expect(p.decide(A, id(), 'pplns', false, 100)).toMatchObject({ why: 'untrusted' });
  });

  it('a bad share of an untrusted miner only restarts its run', () => {
    const p = policy();
    honest(p);
    honest(p);
    expect(p.failed(A)).toEqual({ revoked: false, unverified: [] });
    honest(p);
    honest(p);
    expect(p.isTrusted(A)).toBe(false);
    honest(p);
    expect(p.isTrusted(A)).toBe(true);
  });

  it('follows a revocation from another replica', () => {
    const p = policy();
    earnTrust(p);
    honest(p);
    const ids = p.unverifiedOf(A);
    expect(ids).toHaveLength(1);
    expect(p.revoke(A)).toEqual(ids);
    expect(p.isTrusted(A)).toBe(false);
    expect(p.revoke(B)).toEqual([]);
  });

  it('leaves out a share whose publish failed, without upsetting a verified share decided after it', () => {
    const p = policy({}, [0.99, 0.99, 0]);
    earnTrust(p);
    p.decide(A, 'lost', 'pplns', false, 100);
    p.decide(A, 'kept', 'pplns', false, 100);
    const sampled = p.decide(A, 's', 'pplns', false, 100);
    p.unrecord(A, 'lost');
    p.decide(A, 'after', 'pplns', false, 100);
    expect(p.unverifiedOf(A)).toEqual(['kept', 'after']);
    if (sampled.verify) p.passed(A, sampled.ticket, 100);
    expect(p.unverifiedOf(A)).toEqual(['after']);
  });

  it('forgets the least recently seen miner beyond maxMiners', () => {
    const p = policy({ maxMiners: 2 });
    earnTrust(p, A);
    earnTrust(p, B);
    honest(p, A); // A is now the more recent
    earnTrust(p, 'miner-c');
    expect(p.size).toBe(2);
    expect(p.forgottenCount).toBe(1);
    expect(p.isTrusted(B)).toBe(false);
    expect(p.isTrusted(A)).toBe(true);
    expect(p.trustedCount).toBe(2);
  });

  it('a record forgotten while its share hashed keeps the new record whole', () => {
    const p = policy({ maxMiners: 1 });
    earnTrust(p, A);
    const d = p.decide(A, id(), 'pplns', true, 100);
    earnTrust(p, B); // forgets A
    honest(p, A);
    if (d.verify) p.passed(A, d.ticket, 100);
    expect(p.isTrusted(A)).toBe(false);
  });

  it('draws uniformly from the CSPRNG', () => {
    const draws = Array.from({ length: 20_000 }, cryptoUnit);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });
});
