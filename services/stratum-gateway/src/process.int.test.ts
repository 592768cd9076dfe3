/**
 * The compiled gateway as a process with two cluster workers: each leases its own
 * instance id, the primary reports health and metrics for both, and SIGTERM stops
 * accepting, lets an in-flight submit get its validator answer, then closes every
 * miner's connection (so miners reconnect elsewhere). Build first (npm run build).
 */
import { join } from 'node:path';
import { type NatsBus } from '@rxpool/bus';
import { freePort, type NatsInstance, type ServiceProcess, waitFor } from '@rxpool/devstack';
import { decodeJson, decodeValidateRequest, encodeJson } from '@rxpool/messages';
import { StratumClient } from '@rxpool/stratum-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateEvent, WALLET } from './testing/fixtures.js';
import { startNatsBus } from './testing/gateway-harness.js';
import { gatewayEnv, startServiceProcess } from './testing/service-process.js';

const GOOD_RESULT = `${'ab'.repeat(24)}${'00'.repeat(8)}`;

let dir: string;
let nats: NatsInstance;
let bus: NatsBus;
let gateway: ServiceProcess;
let port: number;
let healthPort: number;
let namespace: string;

beforeAll(async () => {
  ({ dir, nats, bus, namespace } = await startNatsBus('gateway-process'));
  await bus.jetstream.publish(bus.names.subjects.template, encodeJson(templateEvent({ height: 7 })));
  port = await freePort();
  gateway = await startServiceProcess('stratum-gateway', {
    dir,
    natsUrl: nats.url,
    namespace,
    env: gatewayEnv(port, join(dir, 'state'), { GATEWAY_WORKERS: '2', VALIDATE_TIMEOUT_MS: '10000' }),
  });
  healthPort = gateway.spec.healthPort;
  await gateway.waitReady();
});

afterAll(async () => {
  await gateway?.stop();
  await bus?.close();
  await nats?.stop();
});

describe('gateway process', () => {
  it('runs two workers, each with its own instance id, behind one health endpoint', async () => {
    const health = (await (await fetch(`http://127.0.0.1:${healthPort}/health`)).json()) as {
      dependencies: Record<string, { ok: boolean }>;
    };
    expect(Object.keys(health.dependencies).sort()).toEqual(['worker-0', 'worker-1']);
    const prefixes = new Set<string>();
    const clients: StratumClient[] = [];
    for (let i = 0; i < 8; i++) {
      const client = await StratumClient.connect({ host: '127.0.0.1', port });
      const { job } = await client.login({ login: WALLET });
      prefixes.add(job.job_id.slice(0, 8));
      clients.push(client);
    }
    expect(prefixes.size).toBe(2);
    const leases = await bus.jetstream.views.kv(bus.names.buckets.gatewayInstances);
    for (const prefix of prefixes) expect(await leases.get(prefix)).not.toBeNull();
    await waitFor(
      'aggregated metrics',
      async () =>
        /stratum_miners\S* 8\b/.test(await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text()),
      10_000,
      200,
    );
    await Promise.all(clients.map((c) => c.close()));
  });

  it('on SIGTERM answers the in-flight submit, closes every connection, accepts no new ones', async () => {
    const client = await StratumClient.connect({ host: '127.0.0.1', port, replyTimeoutMs: 20_000 });
    await client.login({ login: WALLET });
    const idle = await StratumClient.connect({ host: '127.0.0.1', port });
    await idle.login({ login: `${WALLET}.idle` });

    // A validator that takes its time (and says busy: no fake acceptance here).
    let received: (() => void) | undefined;
    const arrived = new Promise<void>((resolve) => {
      received = resolve;
    });
    const sub = bus.connection.subscribe(bus.names.subjects.validate, {
      queue: bus.names.queueGroups.validators,
    });
    void (async () => {
      for await (const m of sub) {
        const req = decodeJson(m.data, decodeValidateRequest);
        received?.();
        setTimeout(
          () => m.respond(encodeJson({ ok: false, shareId: req.shareId, reason: 'busy', message: 'slow' })),
          1_500,
        );
      }
    })();

    await bus.connection.flush(); // the subscription is on the server before the share goes out
    const submit = client.submit({ nonce: '01020304', result: GOOD_RESULT });
    await arrived;
    const stopping = gateway.stop(30_000);
    const outcome = await submit;
    if (outcome.accepted) throw new Error('accepted by a busy validator');
    expect(outcome.error.message).toMatch(/^Server busy/);
    await client.closed;
    await idle.closed;
    await stopping;
    sub.unsubscribe();
    await expect(
      StratumClient.connect({ host: '127.0.0.1', port, connectTimeoutMs: 2_000 }),
    ).rejects.toThrow();
  });
});
