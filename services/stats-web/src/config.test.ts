import { ConfigError, loadConfig } from '@rxpool/config';
import { describe, expect, it } from 'vitest';
import { readStatsWebConfig } from './config.js';

const DB = 'postgres://postgres@127.0.0.1:5432/rxpool';

describe('stats-web config', () => {
  it('has defaults for everything but the database', () => {
    const c = loadConfig(readStatsWebConfig, { DATABASE_URL: DB });
    expect(c.common.healthPort).toBe(9105);
    expect(c.http).toEqual({
      host: '0.0.0.0',
      port: 8080,
      trustProxy: false,
      ratePerSecond: 5,
      rateBurst: 40,
    });
    expect(c.stratum).toEqual({ host: '', ports: [3333], tlsPorts: [3334], tlsFingerprint: '' });
    expect(c.pool).toEqual({
      name: 'rxpool',
      feeBasisPoints: 0,
      defaultScheme: 'pplns',
      pplnsK: '2',
      payoutThreshold: 100_000_000_000n,
      unlockDepth: 60,
    });
  });

  it('reads the pool facts as the writers spell them', () => {
    const c = loadConfig(readStatsWebConfig, {
      DATABASE_URL: DB,
      POOL_FEE_PERCENT: '1.5',
      STRATUM_DEFAULT_SCHEME: 'solo',
      STRATUM_PUBLIC_PORTS: '3333,5555',
      STRATUM_PUBLIC_TLS_PORTS: 'none',
      STRATUM_TLS_FINGERPRINT: 'AB:'.repeat(31).concat('AB'),
    });
    expect(c.pool.feeBasisPoints).toBe(150);
    expect(c.pool.defaultScheme).toBe('solo');
    expect(c.stratum).toMatchObject({ ports: [3333, 5555], tlsPorts: [], tlsFingerprint: 'ab'.repeat(32) });
  });

  it('names every bad variable in one error', () => {
    const read = () =>
      loadConfig(readStatsWebConfig, {
        DATABASE_URL: DB,
        WEB_PORT: 'x',
        STRATUM_PUBLIC_PORTS: '3333,70000',
        STRATUM_TLS_FINGERPRINT: 'abc',
        STRATUM_TLS_CERT_FILE: '/nonexistent/cert.pem',
        POOL_FEE_PERCENT: '200',
        PPLNS_K: '0',
      });
    expect(read).toThrow(ConfigError);
    const message = (() => {
      try {
        read();
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    })();
    for (const name of [
      'WEB_PORT',
      'STRATUM_PUBLIC_PORTS',
      'STRATUM_TLS_FINGERPRINT',
      'POOL_FEE_PERCENT',
      'PPLNS_K',
    ]) {
      expect(message).toContain(name);
    }
    expect(() => loadConfig(readStatsWebConfig, {})).toThrow(/DATABASE_URL/);
  });
});
