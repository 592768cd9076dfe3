/**
 * The gateway on its own against a real nats-server: login, jobs, every rejection the
 * gateway decides by itself, TLS, nicehash, bans over NATS, limits, drain. No validator
 * listens here, so no share is ever accepted in this file (see e2e for that): a share
 * that passes every gateway check is answered "Server busy", never OK.
 */
import { readFileSync } from 'node:fs';
import { connect as tlsConnect } from 'node:tls';
import { difficultyToTarget } from '@rxpool/cryptonote';
import { type BanEntry, banKey, decodeJson, decodeValidateRequest, encodeJson } from '@rxpool/messages';
import { certificateFingerprint } from '@rxpool/service-kit';
import type { StratumClient } from '@rxpool/stratum-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TESTNET_WALLET, templateEvent, WALLET } from './testing/fixtures.js';
import { eventually, type GatewayHarness, startGatewayHarness } from './testing/gateway-harness.js';

const GOOD_RESULT = `${'ab'.repeat(24)}${'00'.repeat(8)}`; // bytes 24..31 zero: under any target
const LOW_RESULT = `${'ab'.repeat(24)}${'ff'.repeat(8)}`; // above every target

/** The gateway's clock: the wall clock, except while a test holds it and sets it by hand. */
class HoldableClock {
  private held: number | undefined;
  private skew = 0;
  readonly now = (): number => this.held ?? Date.now() + this.skew;

  /** Stops time; returns the moment it stopped at. */
  hold(): number {
    this.held = this.now();
    return this.held;
  }

  /** While held: the moment it reads now (never earlier than before). */
  set(at: number): void {
    if (this.held === undefined || at < this.held) throw new Error('set the clock forward while holding it');
    this.held = at;
  }

  /** Time runs again from where it was held. */
  release(): void {
    if (this.held === undefined) return;
    this.skew = this.held - Date.now();
    this.held = undefined;
  }
}

const clock = new HoldableClock();
let h: GatewayHarness;
/** A miner that stays connected through every test: it must notice nothing but jobs. */
let bystander: StratumClient;
const bystanderErrors: string[] = [];

beforeAll(async () => {
  h = await startGatewayHarness(
    {
      STRATUM_LOGIN_TIMEOUT_MS: '800',
      STRATUM_MAX_CONNECTIONS_PER_IP: '3',
      BAN_MIN_SHARES: '6',
      BAN_INVALID_RATIO: '0.5',
    },
    { template: templateEvent({ height: 100, id: 'first' }), now: clock.now },
  );
  bystander = await h.connect({ localAddress: '127.0.0.2' });
  bystander.on('unsolicited', (m) => bystanderErrors.push(JSON.stringify(m)));
  bystander.on('protocolError', (e) => bystanderErrors.push(e.message));
  await bystander.login({ login: `${WALLET}.bystander` });
});

afterAll(async () => {
  await h?.stop();
});

let nextAddress = 0;
/** Each client its own loopback address, so per-IP counts (bans, limits) stay per test. */
function freshAddress(): string {
  nextAddress += 1;
  return `127.0.${1 + Math.floor(nextAddress / 250)}.${1 + (nextAddress % 250)}`;
}

async function loggedIn(localAddress = freshAddress(), login = WALLET): Promise<StratumClient> {
  const client = await h.connect({ localAddress });
  await client.login({ login });
  return client;
}

