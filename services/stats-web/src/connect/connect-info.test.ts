import { describe, expect, it } from 'vitest';
import { connectInfo, xmrigCommand } from './connect-info.js';

const FP = 'ab'.repeat(32);

describe('connect info', () => {
  it('builds the XMRig lines for the first plain and TLS port', () => {
    const info = connectInfo(
      { host: 'pool.example', ports: [3333, 5555], tlsPorts: [3334], tlsFingerprint: FP },
      'mainnet',
    );
    expect(info.xmrig.plain).toBe(
      'xmrig -o pool.example:3333 -u YOUR_MONERO_ADDRESS -p WORKER_NAME --coin monero',
    );
    expect(info.xmrig.tls).toBe(
      `xmrig -o pool.example:3334 -u YOUR_MONERO_ADDRESS -p WORKER_NAME --coin monero --tls --tls-fingerprint ${FP}`,
    );
    expect(info).toMatchObject({
      host: 'pool.example',
      ports: [3333, 5555],
      tlsFingerprint: FP,
      network: 'mainnet',
    });
  });

  it('leaves the host to the page when none is configured, and drops what is not there', () => {
    const info = connectInfo({ host: '', ports: [3333], tlsPorts: [], tlsFingerprint: '' }, 'testnet');
    expect(info.host).toBeNull();
    expect(info.tlsFingerprint).toBeNull();
    expect(info.xmrig.plain).toContain('-o POOL_HOST:3333');
    expect(info.xmrig.tls).toBeNull();
  });

  it('brackets IPv6 hosts and omits an unknown fingerprint', () => {
    expect(xmrigCommand({ host: '::1', port: 3334, miner: 'A', worker: 'w', tls: true })).toBe(
      'xmrig -o [::1]:3334 -u A -p w --coin monero --tls',
    );
  });
});
