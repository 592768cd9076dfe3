import { describe, expect, it } from 'vitest';
import { fillCommand } from './commands.js';

const P = { host: 'POOL_HOST', address: 'YOUR_MONERO_ADDRESS', worker: 'WORKER_NAME' };
const T = 'xmrig -o POOL_HOST:3333 -u YOUR_MONERO_ADDRESS -p WORKER_NAME --coin monero';

describe('fillCommand', () => {
  it('puts in the host, address and worker', () => {
    expect(fillCommand(T, P, { host: 'pool.example', address: ' 4abc ', worker: 'rig 1' })).toBe(
      'xmrig -o pool.example:3333 -u 4abc -p rig_1 --coin monero',
    );
  });

  it('keeps the placeholders for what is not given', () => {
    expect(fillCommand(T, P, { host: 'h', address: '', worker: '' })).toBe(
      'xmrig -o h:3333 -u YOUR_MONERO_ADDRESS -p WORKER_NAME --coin monero',
    );
  });
});
