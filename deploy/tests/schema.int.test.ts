import { describe, expect, it } from 'vitest';
import { findUnknownFields, modelFor, validateAgainstSchemas } from './src/kube-schema.js';
import { EXAMPLES, type Manifest, renderChart } from './src/render.js';

/*
 * Every object the chart renders, in every variant, against the Kubernetes API schemas
 * (and the Prometheus Operator's CRD schemas), offline. See src/kube-schema.ts for how.
 */
const everythingOn = [
  'metrics.serviceMonitor.enabled=true',
  'metrics.prometheusRule.enabled=true',
  'validator.autoscaling.enabled=true',
  'nats.auth.mode=token',
  'nats.auth.token=t0ken',
  'nats.tls.enabled=true',
  'nats.tls.caSecret=nats-ca',
  'postgres.password=pw',
  'postgres.caSecret=pg-ca',
  'postgres.readReplica.enabled=true',
  'monerod.rpcLogin.user=u',
  'monerod.rpcLogin.password=p',
  'gateway.tls.certificate=CERT',
  'gateway.tls.key=KEY',
  'admin.token=0123456789abcdef',
  'admin.tls.existingSecret=admin-tls',
  'admin.tls.clientCaKey=ca.crt',
  'gateway.autoscaling.enabled=false',
  'statsWeb.autoscaling.enabled=true',
  'statsWeb.ingress.enabled=true',
  'statsWeb.ingress.host=pool.example.com',
  'statsWeb.ingress.className=nginx',
  'statsWeb.ingress.tlsSecret=web-tls',
  'statsWeb.ingress.annotations.cert-manager\\.io/cluster-issuer=letsencrypt',
  'statsWeb.service.annotations.team=pool',
];

const VARIANTS: Array<{ name: string; render: () => Manifest[] }> = [
  { name: 'default values', render: () => renderChart() },
  ...EXAMPLES.map((e) => ({
    name: `the ${e.name} example`,
    render: () => renderChart({ valuesFiles: [e.file] }),
  })),
  { name: 'every optional object and credential on', render: () => renderChart({ set: everythingOn }) },
];

describe.each(VARIANTS)('Kubernetes schemas, $name', ({ render }) => {
  const manifests = render();

  it('knows a schema for every kind rendered', () => {
    const unknown = manifests
      .filter((m) => !modelFor(m.apiVersion, m.kind))
      .map((m) => `${m.apiVersion} ${m.kind}`);
    expect(unknown).toEqual([]);
  });

  it('validates every object against its OpenAPI schema', () => {
    expect(validateAgainstSchemas(manifests)).toEqual([]);
  });

  it('has no field the API does not know', () => {
    expect(findUnknownFields(manifests)).toEqual([]);
  });
});

describe('the schema checks', () => {
  const manifests = renderChart({ set: everythingOn });

  it('cover the optional kinds', () => {
    const kinds = new Set(manifests.map((m) => m.kind));
    for (const k of [
      'ServiceMonitor',
      'PrometheusRule',
      'HorizontalPodAutoscaler',
      'Secret',
      'Job',
      'Ingress',
    ]) {
      expect(kinds.has(k), k).toBe(true);
    }
  });

  it('catch a wrong type and a misspelt field', () => {
    const broken = structuredClone(manifests);
    const deployment = broken.find((m) => m.kind === 'Deployment') as Manifest & {
      spec: { template: { spec: { containers: Array<Record<string, unknown>> } } };
    };
    const container = deployment.spec.template.spec.containers[0] as Record<string, unknown>;
    container.ports = [{ name: 'health', containerPort: 'nine-one-oh-one' }];
    const service = broken.find((m) => m.kind === 'Service') as Manifest & { spec: Record<string, unknown> };
    service.spec.externalTraficPolicy = 'Local';
    expect(
      validateAgainstSchemas(broken)
        .map((p) => p.message)
        .join('\n'),
    ).toMatch(/containerPort must be integer/);
    expect(
      findUnknownFields(broken)
        .map((p) => `${p.object}: ${p.message}`)
        .join('\n'),
    ).toMatch(/Service\/.*externalTraficPolicy/);
  });
});
