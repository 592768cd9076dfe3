import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatDifficulty,
  formatHashrate,
  formatPercent,
  formatTime,
  formatXmr,
  shortHex,
} from './format.js';

describe('dashboard formats', () => {
  it('shows XMR from atomic units without rounding up', () => {
    expect(formatXmr('0')).toBe('0.000000 XMR');
    expect(formatXmr('1999999999999')).toBe('1.999999 XMR');
    expect(formatXmr('1234000000000000')).toBe('1,234.000000 XMR');
    expect(formatXmr('-5000000000')).toBe('-0.005000 XMR');
    expect(formatXmr('123456789012', 12)).toBe('0.123456789012 XMR');
  });

  it('scales hashrates and difficulties', () => {
    expect(formatHashrate(0)).toBe('0 H/s');
    expect(formatHashrate(12)).toBe('12.0 H/s');
    expect(formatHashrate(1234.5)).toBe('1.23 kH/s');
    expect(formatHashrate(305_200_000)).toBe('305 MH/s');
    expect(formatDifficulty('340282366920938463463374607431768211455')).toMatch(/^\d+(\.\d+)? E$/);
    expect(formatDifficulty('2400')).toBe('2.40 k');
  });

  it('shows times, ages, hashes and percentages', () => {
    expect(formatTime(Date.UTC(2026, 10, 24, 5, 41, 33))).toBe('2026-11-24 05:41');
    expect(formatAgo(0, 59_000)).toBe('59 s ago');
    expect(formatAgo(0, 3_599_000)).toBe('59 min ago');
    expect(formatAgo(0, 7_200_000)).toBe('2 h ago');
    expect(formatAgo(0, 3 * 86_400_000)).toBe('3 d ago');
    expect(shortHex('ab'.repeat(32))).toBe('abababab…abababab');
    expect(shortHex('abcd')).toBe('abcd');
    expect(formatPercent(30)).toBe('30 %');
    expect(formatPercent(12.3456)).toBe('12.35 %');
    expect(formatPercent(0.1234)).toBe('0.1234 %');
  });
});
