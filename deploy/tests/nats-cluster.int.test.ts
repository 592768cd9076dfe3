import { describe, expect, it } from 'vitest';
import { chartDir } from './src/paths.js';
import { EXAMPLES, helm, type Manifest, named, RELEASE, renderChart } from './src/render.js';
import { type Component, SERVICE_DIRS } from './src/service-env.js';
import { containerEnv, envValues, onlyContainer } from './src/workloads.js';

/*
 * The chart pointed at an existing NATS cluster instead of one server: the NATS project's own
 * chart (release `nats` in namespace `nats`, three servers with JetStream), as the chart
 * README describes. Rendered by a real helm binary.
 */
const NATS_CHART = ['nats.url=nats://nats.nats.svc:4222', 'nats.streamReplicas=3'];
const COMPONENTS = Object.keys(SERVICE_DIRS) as Component[];

const envOf = (ms: Manifest[], component: Component) =>
  envValues(containerEnv(onlyContainer(named(ms, 'Deployment', `${RELEASE}-rxpool-${component}`)), ms));

describe('values for an existing NATS cluster (the NATS project chart)', () => {
  it('gives every service the cluster Service URL and three stream replicas', () => {
    const ms = renderChart({ set: NATS_CHART });
    for (const component of COMPONENTS) {
      expect(envOf(ms, component), component).toMatchObject({
        NATS_URL: 'nats://nats.nats.svc:4222',
        NATS_STREAM_REPLICAS: '3',
      });
    }
  });

  it('passes helm lint --strict with them', () => {
    const out = helm(['lint', '--strict', chartDir, ...NATS_CHART.flatMap((s) => ['--set', s])]);
    expect(out).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  });

  it("keeps the services' default of one replica unless told, and three in the large example (three servers)", () => {
    const defaults = renderChart();
    const large = renderChart({ valuesFiles: EXAMPLES.filter((e) => e.name === 'large').map((e) => e.file) });
    for (const component of COMPONENTS) {
      expect(envOf(defaults, component).NATS_STREAM_REPLICAS, component).toBeUndefined();
      expect(envOf(large, component).NATS_STREAM_REPLICAS, component).toBe('3');
    }
  });

  it('refuses replicas JetStream cannot have', () => {
    for (const bad of ['0', '6', '1.5']) {
      expect(() => renderChart({ set: [`nats.streamReplicas=${bad}`] }), bad).toThrow(/streamReplicas/);
    }
  });

  it("is what the services' own config reader takes", async () => {
    const { EnvReader, readCommonConfig } = await import('@rxpool/config');
    const env = envOf(renderChart({ set: NATS_CHART }), 'validator');
    const reader = new EnvReader(env);
    const common = readCommonConfig(reader, 'share-validator', 9102);
    reader.done();
    expect(common.natsStreamReplicas).toBe(3);
    expect(common.natsUrl).toBe('nats://nats.nats.svc:4222');
  });
});
