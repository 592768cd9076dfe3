/**
 * PROXY protocol on the stratum ports: a load balancer in its own network namespace
 * (trusted by CIDR) sends v1 and v2 headers, plain and TLS, IPv4 and IPv6, and the
 * miners behind it are limited and banned under their own addresses; a header from a
 * host not trusted, or none from the balancer, closes the connection.
 */

import { type BanEntry, banKey } from '@rxpool/messages';
import { PROXY_V2_SIGNATURE, proxyV1Header, proxyV2Header } from '@rxpool/stratum';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptEveryShare } from '../testing/fake-validator.js';
import { templateEvent, WALLET, walletNumber } from '../testing/fixtures.js';
import { type GatewayHarness, startGatewayHarness } from '../testing/gateway-harness.js';
import { ClientHost } from '../testing/netns.js';

const LOW_RESULT = `${'ab'.repeat(24)}${'ff'.repeat(8)}`;
const TLS = { rejectUnauthorized: false };
const login = { login: WALLET, pass: 'x', agent: 'test' };
let h: GatewayHarness;
let lb: ClientHost;
let direct: ClientHost;
let validator: Awaited<ReturnType<typeof acceptEveryShare>> | undefined;

beforeAll(async () => {
  lb = await ClientHost.create('lb');
  direct = await ClientHost.create('direct');
  h = await startGatewayHarness(
    {
      STRATUM_HOST: '::',
      STRATUM_PROXY_PROTOCOL: 'true',
      STRATUM_PROXY_TRUSTED_CIDRS: `${lb.addresses.v4[0]}/32,${lb.addresses.v6[0]?.[0]}/128`,
      STRATUM_MAX_CONNECTIONS_PER_IP: '2',
      BAN_MIN_SHARES: '3',
      STRATUM_TLS_HANDSHAKE_TIMEOUT_MS: '2000',
    },
    { template: templateEvent({ height: 100, id: 'proxy' }) },
  );
  validator = await acceptEveryShare(h.bus);
});

afterAll(async () => {
  lb?.remove();
  direct?.remove();
  validator?.stop();
  await h?.stop();
});

const client = (address: string, port: number) => ({ address, port });
const plain = () => ({ address: lb.addresses.gateway4, port: h.ports.plain });
/** A connection through the balancer: its header, then the miner's bytes (over IPv6 with `v6`). */
const viaLb = (header: Buffer, tls = false, v6 = false) =>
  lb.connect({
    host: v6 ? lb.addresses.gateway6 : lb.addresses.gateway4,
    ...(v6 ? { localAddress: lb.addresses.v6[0]?.[0] } : {}),
    port: tls ? h.ports.tls : h.ports.plain,
    preamble: header,
    ...(tls ? { tls: TLS } : {}),
  });

describe('PROXY protocol from a trusted balancer', () => {
  it('v1: limits and bans each miner under the address in the header, not the balancer', async () => {
    const from = (ip: string) => proxyV1Header(client(ip, 40_000), plain());
    for (let i = 0; i < 2; i++)
      expect(await (await viaLb(from('198.51.100.7'))).login(login)).toMatchObject({ status: 'OK' });
    const third = await viaLb(from('198.51.100.7'));
    expect(await third.request('login', login)).toMatchObject({
      id: 1,
      error: { message: 'Too many connections: 2 open from this address' },
    });
    expect(await (await viaLb(from('198.51.100.8'))).login(login)).toMatchObject({ status: 'OK' });

    const abuser = await viaLb(from('203.0.113.9'));
    await abuser.login({ login: walletNumber(9) });
    for (let i = 0; i < 3; i++) await abuser.submit({ nonce: `5000000${i}`, result: LOW_RESULT });
    await abuser.closed;
    const kv = await h.bus.jetstream.views.kv(h.names.buckets.bans);
    expect((await kv.get(banKey('miner', `${walletNumber(9)}@203.0.113.9`)))?.json<BanEntry>()).toMatchObject(
      {
        kind: 'miner',
      },
    );
    expect(await kv.get(banKey('ip', lb.addresses.v4[0] ?? ''))).toBeNull();
    const elsewhere = await viaLb(from('203.0.113.10'));
    expect(await elsewhere.login({ login: walletNumber(9) })).toMatchObject({ status: 'OK' });
  });

  it('v2 over TLS and IPv6: the client is grouped by its /64; LOCAL (a health check) speaks for the balancer', async () => {
    const tlsPort = { address: lb.addresses.gateway6, port: h.ports.tls };
    const from = (ip: string) => proxyV2Header(client(ip, 50_000), client('2001:db8::1', tlsPort.port));
    for (const ip of ['2001:db8:7:7::1', '2001:db8:7:7::2']) {
      expect(await (await viaLb(from(ip), true, true)).login(login)).toMatchObject({ status: 'OK' });
    }
    const sameSlash64 = await viaLb(from('2001:db8:7:7:ffff::3'), true, true);
    expect(await sameSlash64.request('login', login)).toMatchObject({
      id: 1,
      error: { message: expect.stringMatching(/^Too many connections/) },
    });
    const local = Buffer.concat([PROXY_V2_SIGNATURE, Buffer.from([0x20, 0x00, 0x00, 0x00])]);
    expect(await (await viaLb(local, true, true)).login(login)).toMatchObject({ status: 'OK' });
  });

  it('refuses a connection from the balancer without a header, or with a broken one', async () => {
    const gw = { host: lb.addresses.gateway4, port: h.ports.plain };
    const bare = await lb.raw({
      ...gw,
      data: Buffer.from(`${JSON.stringify({ id: 1, method: 'login', params: login })}\n`),
    });
    expect((await bare.closed).received).toBe('');
    const broken = await lb.raw({ ...gw, data: Buffer.from('PROXY TCP4 999.1.1.1 10.0.0.1 1 2\r\n') });
    expect((await broken.closed).received).toBe('');
  });
});

describe('a host that is not trusted', () => {
  it('is closed on a PROXY header, plain or TLS, and served without one', async () => {
    const header = proxyV1Header(client('192.0.2.1', 1), plain());
    const v4 = direct.addresses.gateway4;
    const spoofPlain = await direct.raw({ host: v4, port: h.ports.plain, data: header });
    expect((await spoofPlain.closed).received).toBe('');
    const v2 = proxyV2Header(client('192.0.2.1', 1), plain());
    const spoofTls = await direct.raw({ host: v4, port: h.ports.tls, data: v2 });
    expect((await spoofTls.closed).received).toBe('');
    const honest = await direct.connect({ host: v4, port: h.ports.plain });
    expect(await honest.login(login)).toMatchObject({ status: 'OK' });
    const honestTls = await direct.connect({ host: v4, port: h.ports.tls, tls: TLS });
    expect(await honestTls.login(login)).toMatchObject({ status: 'OK' });
  });
});
