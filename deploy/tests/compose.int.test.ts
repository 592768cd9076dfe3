import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { chartDir, repoRoot } from './src/paths.js';
import { renderChart } from './src/render.js';
import { SERVICE_DIRS, serviceEnv } from './src/service-env.js';
import { asJob, containerEnv, envValues, onlyContainer } from './src/workloads.js';

/*
 * The compose deployment (deploy/compose) is the chart's single-host twin: each service must
 * get the variables the chart gives it (the values may differ: a regtest devnet, no TLS to
 * Postgres), and run the image the chart and deploy/docker/build.sh name.
 */
interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string | number | boolean>;
}
const compose = parseYaml(readFileSync(join(repoRoot, 'deploy/compose/docker-compose.yml'), 'utf8'), {
  merge: true,
}) as { services: Record<string, ComposeService> };

/** A value as docker-compose substitutes it with no variables set: `${X:-d}` → d, `${X}` → ''. */
const substitute = (v: string) =>
  v.replace(/\$\{\w+(?::-([^}]*))?\}/g, (_, d: string | undefined) => d ?? '');
const composeEnv = (service: string): Record<string, string> =>
  Object.fromEntries(
    Object.entries(compose.services[service]?.environment ?? {}).map(([k, v]) => [k, substitute(String(v))]),
  );

// Every credential set, so the chart renders each variable it can give.
const manifests = renderChart({
  set: [
    'monero.poolWalletAddress=42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfJJQAWDm',
    'postgres.password=pg-password',
    'walletRpc.user=rxpool',
    'walletRpc.password=wallet-password',
    'admin.token=0123456789abcdef0123',
  ],
});
const chartEnv = (kind: 'Deployment' | 'Job', component: string) => {
  const m = manifests.find((x) => x.kind === kind && x.metadata.name.endsWith(`-${component}`));
  if (!m) throw new Error(`the chart renders no ${kind} for ${component}`);
  return envValues(containerEnv(onlyContainer(m), manifests));
};

describe('compose deployment', () => {
  it('runs every component of the chart, each through the image entry point', () => {
    for (const component of Object.keys(SERVICE_DIRS)) {
      expect(compose.services[component]?.command, component).toEqual([component]);
    }
    expect(compose.services.migrate?.command).toEqual(['migrate', 'up']);
  });

  it('gives each service exactly the variables the chart gives it, with its health port', () => {
    for (const component of Object.keys(SERVICE_DIRS)) {
      const chart = chartEnv('Deployment', component);
      const env = composeEnv(component);
      expect(Object.keys(env).sort(), component).toEqual(Object.keys(chart).sort());
      expect(env.HEALTH_PORT, component).toBe(chart.HEALTH_PORT);
    }
  });

  it('gives the migrate job what the chart’s migrate Job has', () => {
    const job = manifests.find((m) => m.kind === 'Job' && m.metadata.name.endsWith('-migrate'));
    expect(job && asJob(job).spec?.template.spec?.containers[0]?.args).toEqual(['migrate']);
    expect(Object.keys(composeEnv('migrate')).sort()).toEqual(Object.keys(chartEnv('Job', 'migrate')).sort());
  });

  it('sets every variable a service requires', () => {
    for (const [component, dir] of Object.entries(SERVICE_DIRS)) {
      const env = composeEnv(component);
      for (const name of serviceEnv(dir).required)
        expect(Object.keys(env), `${component}: ${name}`).toContain(name);
    }
  });

  it('runs the image the chart names by default, as deploy/docker/build.sh tags it', () => {
    const appVersion = /^appVersion: "([^"]+)"$/m.exec(
      readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'),
    )?.[1];
    const values = parseYaml(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as {
      image: { repository: string; tag: string };
    };
    const chartImage = `${values.image.repository}:${values.image.tag || appVersion}`;
    expect(chartImage).toBe(`rxpool:${appVersion}`);
    const build = readFileSync(join(repoRoot, 'deploy/docker/build.sh'), 'utf8');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell text, not a template
    expect(build).toContain('image="${RXPOOL_IMAGE:-rxpool:$version}"');
    expect(build).toMatch(/appVersion/);
    for (const component of [...Object.keys(SERVICE_DIRS), 'migrate'])
      expect(substitute(compose.services[component]?.image ?? ''), component).toBe(chartImage);
  });
});
