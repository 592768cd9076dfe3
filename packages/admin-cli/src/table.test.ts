import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from './args.js';
import { hashrate, pairs, table, xmr } from './table.js';

describe('admin CLI formatting', () => {
  it('writes atomic units as exact XMR', () => {
    expect(xmr('0')).toBe('0');
    expect(xmr('1')).toBe('0.000000000001');
    expect(xmr('1500000000000')).toBe('1.5');
    expect(xmr('-3423600000')).toBe('-0.0034236');
    expect(xmr('123456789012345678901')).toBe('123456789.012345678901');
  });

  it('aligns columns, numbers to the right', () => {
    const t = table(
      ['NAME', 'XMR'],
      [
        ['a', '1.5'],
        ['longer', '10'],
      ],
    );
    expect(t.split('\n')).toEqual(['NAME    XMR', '------  ---', 'a       1.5', 'longer   10']);
    expect(table(['A'], [])).toBe('(none)');
    expect(
      pairs([
        ['a', '1'],
        ['long', '2'],
      ]),
    ).toBe('a:     1\nlong:  2');
    expect(hashrate(1234.5)).toBe('1.23 kH/s');
    expect(hashrate(12)).toBe('12 H/s');
  });
});

describe('admin CLI arguments', () => {
  it('takes flags, then the environment, then defaults', () => {
    const a = parseCliArgs(['payments', '--miner', 'x', '--limit', '5', '--json'], {
      RXPOOL_ADMIN_TOKEN: 't',
    });
    expect(a).toMatchObject({
      command: 'payments',
      miner: 'x',
      limit: 5,
      json: true,
      token: 't',
      addr: '127.0.0.1:50051',
    });
    expect(
      parseCliArgs(['stats', '--token', 'u', '--addr', 'h:1'], { RXPOOL_ADMIN_TOKEN: 't' }),
    ).toMatchObject({ token: 'u', addr: 'h:1' });
  });

  it('says what is wrong', () => {
    expect(() => parseCliArgs(['stats'], {})).toThrow(/token is required/);
    expect(() => parseCliArgs(['miners', '--limit', 'ten', '--token', 't'], {})).toThrow(
      /--limit takes a whole number/,
    );
    expect(() => parseCliArgs(['stats', '--bogus', '--token', 't'], {})).toThrow(UsageError);
    expect(() => parseCliArgs(['stats', '--token', 't', '--tls-cert', 'c'], {})).toThrow(/go together/);
  });
});
