import { describe, expect, it } from 'vitest';
import { fillCommand, shellQuote } from './commands.js';

const P = { host: 'POOL_HOST', miner: 'YOUR_MONERO_ADDRESS', worker: 'WORKER_NAME' };
const T = 'xmrig -o POOL_HOST:3333 -u YOUR_MONERO_ADDRESS -p WORKER_NAME --coin monero';

describe('fillCommand', () => {
  it('puts in the host, address and worker', () => {
    expect(fillCommand(T, P, { host: 'pool.example', miner: ' 4abc ', worker: 'rig 1' })).toBe(
      'xmrig -o pool.example:3333 -u 4abc -p rig_1 --coin monero',
    );
  });

  it('keeps the placeholders for what is not given', () => {
    expect(fillCommand(T, P, { host: 'h', miner: '', worker: '' })).toBe(
      'xmrig -o h:3333 -u YOUR_MONERO_ADDRESS -p WORKER_NAME --coin monero',
    );
  });

  it('shell-quotes every value it puts in', () => {
    expect(fillCommand(T, P, { host: '[::1]', miner: "4a'$(id)`x`", worker: 'rig;rm -rf ~' })).toBe(
      `xmrig -o '[::1]':3333 -u '4a'\\''$(id)\`x\`' -p 'rig;rm_-rf_~' --coin monero`,
    );
  });
});

describe('shellQuote', () => {
  it('leaves a word without shell meaning alone and single-quotes anything else', () => {
    expect(shellQuote('42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbB')).toBe(
      '42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbB',
    );
    expect(shellQuote('solo:4abc+50000')).toBe('solo:4abc+50000');
    for (const meta of [
      'a b',
      'a;b',
      'a&b',
      'a|b',
      '$HOME',
      'a`b`',
      'a*',
      'a?',
      '~a',
      'a>b',
      'a\nb',
      '[a]',
      '',
    ]) {
      expect([meta, shellQuote(meta)]).toEqual([meta, `'${meta}'`]);
    }
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});
