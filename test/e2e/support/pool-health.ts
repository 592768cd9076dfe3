import { readHealth, waitFor } from '@rxpool/devstack';
import type { HonestMiner } from './honest-miner.js';
import type { PoolUnderTest } from './pool-under-test.js';

/** Service instances that are not ready now (or whose process is gone), with what they wait for. */
export async function notReady(pool: PoolUnderTest): Promise<string[]> {
  const out: string[] = [];
  for (const name of pool.pool.serviceNames) {
    const s = pool.pool.service(name);
    if (!s.process.running) {
      out.push(`${name} (exited)`);
      continue;
    }
    const h = await readHealth(s.spec.healthHost, s.spec.healthPort);
    if (!h?.ready) out.push(h ? `${name} (${h.waitingFor.join(', ') || 'starting'})` : `${name} (no answer)`);
  }
  return out;
}

/** Waits until every service reports ready; returns when that was. */
export async function waitAllReady(pool: PoolUnderTest, timeoutMs = 180_000): Promise<number> {
  let last: string[] = [];
  try {
    await waitFor(
      'every service ready',
      async () => {
        last = await notReady(pool);
        return last.length === 0;
      },
      timeoutMs,
      250,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}: ${last.join('; ')}`);
  }
  return Date.now();
}

/** Service processes that are not running. */
export function exited(pool: PoolUnderTest): string[] {
  return pool.pool.serviceNames.filter((n) => !pool.pool.service(n).process.running);
}

/** Waits until every miner has an accepted share submitted at or after `since`; returns when. */
export async function waitMinersAccepted(
  miners: readonly HonestMiner[],
  since: number,
  timeoutMs = 180_000,
): Promise<number> {
  try {
    await waitFor(
      'an accepted share from every miner',
      async () => miners.every((m) => m.acceptedSince(since).length > 0),
      timeoutMs,
      200,
    );
  } catch (err) {
    const late = miners.filter((m) => m.acceptedSince(since).length === 0);
    throw new Error(
      `${(err as Error).message}: none yet from ${late.map((m) => `${m.name} (${m.lastError || 'no error'}, last: ${m.records.at(-1)?.error ?? 'ok'})`).join(', ')}`,
    );
  }
  return Math.max(...miners.map((m) => m.acceptedSince(since)[0]?.repliedAt ?? 0));
}
