import { parseJobId } from '@rxpool/share-id';
/**
 * The job counter wrapping in the real gateway service, with an 8-bit counter and the
 * instance id leased in NATS KV: no job goes out under the spent id, work resumes under
 * the new lease, and no share id repeats across the wrap.
 */
import type { StratumJob } from '@rxpool/stratum';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateEvent, WALLET } from '../testing/fixtures.js';
import { type GatewayHarness, startGatewayHarness } from '../testing/gateway-harness.js';
import { GOOD_RESULT } from '../testing/unit-gateway.js';
import { serveValidations } from '../testing/validator-stub.js';

let h: GatewayHarness;
/** The share ids the validator was asked about (it accepts every one). */
let shareIds: string[];

beforeAll(async () => {
  h = await startGatewayHarness(
    { STRATUM_JOB_COUNTER_BITS: '8', STRATUM_SUBMIT_BURST: '10000' },
    { template: templateEvent({ height: 100, id: 'first' }) },
  );
  shareIds = await serveValidations(h);
});

afterAll(async () => {
  await h?.stop();
});

describe('job counter wrap (8 bits)', () => {
  it('waits for the new lease instead of reusing the spent instance id', async () => {
    const client = await h.connect();
    const login = await client.login({ login: WALLET });
    const first = parseJobId(login.job.job_id);
    if (first === undefined) throw new Error('not a job id of ours');
    expect(first.counter).toBe(0);
    expect((await client.submit({ nonce: '01000000', result: GOOD_RESULT })).accepted).toBe(true);

    // The job the new lease brings every miner; asked for before the counter runs out.
    const pushed = client.nextJob(15_000);
    // Pipelined, so most are handled before any lease could be renewed in between.
    const replies = await Promise.all(
      Array.from({ length: 300 }, () => client.request('getjob', { id: login.sessionId })),
    );
    const job: StratumJob = await pushed;
    const fresh = parseJobId(job.job_id);
    expect(fresh?.instanceId).not.toBe(first.instanceId);

    const handed = [login.job.job_id];
    for (const reply of replies) {
      if (reply.error === null) handed.push((reply.result as StratumJob).job_id);
      else expect(reply.error.message).toMatch(/^Server busy, retry: no work available/);
    }
    handed.push(job.job_id);
    expect(new Set(handed).size).toBe(handed.length);
    const named = handed.map((id) => parseJobId(id));
    const underFirst = named.filter((n) => n?.instanceId === first.instanceId).map((n) => n?.counter);
    expect(underFirst).toEqual([...Array(256).keys()]);
    // Every other job is under the new id, its counter fresh from 0.
    const underNew = named.filter((n) => n?.instanceId !== first.instanceId);
    expect(underNew.every((n) => n?.instanceId === fresh?.instanceId)).toBe(true);
    expect(underNew.map((n) => n?.counter).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([
      ...Array(underNew.length).keys(),
    ]);

    const leases = await h.bus.jetstream.views.kv(h.names.buckets.gatewayInstances);
    expect(await leases.get(job.job_id.slice(0, 8))).not.toBeNull();

    expect(
      (await client.submit({ job_id: job.job_id, nonce: '01000000', result: GOOD_RESULT })).accepted,
    ).toBe(true);
    expect(shareIds).toEqual([`${login.job.job_id}01000000`, `${job.job_id}01000000`]);
    await client.close();
  });
});
