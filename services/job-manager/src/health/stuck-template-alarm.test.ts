import { createLogger, createMetricsRegistry, HealthRegistry } from '@rxpool/observability';
import { describe, expect, it } from 'vitest';
import { JobManagerMetrics } from '../metrics/job-manager-metrics.js';
import { StuckTemplateAlarm, TEMPLATES_HEALTH } from './stuck-template-alarm.js';

function setup() {
  const state = { chain: undefined as number | undefined, template: undefined as number | undefined, now: 0 };
  const health = new HealthRegistry();
  const registry = createMetricsRegistry('test');
  const metrics = new JobManagerMetrics(registry);
  const alarm = new StuckTemplateAlarm(
    { chainHeight: () => state.chain, templateHeight: () => state.template },
    health,
    metrics,
    createLogger('test', 'silent'),
    30_000,
    () => state.now,
  );
  const stuck = async () =>
    (await registry.getSingleMetric('rxpool_job_manager_template_stuck')?.get())?.values[0]?.value;
  return { state, health, alarm, stuck };
}

describe('StuckTemplateAlarm', () => {
  it('fires only after monerod has been ahead of our template for the whole period', async () => {
    const { state, health, alarm, stuck } = setup();
    state.chain = 10;
    state.template = 10;
    alarm.check();
    expect(health.snapshot().dependencies[TEMPLATES_HEALTH]?.ok).toBe(true);
    state.chain = 11;
    state.now = 1_000;
    alarm.check();
    state.now = 30_999;
    alarm.check();
    expect(alarm.isFiring).toBe(false);
    state.now = 31_000;
    alarm.check();
    expect(alarm.isFiring).toBe(true);
    expect(health.snapshot().dependencies[TEMPLATES_HEALTH]?.ok).toBe(false);
    expect(await stuck()).toBe(1);
    state.template = 11;
    alarm.check();
    expect(alarm.isFiring).toBe(false);
    expect(health.isReady()).toBe(true);
    expect(await stuck()).toBe(0);
  });

  it('restarts the period when the template catches up in between', () => {
    const { state, alarm } = setup();
    state.template = 10;
    state.chain = 11;
    alarm.check();
    state.now = 20_000;
    state.template = 11;
    alarm.check();
    state.chain = 12;
    state.now = 40_000;
    alarm.check();
    state.now = 60_000;
    alarm.check();
    expect(alarm.isFiring).toBe(false);
    state.now = 70_000;
    alarm.check();
    expect(alarm.isFiring).toBe(true);
  });

  it('stays quiet on a standby and before monerod answered', () => {
    const { state, health, alarm } = setup();
    alarm.check();
    expect(alarm.isFiring).toBe(false);
    state.chain = 50;
    state.now = 1e9;
    alarm.stop('standby');
    expect(health.snapshot().dependencies[TEMPLATES_HEALTH]).toMatchObject({ ok: true, detail: 'standby' });
  });
});