describe('login', () => {
  it('answers with a session id, a job XMRig accepts, extensions and status OK', async () => {
    const client = await h.connect();
    const result = await client.login({ login: `${WALLET}.rig1`, algo: ['rx/0', 'cn/r'] });
    expect(result.status).toBe('OK');
    expect(result.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.extensions).toEqual(expect.arrayContaining(['algo', 'keepalive']));
    expect(result.extensions).not.toContain('nicehash');
    const job = result.job;
    expect(job.algo).toBe('rx/0');
    expect(job.height).toBe(100);
    expect(job.seed_hash).toBe(templateEvent().seedHash);
    expect(job.blob).toMatch(/^[0-9a-f]{152}$/);
    expect(job.blob.slice(78, 86)).toBe('00000000'); // nonce bytes zero
    expect(job.target).toBe(difficultyToTarget(1000));
    // The job id starts with the instance id this process leased in NATS KV.
    const leases = await h.bus.jetstream.views.kv(h.names.buckets.gatewayInstances);
    const lease = await leases.get(job.job_id.slice(0, 8));
    expect(lease?.json<{ holder: string; expiresAt: number }>()).toMatchObject({
      holder: expect.any(String),
    });
    await client.close();
  });

  it('gives each miner its own blob', async () => {
    const a = await loggedIn();
    const b = await loggedIn();
    expect(a.job?.blob).not.toBe(b.job?.blob);
    expect(a.job?.job_id).not.toBe(b.job?.job_id);
    await Promise.all([a.close(), b.close()]);
  });

  it.each([
    ['a garbled address', `${WALLET.slice(0, 90)}xxxxx`, /^Invalid payment address provided: /],
    ['a testnet address', TESTNET_WALLET, /^Invalid payment address provided: .*testnet/],
    ['a bad worker name', `${WALLET}.bad worker!`, /^Invalid worker name/],
    ['a bad fixed difficulty', `${WALLET}+abc`, /^Invalid fixed difficulty/],
  ])('refuses %s with the seed error shape and closes', async (_what, login, message) => {
    const client = await h.connect();
    const reply = await client.request('login', { login, pass: 'x', agent: 'test' });
    expect(reply.result).toBeNull();
    expect(reply.error?.code).toBe(-1);
    expect(reply.error?.message).toMatch(message);
    await client.closed;
  });

  it('refuses a miner that cannot do rx/0', async () => {
    const client = await h.connect();
    const reply = await client.request('login', {
      login: WALLET,
      pass: 'x',
      agent: 'x',
      algo: ['cn/r', 'kawpow'],
    });
    expect(reply.error?.message).toMatch(/^Unsupported algorithm, rx\/0 required/);
    await client.closed;
  });

  it('takes the worker from rigid or pass, the scheme from a prefix, and honours +DIFF within bounds', async () => {
    const seen: Record<string, unknown>[] = [];
    const sub = h.bus.connection.subscribe(h.names.subjects.validate);
    await h.bus.connection.flush();
    void (async () => {
      for await (const m of sub) {
        seen.push(decodeJson(m.data, decodeValidateRequest) as unknown as Record<string, unknown>);
        m.respond(
          encodeJson({
            ok: false,
            shareId: (seen.at(-1) as { shareId: string }).shareId,
            reason: 'busy',
            message: 'test',
          }),
        );
      }
    })();
    try {
      const client = await h.connect({ localAddress: '127.0.0.4' });
      await client.login({ login: `solo:${WALLET}+5000`, pass: 'rig-from-pass' });
      expect(client.job?.target).toBe('711b0d00'); // difficulty 5000
      await client.submit({ nonce: '01000000', result: GOOD_RESULT });
      expect(seen.at(-1)).toMatchObject({
        worker: 'rig-from-pass',
        scheme: 'solo',
        jobDifficulty: 5000,
        miner: WALLET,
      });
      await client.close();

      const other = await h.connect({ localAddress: '127.0.0.4' });
      await other.login({ login: WALLET, pass: 'x', rigid: 'rig7' });
      await other.submit({ nonce: '02000000', result: GOOD_RESULT });
      expect(seen.at(-1)).toMatchObject({ worker: 'rig7', scheme: 'pplns', jobDifficulty: 1000 });
      await other.close();
    } finally {
      sub.unsubscribe();
    }
  });

  it('refuses a login that picks a scheme the pool does not offer, saying which it offers', async () => {
    const client = await h.connect();
    const reply = await client.request('login', { login: `pps:${WALLET}`, pass: 'x', agent: 'x' });
    expect(reply.error?.message).toMatch(/^Reward scheme not offered by this pool/);
    expect(reply.error?.message).toContain('pplns, solo');
    await client.close();
  });

  it('answers a second login on the same connection without closing it', async () => {
    const client = await loggedIn();
    const reply = await client.request('login', { login: WALLET, pass: 'x', agent: 'x' });
    expect(reply.error?.message).toMatch(/^Already logged in/);
    expect((await client.keepalived()).result).toEqual({ status: 'KEEPALIVED' });
    await client.close();
  });
});

