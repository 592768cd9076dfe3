/**
 * "Server busy, retry" in the real gateway service, answered by a validator over NATS
 * that is busy on demand: the retry of the same share is judged afresh, and busy
 * answers, however many, never bring a ban.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateEvent, WALLET } from '../testing/fixtures.js';
import { type GatewayHarness, startGatewayHarness } from '../testing/gateway-harness.js';
import { GOOD_RESULT } from '../testing/unit-gateway.js';
import { acceptAll, serveValidations } from '../testing/validator-stub.js';

let h: GatewayHarness;
/** Share ids the validator is busy for, and how many more times; every other share is accepted. */
const busyFor = new Map<string, number>();
let asked: string[];

beforeAll(async () => {
  h = await startGatewayHarness(
    { BAN_MIN_SHARES: '6', BAN_INVALID_RATIO: '0.5' },
    { template: templateEvent({ height: 100, id: 'first' }) },
  );
  asked = await serveValidations(h, (shareId) => {
    const busy = busyFor.get(shareId) ?? 0;
    if (busy === 0) return acceptAll(shareId);
    busyFor.set(shareId, busy - 1);
    return { ok: false, shareId, reason: 'busy', message: 'queue full' };
  });
});

afterAll(async () => {
  await h?.stop();
});

describe('busy answers', () => {
  it('judge the retry of a share afresh, and never count toward a ban', async () => {
    const client = await h.connect({ localAddress: '127.0.0.21' });
    const login = await client.login({ login: WALLET });
    const shareOf = (nonce: string) => `${login.job.job_id}${nonce}`;

    busyFor.set(shareOf('01000000'), 1);
    const first = await client.submit({ nonce: '01000000', result: GOOD_RESULT });
    if (first.accepted) throw new Error('accepted while the validator was busy');
    expect(first.error.message).toMatch(/^Server busy, retry/);
    expect(await client.submit({ nonce: '01000000', result: GOOD_RESULT })).toMatchObject({ accepted: true });
    expect(asked).toEqual([shareOf('01000000'), shareOf('01000000')]);

    // Far past BAN_MIN_SHARES of busy answers, each share retried while still busy.
    for (let i = 0; i < 15; i++) {
      const nonce = `${(0x10 + i).toString(16)}000000`;
      busyFor.set(shareOf(nonce), 2);
      for (const _try of [1, 2]) {
        const outcome = await client.submit({ nonce, result: GOOD_RESULT });
        if (outcome.accepted) throw new Error('accepted while the validator was busy');
        expect(outcome.error.message).toMatch(/^Server busy, retry/);
      }
    }
    expect(client.isOpen).toBe(true);
    expect(await client.submit({ nonce: '02000000', result: GOOD_RESULT })).toMatchObject({ accepted: true });
    // No ban of any kind was stored for every gateway.
    const bans = await h.bus.jetstream.views.kv(h.names.buckets.bans);
    const keys: string[] = [];
    for await (const key of await bans.keys()) keys.push(key);
    expect(keys).toEqual([]);
    await client.close();
  });
});
