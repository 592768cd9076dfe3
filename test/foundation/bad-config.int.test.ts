/**
 * Bad configuration stops a service at once with one stderr line naming the
 * variable: a port that is not a number, a database URL nothing answers at.
 */
import { join } from 'node:path';
import { makeTestDir, startNats } from '@rxpool/devstack';
import { SERVICES } from '@rxpool/local-pool';
import { afterAll, describe, expect, it } from 'vitest';
import { Cleanup } from '../tools/private-parts.js';
import { offlineContext, requireBuilt, runUntilExit, testServiceEnv } from '../tools/service-harness.js';

const dir = makeTestDir('bad-config');

function expectOneLineNaming(stderr: string, variable: string): void {
  const text = stderr.trim();
  expect(text).not.toBe('');
  expect(text.split('\n')).toHaveLength(1);
  expect(text).toContain(variable);
}

describe.each(SERVICES)('%s with bad configuration', (service) => {
  it('stops with one line naming HEALTH_PORT when it is not a number', async () => {
    const { env } = await testServiceEnv(service, offlineContext(), dir);
    const result = await runUntilExit(requireBuilt(service), { ...env, HEALTH_PORT: 'abc' }, 60_000);
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expectOneLineNaming(result.stderr, 'HEALTH_PORT');
  });
});

describe('service-specific bad configuration', () => {
  it('stratum-gateway stops naming STRATUM_PORTS when a port is not a number', async () => {
    const { env } = await testServiceEnv('stratum-gateway', offlineContext(), dir);
    const result = await runUntilExit(
      requireBuilt('stratum-gateway'),
      { ...env, STRATUM_PORTS: '33x3' },
      60_000,
    );
    expect(result.code).not.toBe(0);
    expectOneLineNaming(result.stderr, 'STRATUM_PORTS');
  });

  it('job-manager stops naming POOL_WALLET_ADDRESS when it is not an address', async () => {
    const { env } = await testServiceEnv('job-manager', offlineContext(), dir);
    const result = await runUntilExit(
      requireBuilt('job-manager'),
      { ...env, POOL_WALLET_ADDRESS: '4abc' },
      60_000,
    );
    expect(result.code).not.toBe(0);
    expectOneLineNaming(result.stderr, 'POOL_WALLET_ADDRESS');
  });

  describe('accounting with a database nothing answers at', () => {
    const cleanup = new Cleanup();
    afterAll(() => cleanup.run());

    it('stops naming DATABASE_URL', async () => {
      // A real NATS, so the only thing missing is the database.
      const nats = await startNats({ dir: join(dir, 'nats') });
      cleanup.add(nats.stop);
      const context = offlineContext({
        natsUrl: nats.url,
        databaseUrl: 'postgres://postgres@127.0.0.1:1/rxpool_unreachable',
      });
      const { env } = await testServiceEnv('accounting', context, dir);
      const result = await runUntilExit(requireBuilt('accounting'), env, 45_000);
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBeNull();
      expectOneLineNaming(result.stderr, 'DATABASE_URL');
    });
  });
});
