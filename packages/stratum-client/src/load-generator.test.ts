import { errorLine, jobLine, Rejections } from '@rxpool/stratum';
import { afterEach, describe, expect, it } from 'vitest';
import { FakePool, testJob } from './fake-pool.test-support.js';
import { LoadGenerator, type LoadGeneratorOptions } from './load-generator.js';

let pool: FakePool | undefined;
let generator: LoadGenerator | undefined;
/** A fake pool and a generator aimed at it. */
async function setUp(
  connections: number,
  options: Partial<LoadGeneratorOptions> = {},
): Promise<LoadGenerator> {
  pool ??= await FakePool.start();
  generator = new LoadGenerator({
    host: '127.0.0.1',
    port: pool.port,
    connections,
    login: (i) => ({ login: `addr.w${i}` }),
    ...options,
  });
  return generator;
}

afterEach(async () => {
  await generator?.close();
  generator = undefined;
  await pool?.stop();
  pool = undefined;
});

describe('LoadGenerator', () => {
  it('opens and logs in N connections spread over loopback source addresses', async () => {
    const generator = await setUp(12, {
      sourceAddresses: ['127.0.0.1', '127.0.0.2', '127.0.0.3'],
      openConcurrency: 4,
    });
    const report = await generator.open();
    expect(report).toMatchObject({ opened: 12, failed: 0, failures: {} });
    expect(report.loginMs.count).toBe(12);
    const logins = (pool as FakePool).requests.filter((r) => r.request.method === 'login');
    expect(new Set(logins.map((r) => r.remoteAddress))).toEqual(
      new Set(['127.0.0.1', '127.0.0.2', '127.0.0.3']),
    );
    expect(new Set(logins.map((r) => (r.request.params as { login: string }).login)).size).toBe(12);
  });

  it('counts refused logins by message', async () => {
    pool = await FakePool.start();
    pool.handler = (r, conn) =>
      conn.index % 2 === 0 ? errorLine(r.id, Rejections.InvalidAddress) : undefined;
    generator = new LoadGenerator({
      host: '127.0.0.1',
      port: pool.port,
      connections: 4,
      login: () => ({ login: 'x' }),
      replyTimeoutMs: 200,
    });
    const report = await generator.open();
    expect(report.opened).toBe(0);
    expect(report.failed).toBe(4);
    expect(Object.values(report.failures).reduce((a, b) => a + b, 0)).toBe(4);
    expect(Object.keys(report.failures).some((m) => m.includes('Invalid payment address provided'))).toBe(
      true,
    );
  });

  it('measures when every connection gets the next job', async () => {
    pool = await FakePool.start();
    generator = new LoadGenerator({
      host: '127.0.0.1',
      port: pool.port,
      connections: 8,
      login: () => ({ login: 'a' }),
    });
    await generator.open();
    const wave = generator.jobWave();
    pool.broadcast(jobLine(testJob(9)));
    const report = await wave.wait(2_000);
    expect(report).toMatchObject({ connections: 8, received: 8, missing: 0 });
    expect(report.latencyMs.max).toBeGreaterThanOrEqual(report.latencyMs.min);
    const silent = await generator.jobWave().wait(50);
    expect(silent).toMatchObject({ received: 0, missing: 8 });
  });

  it('submits at the asked rate over all connections and reports the replies', async () => {
    pool = await FakePool.start();
    generator = new LoadGenerator({
      host: '127.0.0.1',
      port: pool.port,
      connections: 5,
      login: () => ({ login: 'a' }),
    });
    await generator.open();
    generator.startSubmitting({ ratePerSecond: 400 });
    await new Promise((r) => setTimeout(r, 300));
    const report = await generator.stopSubmitting();
    expect(report.sent).toBeGreaterThan(60);
    expect(report.sent).toBeLessThan(200);
    expect(report.accepted).toBe(report.sent);
    expect(report.latencyMs.count).toBe(report.sent);
    const submits = (pool as FakePool).requests.filter((r) => r.request.method === 'submit');
    const perConnection = new Map<string, Set<string>>();
    for (const s of submits) {
      const p = s.request.params as { id: string; nonce: string };
      perConnection.set(p.id, (perConnection.get(p.id) ?? new Set()).add(p.nonce));
    }
    expect(perConnection.size).toBe(5);
    // Nonces never repeat on one connection.
    expect([...perConnection.values()].reduce((n, s) => n + s.size, 0)).toBe(submits.length);
  });
});
