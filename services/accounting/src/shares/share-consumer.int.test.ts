import { join } from 'node:path';
import { makeTestDir, type NatsInstance, startNats } from '@rxpool/devstack';
import { AckPolicy, connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDurableConsumer } from './share-consumer.js';

describe('ensureDurableConsumer (real nats-server)', () => {
  let nats: NatsInstance;
  let nc: NatsConnection;
  beforeAll(async () => {
    nats = await startNats({ dir: join(makeTestDir('acct-consumer'), 'nats') });
    nc = await connect({ servers: nats.url });
  });
  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  it('replaces a consumer of another ack policy at its ack floor: nothing acked comes back, nothing else is skipped', async () => {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: 'S', subjects: ['s.x'] });
    const js = nc.jetstream();
    for (let i = 1; i <= 10; i++) await js.publish('s.x', new TextEncoder().encode(String(i)));
    const spec = { stream: 'S', durable: 'd', filterSubject: 's.x', ackWaitMs: 30_000, maxAckPending: 100 };
    await ensureDurableConsumer(jsm, { ...spec, ackPolicy: AckPolicy.All });
    const c = await js.consumers.get('S', 'd');
    const four = await c.fetch({ max_messages: 4, expires: 2_000 });
    // AckAll with the 4th: the floor is 4; 5–10 were never acknowledged. ackAck waits
    // for the server to record it, so the floor read next is not a race.
    for await (const m of four) if (m.seq === 4) expect(await m.ackAck()).toBe(true);
    expect((await jsm.consumers.info('S', 'd')).ack_floor.stream_seq).toBe(4);

    await ensureDurableConsumer(jsm, { ...spec, ackPolicy: AckPolicy.Explicit });
    const info = await jsm.consumers.info('S', 'd');
    expect(info.config.ack_policy).toBe(AckPolicy.Explicit);
    const replaced = await js.consumers.get('S', 'd');
    const rest = await replaced.fetch({ max_messages: 10, expires: 2_000 });
    const after: number[] = [];
    for await (const m of rest) {
      after.push(m.seq);
      m.ack();
    }
    expect(after).toEqual([5, 6, 7, 8, 9, 10]);
  });
});