describe('submit rejections the gateway decides', () => {
  it('no login: Unauthenticated (XMRig reconnects on it)', async () => {
    const client = await h.connect();
    const reply = await client.request('submit', {
      id: 'x',
      job_id: 'y',
      nonce: '00000000',
      result: GOOD_RESULT,
    });
    expect(reply.error?.message).toMatch(/^Unauthenticated/);
    await client.close();
  });

  it('wrong session id: Unauthenticated', async () => {
    const client = await loggedIn();
    const reply = await client.request('submit', {
      id: 'not-my-session',
      job_id: client.job?.job_id,
      nonce: '00000000',
      result: GOOD_RESULT,
    });
    expect(reply.error?.message).toMatch(/^Unauthenticated/);
    await client.close();
  });

  it('unknown job: Invalid job id, and the connection stays', async () => {
    const client = await loggedIn();
    const outcome = await client.submit({ job_id: 'nosuchjob', nonce: '00000000', result: GOOD_RESULT });
    expect(outcome.accepted).toBe(false);
    if (!outcome.accepted) expect(outcome.error.message).toMatch(/^Invalid job id/);
    expect(client.isOpen).toBe(true);
    await client.close();
  });

  it('malformed nonce and result: typed errors, the connection stays', async () => {
    const client = await loggedIn();
    const bad = await client.submit({ nonce: '0000zz00', result: GOOD_RESULT });
    if (bad.accepted) throw new Error('accepted');
    expect(bad.error.message).toMatch(/^Malformed nonce/);
    const short = await client.submit({ nonce: '000000', result: GOOD_RESULT });
    if (short.accepted) throw new Error('accepted');
    expect(short.error.message).toMatch(/^Malformed nonce/);
    const result = await client.submit({ nonce: '00000001', result: 'abcd' });
    if (result.accepted) throw new Error('accepted');
    expect(result.error.message).toMatch(/^Malformed result/);
    expect((await client.keepalived()).error).toBeNull();
    await client.close();
  });

  it('low difficulty: the claimed result is above the job target', async () => {
    const client = await loggedIn();
    const outcome = await client.submit({ nonce: '10000000', result: LOW_RESULT });
    if (outcome.accepted) throw new Error('accepted');
    expect(outcome.error.message).toMatch(/^Low difficulty share/);
    await client.close();
  });

  it('a share that passes the gateway goes to the validators; with none listening it is never OK', async () => {
    const client = await loggedIn();
    const first = await client.submit({ nonce: '20000000', result: GOOD_RESULT });
    if (first.accepted) throw new Error('accepted without a validator');
    expect(first.error.message).toMatch(/^Server busy, retry/);
    // Busy means unjudged: the retry goes to the validators again, not "Duplicate share".
    const again = await client.submit({ nonce: '20000000', result: GOOD_RESULT });
    if (again.accepted) throw new Error('accepted');
    expect(again.error.message).toMatch(/^Server busy, retry/);
    const otherNonce = await client.submit({ nonce: '20000001', result: GOOD_RESULT });
    if (otherNonce.accepted) throw new Error('accepted');
    expect(otherNonce.error.message).toMatch(/^Server busy/);
    await client.close();
  });

  it('sends the validators the job blob with the nonce in place and the share id', async () => {
    const sub = h.bus.connection.subscribe(h.names.subjects.validate, { max: 1 });
    await h.bus.connection.flush();
    const client = await loggedIn();
    const job = client.job;
    if (job === undefined) throw new Error('no job');
    const pending = client.submit({ nonce: 'a1b2c3d4', result: GOOD_RESULT });
    for await (const m of sub) {
      const req = decodeJson(m.data, decodeValidateRequest);
      expect(req.hashingBlob).toBe(`${job.blob.slice(0, 78)}a1b2c3d4${job.blob.slice(86)}`);
      expect(req.shareId).toBe(`${job.job_id}a1b2c3d4`);
      expect(req.reserved).toBe(`${job.job_id}${'00'.repeat(8)}`);
      expect(req).toMatchObject({
        nonce: 'a1b2c3d4',
        result: GOOD_RESULT,
        jobId: job.job_id,
        height: 100,
        templateId: 'first',
      });
      m.respond(encodeJson({ ok: false, shareId: req.shareId, reason: 'hash_mismatch', message: 'no' }));
    }
    const outcome = await pending;
    if (outcome.accepted) throw new Error('accepted');
    expect(outcome.error.message).toMatch(/^Invalid share: result does not match/);
    await client.close();
  });
});

describe('protocol errors', () => {
  it('invalid JSON: an error with id null, the connection stays', async () => {
    const client = await loggedIn();
    const next = client.nextUnsolicited();
    client.sendRaw('{"id":5,"method":"submit",\n');
    const message = await next;
    expect(message).toMatchObject({
      kind: 'reply',
      id: null,
      error: { code: -32700, message: 'Invalid JSON' },
    });
    expect((await client.keepalived()).result).toEqual({ status: 'KEEPALIVED' });
    await client.close();
  });

  it('a line over 8 KiB: an error, then the connection is closed', async () => {
    const client = await loggedIn();
    const next = client.nextUnsolicited().catch(() => undefined);
    client.sendRaw(`{"id":9,"method":"login","params":{"login":"${'a'.repeat(9000)}"}}\n`);
    expect(await next).toMatchObject({ error: { message: expect.stringMatching(/^Request line too long/) } });
    await client.closed;
    expect(client.isOpen).toBe(false);
  });

  it('an unknown method: an error, the connection stays', async () => {
    const client = await loggedIn();
    const reply = await client.request('mining.subscribe', []);
    expect(reply.error).toMatchObject({ code: -32601 });
    expect(client.isOpen).toBe(true);
    await client.close();
  });

  it('closes a connection that never logs in', async () => {
    const client = await h.connect({ localAddress: '127.0.0.5' });
    const next = client.nextUnsolicited(3_000);
    expect(await next).toMatchObject({ error: { message: 'Login timeout' } });
    await client.closed;
  });
});

