import { ConfigError, loadConfig } from '@rxpool/config';
import { describe, expect, it } from 'vitest';
import { RESERVE_SIZE, readJobManagerConfig } from './config.js';

const wallet =
  '42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfJJQAWDm';

describe('readJobManagerConfig', () => {
  it('reads daemons in priority order, the login and the defaults', () => {
    const c = loadConfig(readJobManagerConfig, {
      MONEROD_URLS: 'http://a:18081/, http://b:18081',
      MONEROD_RPC_LOGIN: 'pool:pa:ss',
      MONEROD_ZMQ_URL: 'tcp://a:18083',
      POOL_WALLET_ADDRESS: wallet,
    });
    expect(c.monerodUrls).toEqual(['http://a:18081', 'http://b:18081']);
    expect(c.monerodLogin).toEqual({ user: 'pool', password: 'pa:ss' });
    expect(c.zmqUrl).toBe('tcp://a:18083');
    expect(c.reserveSize).toBe(RESERVE_SIZE);
    expect(c.templateRefreshMs).toBe(10_000);
    expect(c.common.healthPort).toBe(9103);
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig(readJobManagerConfig, {
        MONEROD_URLS: 'ftp://a',
        MONEROD_RPC_LOGIN: 'nocolon',
        MONEROD_ZMQ_URL: 'http://a:1',
        POOL_WALLET_ADDRESS: wallet,
        MONERO_NETWORK: 'testnet',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['MONEROD_URLS', 'MONEROD_RPC_LOGIN', 'MONEROD_ZMQ_URL', 'POOL_WALLET_ADDRESS']) {
      expect(message).toContain(name);
    }
  });

  it('requires the pool wallet', () => {
    expect(() => loadConfig(readJobManagerConfig, {})).toThrow(/POOL_WALLET_ADDRESS is required/);
  });
});
