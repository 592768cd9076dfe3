import { afterEach, describe, expect, it } from 'vitest';
import { HealthRegistry } from './health-registry.js';
import { HealthServer } from './health-server.js';
import { counter, createMetricsRegistry } from './metrics.js';

describe('HealthServer', () => {
  let server: HealthServer | undefined;
  afterEach(async () => server?.close());

  it('reports readiness from every dependency and serves metrics', async () => {
    const health = new HealthRegistry();
    const registry = createMetricsRegistry('test');
    counter(registry, 'rxpool_test_total', 'a test counter').inc(3);
    health.register('nats');
    server = new HealthServer(health, registry);
    const port = await server.listen(0, '127.0.0.1');
    const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);

    let res = await get('/health');
    expect(res.status).toBe(503);
    expect(((await res.json()) as { dependencies: { nats: { ok: boolean } } }).dependencies.nats.ok).toBe(
      false,
    );
    health.set('nats', true, 'connected');
    res = await get('/health');
    expect(res.status).toBe(200);
    expect((await get('/health/live')).status).toBe(200);
    const text = await (await get('/metrics')).text();
    expect(text).toMatch(/rxpool_test_total\{service="test"\} 3/);
    health.markShuttingDown();
    expect((await get('/health')).status).toBe(503);
  });
});