describe('keepalived and getjob', () => {
  it('keepalived answers KEEPALIVED; getjob a fresh job', async () => {
    const client = await loggedIn();
    expect((await client.keepalived()).result).toEqual({ status: 'KEEPALIVED' });
    const before = client.job?.job_id;
    const job = await client.getJob();
    expect(job.job_id).not.toBe(before);
    expect(job.height).toBe(100);
    await client.close();
  });
});

describe('templates', () => {
  it('a new template gives every miner a new job at once; old jobs expire after the grace', async () => {
    const a = await loggedIn();
    const b = await loggedIn();
    const oldJob = a.job?.job_id;
    const jobs = Promise.all([a.nextJob(), b.nextJob(), bystander.nextJob()]);
    // The gateway's time stands still from here, so the template arrives at `at` and the
    // old jobs expire after `at + grace` however slowly this machine runs.
    const at = clock.hold();
    const grace = h.config.jobs.templateGraceMs;
    try {
      await h.publishTemplate(templateEvent({ height: 101, id: 'second' }));
      const [ja, jb] = await jobs;
      expect(ja.height).toBe(101);
      expect(jb.height).toBe(101);
      // Within the grace: the old job is still checked (and sent on: no validator → busy).
      const inGrace = await a.submit({ job_id: oldJob, nonce: '30000000', result: GOOD_RESULT });
      if (inGrace.accepted) throw new Error('accepted');
      expect(inGrace.error.message).toMatch(/^Server busy/);
      clock.set(at + grace);
      const lastMoment = await a.submit({ job_id: oldJob, nonce: '30000002', result: GOOD_RESULT });
      if (lastMoment.accepted) throw new Error('accepted');
      expect(lastMoment.error.message).toMatch(/^Server busy/);
      clock.set(at + grace + 1);
      const late = await a.submit({ job_id: oldJob, nonce: '30000001', result: GOOD_RESULT });
      if (late.accepted) throw new Error('accepted');
      expect(late.error.message).toBe('Block expired');
    } finally {
      clock.release();
    }
    expect(a.isOpen).toBe(true);
    await Promise.all([a.close(), b.close()]);
  });
});

describe('TLS', () => {
  it('serves TLS on its TLS port with the logged certificate', async () => {
    const client = await h.connect({ port: h.ports.tls, tls: { rejectUnauthorized: false } });
    const result = await client.login({ login: WALLET });
    expect(result.status).toBe('OK');
    const fingerprint = await new Promise<string>((resolve, reject) => {
      const s = tlsConnect({ host: '127.0.0.1', port: h.ports.tls, rejectUnauthorized: false }, () => {
        resolve(s.getPeerX509Certificate()?.fingerprint256.replace(/:/g, '').toLowerCase() ?? '');
        s.destroy();
      });
      s.on('error', reject);
    });
    const stored = readFileSync(`${h.dir}/tls/fingerprint`, 'utf8').trim();
    expect(fingerprint).toBe(stored);
    expect(certificateFingerprint(readFileSync(`${h.dir}/tls/cert.pem`, 'utf8'))).toBe(stored);
    await client.close();
  });

  it('detects a TLS client on the plain port', async () => {
    const client = await h.connect({ tls: { rejectUnauthorized: false } });
    expect((await client.login({ login: WALLET })).status).toBe('OK');
    await client.close();
  });
});

describe('nicehash', () => {
  it('gives the miner a nonce byte, advertises nicehash and holds shares to it', async () => {
    const client = await h.connect({ port: h.ports.nicehash });
    const result = await client.login({ login: WALLET });
    expect(result.extensions).toContain('nicehash');
    const fixed = result.job.blob.slice(84, 86);
    const wrongByte = fixed === '00' ? '01' : '00';
    const wrong = await client.submit({ nonce: `123456${wrongByte}`, result: GOOD_RESULT });
    if (wrong.accepted) throw new Error('accepted');
    expect(wrong.error.message).toMatch(/^Invalid share: nonce byte 4 must be/);
    const right = await client.submit({ nonce: `123456${fixed}`, result: GOOD_RESULT });
    if (right.accepted) throw new Error('accepted');
    expect(right.error.message).toMatch(/^Server busy/); // passed the gateway
    const second = await h.connect({ port: h.ports.nicehash });
    const r2 = await second.login({ login: WALLET });
    expect(r2.job.blob.slice(84, 86)).not.toBe(fixed);
    await Promise.all([client.close(), second.close()]);
  });
});

