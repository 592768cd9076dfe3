import { loadConfig, readCommonConfig } from '@rxpool/config';
import { freePort } from '@rxpool/devstack';
import { describe, expect, it } from 'vitest';
import { runService } from './run-service.js';
import { serviceModule } from './service-module.js';
import { HEALTH, valueToken } from './tokens.js';

describe('runService', () => {
  it('answers not ready until the whole application has started, even with no dependency checks', async () => {
    const port = await freePort();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started = runService({
      common: loadConfig((env) => readCommonConfig(env, 'startup-test', port), {
        HEALTH_HOST: '127.0.0.1',
        LOG_LEVEL: 'error',
      }),
      nats: false,
      // A provider that takes its time, as a module connecting at start does: nothing else registers a check.
      appModule: (kit) => ({
        module: class SlowStartingApp {},
        imports: [kit],
        providers: [{ provide: 'SLOW', useFactory: () => gate.then(() => 'ready') }],
      }),
    });
    const ready = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      return { code: res.status, body: (await res.json()) as { checks?: Record<string, unknown> } };
    };
    // The health server listens before the application starts.
    let before: Awaited<ReturnType<typeof ready>> | undefined;
    for (let i = 0; i < 100 && before === undefined; i++) {
      before = await ready().catch(() => undefined);
      if (before === undefined) await new Promise((r) => setTimeout(r, 50));
    }
    expect(before?.code).toBe(503);
    expect(JSON.stringify(before?.body)).toContain('startup');
    release();
    const app = await started;
    expect((await ready()).code).toBe(200);
    await app.close();
  });

  it('starts the runtime after every provider, stops it once not ready, and closes the health server last', async () => {
    const port = await freePort();
    const events: string[] = [];
    const common = loadConfig((env) => readCommonConfig(env, 'lifecycle-test', port), {
      HEALTH_HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
    });
    const PART = valueToken<string>('part');
    class Runtime {
      constructor(private readonly health: { snapshot(): { shuttingDown: boolean } }) {}
      start() {
        events.push('start');
      }
      async stop() {
        events.push(`stop (shutting down: ${this.health.snapshot().shuttingDown})`);
        const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
        events.push(`health server during stop: ${res.status}`);
      }
    }
    class LifecycleTestModule {}
    const app = await runService({
      common,
      nats: false,
      appModule: (kit) =>
        serviceModule({
          module: LifecycleTestModule,
          kit,
          config: {},
          providers: [
            { provide: PART, useFactory: () => events.push('part built') },
            { provide: Runtime, inject: [HEALTH, PART], useFactory: (health) => new Runtime(health) },
          ],
          runtime: Runtime,
        }),
    });
    await app.close();
    expect(events).toEqual([
      'part built',
      'start',
      'stop (shutting down: true)',
      'health server during stop: 503',
    ]);
    await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
  });
});
