import { selfSignedCertificate } from '@rxpool/service-kit';
import { errorLine, jobLine, okLine, Rejections } from '@rxpool/stratum';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConnectionClosedError,
  NotLoggedInError,
  ReplyTimeoutError,
  StratumReplyError,
} from './client-errors.js';
import { FakePool, testJob } from './fake-pool.test-support.js';
import { StratumClient } from './stratum-client.js';

let pool: FakePool | undefined;
const clients: StratumClient[] = [];

async function connected(options: { replyTimeoutMs?: number } = {}): Promise<StratumClient> {
  pool = await FakePool.start();
  const client = await StratumClient.connect({ host: '127.0.0.1', port: pool.port, ...options });
  clients.push(client);
  return client;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await pool?.stop();
  pool = undefined;
});

describe('StratumClient', () => {
  it('logs in like XMRig (id 1) and takes session, job and extensions', async () => {
    const client = await connected();
    const jobs: string[] = [];
    client.on('job', (job) => jobs.push(job.job_id));
    const result = await client.login({ login: 'addr.rig', rigid: 'r1', algo: ['rx/0'] });
    expect(result.sessionId).toBe('session-0');
    expect(client.sessionId).toBe('session-0');
    expect(client.extensions).toEqual(['algo', 'keepalive']);
    expect(client.job).toEqual(testJob(1));
    expect(jobs).toEqual(['job-1']);
    expect(pool?.requests[0]?.request).toEqual({
      method: 'login',
      id: 1,
      params: {
        login: 'addr.rig',
        pass: 'x',
        agent: 'rxpool-stratum-client/0.1',
        rigid: 'r1',
        algo: ['rx/0'],
      },
    });
  });

  it('submits with the session and current job, and reports accept or reject', async () => {
    const client = await connected();
    await client.login({ login: 'a' });
    const ok = await client.submit({ nonce: '01020304', result: 'ab'.repeat(32) });
    expect(ok).toMatchObject({ accepted: true, status: 'OK' });
    expect(ok.latencyMs).toBeGreaterThanOrEqual(0);
    expect(pool?.requests[1]?.request.params).toEqual({
      id: 'session-0',
      job_id: 'job-1',
      nonce: '01020304',
      result: 'ab'.repeat(32),
    });
    if (pool) pool.handler = (r) => errorLine(r.id, Rejections.LowDifficulty);
    const bad = await client.submit({ job_id: 'other', nonce: '01020305', result: 'ab'.repeat(32) });
    expect(bad).toMatchObject({ accepted: false, error: { code: -1, message: 'Low difficulty share' } });
  });

  it('refuses a login or getjob the pool rejects', async () => {
    const client = await connected();
    if (pool) pool.handler = (r) => errorLine(r.id, Rejections.InvalidAddress);
    await expect(client.login({ login: 'bad' })).rejects.toThrow(StratumReplyError);
    await expect(client.login({ login: 'bad' })).rejects.toThrow(/Invalid payment address provided/);
  });

  it('sends keepalived and getjob with the session id', async () => {
    const client = await connected();
    await client.login({ login: 'a' });
    const reply = await client.keepalived();
    expect(reply.result).toEqual({ status: 'KEEPALIVED' });
    expect(await client.getJob()).toEqual(testJob(2));
    expect(client.job?.job_id).toBe('job-2');
    expect(pool?.requests.map((r) => r.request.method)).toEqual(['login', 'keepalived', 'getjob']);
  });

  it('matches replies by id whatever their order and however the bytes are split', async () => {
    const client = await connected();
    await client.login({ login: 'a' });
    const held: string[] = [];
    if (pool) pool.handler = (r) => void held.push(okLine(r.id));
    const a = client.keepalived();
    const b = client.keepalived();
    await vi_waitFor(() => held.length === 2);
    const bytes = Buffer.from(`${held[1]}${held[0]}`);
    const conn = pool?.connections[0];
    for (let i = 0; i < bytes.length; i += 7) conn?.socket.write(bytes.subarray(i, i + 7));
    const [ra, rb] = await Promise.all([a, b]);
    expect([ra.id, rb.id]).toEqual([2, 3]);
  });

  it('emits pushed jobs, flags a repeated job and unparseable lines, passes on unsolicited replies', async () => {
    const client = await connected();
    await client.login({ login: 'a' });
    const errors: string[] = [];
    client.on('protocolError', (err) => errors.push(err.message));
    const next = client.nextJob(2_000);
    pool?.broadcast(jobLine(testJob(5)));
    expect((await next).job_id).toBe('job-5');
    const unsolicited = client.nextUnsolicited(2_000);
    pool?.broadcast(jobLine(testJob(5)));
    pool?.broadcast('not json at all, but long\n');
    pool?.broadcast(errorLine(null, Rejections.InvalidJson));
    expect(await unsolicited).toMatchObject({ kind: 'reply', id: null, error: { message: 'Invalid JSON' } });
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/duplicate job job-5/);
    expect(client.protocolErrors).toBe(2);
    expect(client.jobsReceived).toBe(2);
  });

  it('times a request out and rejects pending requests when the connection closes', async () => {
    const client = await connected({ replyTimeoutMs: 100 });
    if (pool) pool.handler = () => undefined;
    await expect(client.request('login', { login: 'a' })).rejects.toThrow(ReplyTimeoutError);
    expect(client.pendingRequests).toBe(0);
    const pending = client.request('login', { login: 'a' });
    const wait = client.nextJob(5_000);
    pool?.connections[0]?.socket.destroy();
    await expect(pending).rejects.toThrow(ConnectionClosedError);
    await expect(wait).rejects.toThrow(ConnectionClosedError);
    await client.closed;
    expect(client.isOpen).toBe(false);
    await expect(client.keepalived()).rejects.toThrow(NotLoggedInError);
    await expect(client.request('keepalived', {})).rejects.toThrow(ConnectionClosedError);
  });

  it('fails to connect with a typed error', async () => {
    pool = await FakePool.start();
    const port = pool.port;
    await pool.stop();
    pool = undefined;
    await expect(StratumClient.connect({ host: '127.0.0.1', port })).rejects.toThrow(ConnectionClosedError);
  });

  it('binds a chosen loopback source address and speaks TLS', async () => {
    const { cert, key } = await selfSignedCertificate({
      commonName: 'localhost',
      altNames: ['localhost'],
      days: 1,
    });
    pool = await FakePool.start({ key, cert });
    const client = await StratumClient.connect({
      host: '127.0.0.1',
      port: pool.port,
      localAddress: '127.0.0.9',
      tls: { ca: cert, servername: 'localhost' },
    });
    clients.push(client);
    await client.login({ login: 'a' });
    expect(pool.requests[0]?.remoteAddress).toBe('127.0.0.9');
  });
});

async function vi_waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 5));
  }
}
