/**
 * The shared bans bucket is bounded: it has a max age (a bucket made before bans expired
 * gets one), and a gateway starting up ignores the expired entries it replays.
 */
import { BANS_MAX_AGE_MS, openBansBucket } from '@rxpool/bus';
import { type BanEntry, banKey, encodeJson } from '@rxpool/messages';
import { createLogger } from '@rxpool/observability';
import { afterAll, describe, expect, it } from 'vitest';
import { templateEvent, WALLET } from '../testing/fixtures.js';
import { type GatewayHarness, startGatewayHarness, startNatsBus } from '../testing/gateway-harness.js';
import { BanSync } from './ban-sync.js';

const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

const ipBan = (target: string, until: number): BanEntry => ({
  kind: 'ip',
  target,
  reason: 'test',
  until,
  by: 'admin',
  createdAt: Date.now(),
});

describe('the bans bucket', () => {
  it('has a max age, also when it was made before bans expired', async () => {
    const { bus, nats } = await startNatsBus('bans-ttl');
    stops.push(async () => {
      await bus.close();
      await nats.stop();
    });
    const name = bus.names.buckets.bans;
    const old = await bus.jetstream.views.kv(name, { history: 1 });
    expect((await old.status()).ttl).toBe(0);
    await old.put('ip.10.0.0.1', encodeJson(ipBan('10.0.0.1', 0)));
    // A gateway opening it (as at start) gives it its max age.
    const sync = await BanSync.open(bus.jetstream, name, createLogger('test', 'silent'));
    await sync.stop();
    const kv = await bus.jetstream.views.kv(name);
    expect((await kv.status()).ttl).toBe(BANS_MAX_AGE_MS);
    expect((await kv.get('ip.10.0.0.1'))?.operation).toBe('PUT'); // kept until it ages out
  });

  it('is replayed at a gateway start without its expired entries', async () => {
    const h: GatewayHarness = await startGatewayHarness(
      {},
      {
        template: templateEvent({ height: 100, id: 'replay' }),
        beforeStart: async (bus) => {
          const kv = await openBansBucket(bus.jetstream, bus.names.buckets.bans);
          await kv.put(banKey('ip', '127.0.0.77'), encodeJson(ipBan('127.0.0.77', Date.now() - 1)));
          await kv.put(banKey('ip', '127.0.0.78'), encodeJson(ipBan('127.0.0.78', Date.now() + 600_000)));
        },
      },
    );
    stops.push(() => h.stop());
    const login = async (localAddress: string) => {
      const client = await h.connect({ localAddress });
      const reply = await client.request('login', { login: WALLET, pass: 'x', agent: 'x' });
      client.destroy();
      return reply.error?.message ?? 'OK';
    };
    expect(await login('127.0.0.77')).toBe('OK');
    expect(await login('127.0.0.78')).toMatch(/^your IP is banned until .*: test$/);
  });
});
