import { parseJobId } from '@rxpool/share-id';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeSession, written } from '../testing/fake-session.js';
import { templateEvent, WALLET } from '../testing/fixtures.js';
import { unitGateway } from '../testing/unit-gateway.js';
import { Keccak256 } from './keccak.js';

let keccak: Keccak256;
beforeAll(async () => {
  keccak = await Keccak256.create();
});

const A = 0x0000000a;
const B = 0x0000000b;

describe('the job counter wrapping (8-bit counter)', () => {
  it('issues no job under the spent instance id; work resumes under the new lease, share ids never repeat', async () => {
    const lease = { id: A, exhausted: 0 };
    const t = unitGateway(
      keccak,
      { STRATUM_JOB_COUNTER_BITS: '8', STRATUM_SUBMIT_BURST: '10000' },
      {
        ids: {
          get instanceId() {
            return lease.id;
          },
          counterExhausted: () => lease.exhausted++,
        },
      },
    );
    const jobIds = [t.firstJob];
    expect((await t.submit(2, t.firstJob, '01000000')).result).toEqual({ status: 'OK' });
    for (let i = 0; i < 255; i++) {
      const reply = t.getJob(100 + i) as { result: { job_id: string } };
      jobIds.push(reply.result.job_id);
    }
    expect(lease.exhausted).toBe(1);
    expect(jobIds.map((id) => parseJobId(id)?.counter)).toEqual([...Array(256).keys()]);

    // Counter spent, new lease not there yet: a clear busy answer, no job on a new template.
    expect(t.getJob(400).error?.message).toMatch(/^Server busy, retry: no work available/);
    expect(t.gw.onTemplate(templateEvent({ id: 't2', height: 11 }))).toBe(0);
    const late = fakeSession({ ip: '10.0.0.2' });
    t.gw.sessions.add(late.session);
    t.gw.handleLine(
      late.session,
      JSON.stringify({ id: 1, method: 'login', params: { login: WALLET } }),
      t.now(),
    );
    expect(written(late.socket)[0]).toMatchObject({
      error: { message: expect.stringMatching(/^Server busy/) },
    });
    expect(t.jobs()).toEqual([]);

    lease.id = B;
    t.gw.onInstanceIdChanged();
    const pushed = t.jobs().map((j) => j.params.job_id);
    expect(pushed).toHaveLength(1);
    expect(parseJobId(pushed[0] ?? '')).toEqual({ instanceId: B, counter: 0 });
    jobIds.push(...pushed, (t.getJob(401) as { result: { job_id: string } }).result.job_id);
    expect(new Set(jobIds).size).toBe(jobIds.length);

    expect((await t.submit(3, pushed[0] ?? '', '01000000')).result).toEqual({ status: 'OK' });
    const shareIds = t.validator.requests.map((r) => r.shareId);
    expect(shareIds).toEqual([`${t.firstJob}01000000`, `${pushed[0]}01000000`]);
    expect(new Set(shareIds).size).toBe(2);
  });
});