describe('abuse control', () => {
  it('refuses connections beyond the per-IP limit, telling why on the login request id', async () => {
    const open = await Promise.all([1, 2, 3].map(() => h.connect({ localAddress: '127.0.0.11' })));
    const extra = await h.connect({ localAddress: '127.0.0.11' });
    const reply = await extra.request('login', { login: WALLET, pass: 'x', agent: 'x' });
    expect(reply).toMatchObject({
      id: 1,
      error: { message: 'Too many connections: 3 open from this address' },
    });
    await extra.closed;
    await Promise.all(open.map((c) => c.close()));
  });

  it('bans a miner with too many invalid shares from its IP, tells it why, and shares the ban through NATS', async () => {
    const client = await loggedIn('127.0.0.12');
    let banned: unknown;
    client.on('unsolicited', (m) => {
      banned = m;
    });
    for (let i = 0; i < 6 && client.isOpen; i++) {
      await client.submit({ nonce: `4000000${i}`, result: LOW_RESULT }).catch(() => undefined);
    }
    await client.closed;
    expect(banned).toMatchObject({
      error: {
        message: expect.stringMatching(
          /^your IP is banned until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: too many invalid shares \(6 of 6\) from this payout address$/,
        ),
      },
    });
    const kv = await h.bus.jetstream.views.kv(h.names.buckets.bans);
    const entry = await kv.get(banKey('miner', `${WALLET}@127.0.0.12`));
    expect(entry?.json<BanEntry>()).toMatchObject({
      kind: 'miner',
      target: `${WALLET}@127.0.0.12`,
      by: expect.stringMatching(/^gateway-/),
    });
    const again = await h.connect({ localAddress: '127.0.0.12' });
    const reply = await again.request('login', { login: WALLET, pass: 'x', agent: 'x' });
    expect(reply).toMatchObject({
      id: 1,
      error: { message: expect.stringMatching(/^your IP is banned until /) },
    });
    await again.closed;
  });

  it('applies a ban written by another gateway or an admin, and lifts it when deleted', async () => {
    const client = await loggedIn('127.0.0.13');
    const kv = await h.bus.jetstream.views.kv(h.names.buckets.bans);
    const entry: BanEntry = {
      kind: 'ip',
      target: '127.0.0.13',
      reason: 'abuse seen elsewhere',
      until: Date.now() + 60_000,
      by: 'admin',
      createdAt: Date.now(),
    };
    const told = client.nextUnsolicited();
    await kv.put(banKey('ip', entry.target), encodeJson(entry));
    expect(await told).toMatchObject({ error: { message: expect.stringMatching(/abuse seen elsewhere$/) } });
    await client.closed;
    await kv.delete(banKey('ip', entry.target));
    await eventually(async () => {
      const c = await h.connect({ localAddress: '127.0.0.13' });
      const ok = await c.login({ login: WALLET }).then(
        () => true,
        () => false,
      );
      c.destroy();
      return ok;
    });
  });

  it('refuses a banned address at login', async () => {
    const kv = await h.bus.jetstream.views.kv(h.names.buckets.bans);
    const other =
      '48edfHu7V9Z84YzzMa6fUueoELZ9ZRXq9VetWzYGzKt52XU5xvqgzYnDK9URnRoJMk1j8nLwEVsaSWJ4fhdUyZijBGUicoD';
    const entry: BanEntry = {
      kind: 'address',
      target: other,
      reason: 'stolen funds',
      until: 0,
      by: 'admin',
      createdAt: Date.now(),
    };
    await kv.put(banKey('address', other), encodeJson(entry));
    await eventually(async () => {
      const c = await h.connect({ localAddress: '127.0.0.14' });
      const reply = await c.request('login', { login: other, pass: 'x', agent: 'x' });
      c.destroy();
      return /^your IP is banned until further notice: this payout address is banned: stolen funds$/.test(
        reply.error?.message ?? '',
      );
    });
  });
});

describe('the bystander', () => {
  it('noticed nothing but new jobs', async () => {
    expect(bystander.isOpen).toBe(true);
    expect(bystanderErrors).toEqual([]);
    expect(bystander.job?.height).toBe(101);
    expect((await bystander.keepalived()).result).toEqual({ status: 'KEEPALIVED' });
  });
});
