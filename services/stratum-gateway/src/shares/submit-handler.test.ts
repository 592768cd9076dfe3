import type { ValidateReply } from '@rxpool/messages';
import { beforeAll, describe, expect, it } from 'vitest';
import { Keccak256 } from '../jobs/keccak.js';
import { fakeSession, written } from '../testing/fake-session.js';
import { templateEvent, WALLET } from '../testing/fixtures.js';
import { unitGateway } from '../testing/unit-gateway.js';
import type { ValidationOutcome } from './share-validator.js';

let keccak: Keccak256;
beforeAll(async () => {
  keccak = await Keccak256.create();
});

const gateway = (env: Record<string, string> = {}) => unitGateway(keccak, env);

describe('submit', () => {
  it('answers OK only after the validator accepted, with the share the miner meant', async () => {
    const t = gateway();
    const reply = await t.submit(2, t.firstJob, '01000000');
    expect(reply).toMatchObject({ error: null, result: { status: 'OK' } });
    expect(t.validator.requests[0]).toMatchObject({
      shareId: `${t.firstJob}01000000`,
      jobDifficulty: 1000,
      templateId: 't1',
      miner: WALLET,
    });
  });

  it.each([
    [
      { kind: 'reply', reply: { ok: false, shareId: '', reason: 'hash_mismatch', message: '' } },
      /^Invalid share: result/,
    ],
    [
      { kind: 'reply', reply: { ok: false, shareId: '', reason: 'low_difficulty', message: '' } },
      /^Low difficulty share/,
    ],
    [
      { kind: 'reply', reply: { ok: false, shareId: '', reason: 'unknown_seed', message: '' } },
      /^Server busy/,
    ],
    [{ kind: 'unavailable', why: 'timeout', detail: '' }, /^Server busy, retry: share not checked/],
  ] as [ValidationOutcome, RegExp][])(
    "maps a validator verdict to the miner's error (%#)",
    async (outcome, message) => {
      const t = gateway();
      t.validator.answer = () => outcome;
      const reply = await t.submit(2, t.firstJob, '02000000');
      expect(reply.error?.message).toMatch(message);
    },
  );

  it('keeps the job replaced by a retarget valid for the retarget grace, at its own difficulty', async () => {
    const t = gateway({ VARDIFF_TARGET_SECONDS: '1' });
    // 20 quick shares at difficulty 1000 → an early retarget (×4) and a new job.
    for (let i = 0; i < 20; i++) {
      t.advance(60);
      await t.submit(10 + i, t.firstJob, `${(i + 1).toString(16).padStart(2, '0')}000000`);
    }
    const jobs = t.jobs();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.params.target).not.toBe('');
    expect(t.session.difficulty).toBe(4000);
    t.advance(4_000);
    const inGrace = await t.submit(50, t.firstJob, 'aa000000');
    expect(inGrace.result).toEqual({ status: 'OK' });
    expect(t.validator.requests.at(-1)?.jobDifficulty).toBe(1000);
    t.advance(2_000);
    const late = await t.submit(51, t.firstJob, 'ab000000');
    expect(late.error?.message).toBe('Block expired');
  });

  it("ends a retargeted job's grace with its template's when a new template comes", async () => {
    const t = gateway({ VARDIFF_TARGET_SECONDS: '1' });
    for (let i = 0; i < 20; i++) {
      t.advance(60);
      await t.submit(10 + i, t.firstJob, `${(i + 1).toString(16).padStart(2, '0')}000000`);
    }
    expect(t.jobs()).toHaveLength(1); // the retarget's job; firstJob now has the 5 s retarget grace
    t.advance(1_000);
    t.gw.onTemplate(templateEvent({ id: 't2', height: 11 }));
    t.advance(2_000);
    expect((await t.submit(50, t.firstJob, 'aa000000')).result).toEqual({ status: 'OK' });
    t.advance(1);
    // Template grace (2 s) over, retarget grace (5 s) not: the template's rule wins.
    expect((await t.submit(51, t.firstJob, 'ab000000')).error?.message).toBe('Block expired');
  });

  it('tells an old job of ours from a job id never issued', async () => {
    const t = gateway({ STRATUM_JOBS_PER_MINER: '2' });
    for (let h = 11; h <= 13; h++) t.gw.onTemplate(templateEvent({ id: `t${h}`, height: h }));
    expect((await t.submit(2, t.firstJob, '01000000')).error?.message).toBe('Block expired');
    expect((await t.submit(3, 'ffffffffffffffff', '01000000')).error?.message).toBe('Invalid job id');
    expect((await t.submit(4, 'nope', '01000000')).error?.message).toBe('Invalid job id');
  });

  it('expires the previous template after its grace', async () => {
    const t = gateway();
    t.gw.onTemplate(templateEvent({ id: 't2', height: 11 }));
    t.advance(1_999);
    expect((await t.submit(2, t.firstJob, '01000000')).result).toEqual({ status: 'OK' });
    t.advance(2);
    expect((await t.submit(3, t.firstJob, '02000000')).error?.message).toBe('Block expired');
  });

  it('limits the submits waiting for a validator; the refused share may come again', async () => {
    const t = gateway({ STRATUM_MAX_INFLIGHT_SUBMITS: '1' });
    let release: (o: ValidationOutcome) => void = () => {};
    const validate = t.validator.validate.bind(t.validator);
    t.validator.validate = (r) => {
      t.validator.requests.push(r);
      return new Promise((resolve) => {
        release = resolve;
      });
    };
    const first = t.submit(2, t.firstJob, '01000000');
    const second = await t.submit(3, t.firstJob, '02000000');
    expect(second.error?.message).toMatch(/^Server busy, retry: too many shares waiting/);
    release({
      kind: 'reply',
      reply: { ok: true, shareId: 'x', blockCandidate: false, hashDifficulty: '1' } as ValidateReply,
    });
    await first;
    t.validator.validate = validate;
    expect((await t.submit(4, t.firstJob, '02000000')).result).toEqual({ status: 'OK' });
  });
});

