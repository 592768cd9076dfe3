/**
 * Several miners behind one NAT address (one network namespace, one IPv4 address, as a
 * gateway sees a NAT or CGNAT): the one sending invalid shares is banned (as that payout
 * address from that address) and told why on its next login, its neighbours keep mining,
 * the ban expires; malformed lines before login close the connection and throttle new
 * connections briefly, never banning anyone.
 */
import { type BanEntry, banKey } from '@rxpool/messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptEveryShare } from '../testing/fake-validator.js';
import { templateEvent, walletNumber } from '../testing/fixtures.js';
import { eventually, type GatewayHarness, startGatewayHarness } from '../testing/gateway-harness.js';
import { ClientHost } from '../testing/netns.js';
import type { RemoteClient } from '../testing/netns-client.js';

const GOOD_RESULT = `${'ab'.repeat(24)}${'00'.repeat(8)}`;
const LOW_RESULT = `${'ab'.repeat(24)}${'ff'.repeat(8)}`;
const BAN_MS = 3_000;
const ABUSER = walletNumber(1);
const [N1, N2, N3] = [walletNumber(2), walletNumber(3), walletNumber(4)];
let h: GatewayHarness;
let validator: Awaited<ReturnType<typeof acceptEveryShare>>;
const hosts: ClientHost[] = [];
let nonce = 0;

beforeAll(async () => {
  h = await startGatewayHarness(
    {
      STRATUM_HOST: '::',
      BAN_MIN_SHARES: '6',
      BAN_INVALID_RATIO: '0.5',
      BAN_DURATION_MS: String(BAN_MS),
      STRATUM_PRELOGIN_ERROR_LIMIT: '3',
      STRATUM_PRELOGIN_ERROR_HALF_LIFE_MS: '2000',
    },
    { template: templateEvent({ height: 100, id: 'nat' }) },
  );
  validator = await acceptEveryShare(h.bus);
});

afterAll(async () => {
  for (const made of hosts) made.remove();
  validator?.stop();
  await h?.stop();
});

async function natHost(
  label: string,
): Promise<{ nat: ClientHost; miner: (wallet: string) => Promise<RemoteClient> }> {
  const nat = await ClientHost.create(label);
  hosts.push(nat);
  const connect = () => nat.connect({ host: nat.addresses.gateway4, port: h.ports.plain });
  return {
    nat,
    miner: async (wallet) => {
      const client = await connect();
      await client.login({ login: wallet });
      return client;
    },
  };
}

async function mines(client: RemoteClient): Promise<boolean> {
  const outcome = await client.submit({
    nonce: (++nonce).toString(16).padStart(8, '0'),
    result: GOOD_RESULT,
  });
  return outcome.accepted;
}

describe('one NAT address, several miners', () => {
  it('bans the abuser alone, tells it why on its login, lets its neighbours mine, and the ban expires', async () => {
    const { nat, miner } = await natHost('nat');
    const natIp = nat.addresses.v4[0] ?? '';
    const neighbours = [await miner(N1), await miner(N2)];
    for (const n of neighbours) expect(await mines(n)).toBe(true);
    const abuser = await miner(ABUSER);
    const told = abuser.nextUnsolicited(10_000);
    for (let i = 0; i < 6; i++) {
      const outcome = await abuser.submit({
        nonce: (++nonce).toString(16).padStart(8, '0'),
        result: LOW_RESULT,
      });
      expect(outcome.accepted).toBe(false);
    }
    expect(await told).toMatchObject({
      id: null,
      error: {
        message: expect.stringMatching(
          /^your IP is banned until .*: too many invalid shares \(6 of 6\) from this payout address$/,
        ),
      },
    });
    await abuser.closed;

    const again = await nat.connect({ host: nat.addresses.gateway4, port: h.ports.plain });
    const reply = await again.request('login', { login: ABUSER, pass: 'x', agent: 'XMRig/6.22.0' });
    expect(reply.id).toBe(1);
    expect(reply.error?.message).toMatch(
      /^your IP is banned until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: too many invalid shares/,
    );
    await again.closed;

    for (const n of neighbours) {
      expect((await n.state()).isOpen).toBe(true);
      expect(await mines(n)).toBe(true);
    }
    expect(await mines(await miner(N3))).toBe(true); // a newcomer from the same address too
    const kv = await h.bus.jetstream.views.kv(h.names.buckets.bans);
    expect((await kv.get(banKey('miner', `${ABUSER}@${natIp}`)))?.json<BanEntry>()).toMatchObject({
      kind: 'miner',
      target: `${ABUSER}@${natIp}`,
      reason: 'too many invalid shares (6 of 6)',
    });
    expect(await kv.get(banKey('ip', natIp))).toBeNull();

    // BAN_DURATION_MS later the abuser may mine again (the expired entry, still in the bucket, is ignored).
    await eventually(async () => {
      const c = await nat.connect({ host: nat.addresses.gateway4, port: h.ports.plain });
      const r = await c.request('login', { login: ABUSER, pass: 'x', agent: 'x' });
      await c.destroy();
      return r.error === null;
    }, BAN_MS + 10_000);
    expect(await kv.get(banKey('miner', `${ABUSER}@${natIp}`))).not.toBeNull();
  });

  it('closes connections that send malformed lines before login and slows new ones briefly, banning no one', async () => {
    const { nat, miner } = await natHost('junk');
    const natIp = nat.addresses.v4[0] ?? '';
    const neighbours = [await miner(N1), await miner(N2)];
    // A malformed share before login: it used to count as an invalid share of the address.
    const junk = `${JSON.stringify({ id: 7, method: 'submit', params: { id: 'x', job_id: 'y', nonce: 'zz', result: GOOD_RESULT } })}\n`;
    const junkers = await Promise.all(
      [1, 2, 3].map(() => nat.connect({ host: nat.addresses.gateway4, port: h.ports.plain })),
    );
    const replies = junkers.map((c) => c.nextUnsolicited(5_000));
    await Promise.all(junkers.map((c) => c.sendRaw(junk)));
    for (const c of junkers) await c.closed;
    for (const reply of replies) {
      expect(await reply).toMatchObject({
        id: 7,
        error: { message: expect.stringMatching(/^Malformed nonce/) },
      });
    }
    const slowed = await nat.connect({ host: nat.addresses.gateway4, port: h.ports.plain });
    expect(await slowed.request('login', { login: N3, pass: 'x', agent: 'x' })).toMatchObject({
      id: 1,
      error: {
        message: expect.stringMatching(/^Too many requests, slow down: malformed requests from this address/),
      },
    });
    for (const n of neighbours) {
      expect((await n.state()).isOpen).toBe(true);
      expect(await mines(n)).toBe(true);
    }
    const kv = await h.bus.jetstream.views.kv(h.names.buckets.bans);
    expect(await kv.get(banKey('ip', natIp))).toBeNull();
    // The throttle decays (half-life 2 s): a newcomer gets in soon.
    await eventually(async () => {
      const c = await nat.connect({ host: nat.addresses.gateway4, port: h.ports.plain });
      const r = await c.request('login', { login: N3, pass: 'x', agent: 'x' });
      return r.error === null;
    }, 10_000);
  });
});
