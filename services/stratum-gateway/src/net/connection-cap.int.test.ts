/**
 * The per-process cap (STRATUM_MAX_CONNECTIONS): past it a connection is closed at
 * accept, whoever it comes from, before it costs more than its descriptor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateEvent, WALLET } from '../testing/fixtures.js';
import { eventually, type GatewayHarness, startGatewayHarness } from '../testing/gateway-harness.js';

let h: GatewayHarness;
beforeAll(async () => {
  // A login timeout far off: only the cap may close a connection here.
  h = await startGatewayHarness(
    { STRATUM_MAX_CONNECTIONS: '3', STRATUM_LOGIN_TIMEOUT_MS: '60000' },
    { template: templateEvent({ id: 'cap' }) },
  );
});
afterAll(async () => {
  await h?.stop();
});

describe('the connections of one process', () => {
  it('are capped across all addresses, and a freed slot is taken again', async () => {
    const held = [];
    for (let i = 1; i <= 3; i++) {
      const c = await h.connect({ localAddress: `127.0.9.${i}` });
      await c.login({ login: WALLET });
      held.push(c);
    }
    const over = await h.connect({ localAddress: '127.0.9.4' });
    const bound = new Promise<string>((resolve) => setTimeout(() => resolve('still open'), 10_000).unref());
    expect(await Promise.race([over.closed.then(() => 'closed'), bound])).toBe('closed');
    const first = held.shift();
    await first?.close();
    // Once the gateway has seen that close, the slot is free.
    await eventually(async () => {
      const again = await h.connect({ localAddress: '127.0.9.5' });
      const ok = await again.login({ login: WALLET }).then(
        () => true,
        () => false,
      );
      if (ok) held.push(again);
      else again.destroy();
      return ok;
    });
    for (const c of held) await c.close();
  });
});