describe('busy answers', () => {
  const busy: [string, ValidationOutcome][] = [
    ['validator busy', { kind: 'reply', reply: { ok: false, shareId: '', reason: 'busy', message: '' } }],
    [
      'unknown seed',
      { kind: 'reply', reply: { ok: false, shareId: '', reason: 'unknown_seed', message: '' } },
    ],
    ['timeout', { kind: 'unavailable', why: 'timeout', detail: '' }],
    ['no validator', { kind: 'unavailable', why: 'no-responders', detail: '' }],
  ];

  it.each(busy)('judge the retry of the same share afresh (%s)', async (_what, outcome) => {
    const t = gateway();
    t.validator.answer = () => outcome;
    expect((await t.submit(2, t.firstJob, '01000000')).error?.message).toMatch(/^Server busy, retry/);
    t.validator.answer = (r) => ({
      kind: 'reply',
      reply: { ok: true, shareId: r.shareId, blockCandidate: false, hashDifficulty: '1000' },
    });
    expect((await t.submit(3, t.firstJob, '01000000')).result).toEqual({ status: 'OK' });
    expect(t.validator.requests.map((r) => r.shareId)).toEqual([
      `${t.firstJob}01000000`,
      `${t.firstJob}01000000`,
    ]);
    // Judged once, a share stays judged.
    expect((await t.submit(4, t.firstJob, '01000000')).error?.message).toBe('Duplicate share');
  });

  it('never count toward a ban, however many', async () => {
    const t = gateway({ BAN_MIN_SHARES: '5', BAN_INVALID_RATIO: '0.5' });
    t.validator.answer = () => ({ kind: 'unavailable', why: 'timeout', detail: '' });
    for (let i = 0; i < 40; i++) {
      const reply = await t.submit(10 + i, t.firstJob, `0${i % 2}000000`);
      expect(reply.error?.message).toMatch(/^Server busy, retry/);
    }
    expect(t.socket.ended).toBe(false);
    expect(t.bans).toEqual([]);
    expect((await t.submit(99, t.firstJob, '02000000')).error?.message).toMatch(/^Server busy, retry/);
    // As many bad shares do ban: the threshold is in reach.
    const bad = gateway({ BAN_MIN_SHARES: '5', BAN_INVALID_RATIO: '0.5' });
    for (let i = 0; i < 40 && !bad.socket.ended; i++) await bad.submit(10 + i, bad.firstJob, '01000000');
    expect(bad.bans).toHaveLength(1);
  });
});

describe('sweep', () => {
  it('closes connections that do not log in, and idle ones', () => {
    const t = gateway({ STRATUM_LOGIN_TIMEOUT_MS: '1000', STRATUM_IDLE_TIMEOUT_MS: '5000' });
    const late = fakeSession({ now: 1_000_000 });
    t.gw.sessions.add(late.session);
    t.advance(1_001);
    t.gw.sweep(1_001_001);
    expect(late.socket.ended).toBe(true);
    expect(written(late.socket)[0]).toMatchObject({ error: { message: 'Login timeout' } });
    expect(t.socket.ended).toBe(false);
    t.gw.sweep(1_005_001);
    expect(t.socket.ended).toBe(true);
  });
});
