import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureTlsCertificate } from '@rxpool/local-pool';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IService } from 'kubernetes-models/v1/Service';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readEntrypointMap } from './src/entrypoint-map.js';
import { ensureHelm4 } from './src/kube-tools.js';
import { registeredMetricNames, stringListIn } from './src/metric-names.js';
import { chartDir, repoRoot } from './src/paths.js';
import { baseMetricName, readPromql } from './src/promql.js';
import {
  byKind,
  EXAMPLES,
  helm,
  type Manifest,
  NAMESPACE,
  named,
  parseManifests,
  RELEASE,
  renderChart,
} from './src/render.js';
import { type Component, SERVICE_DIRS, scanEnvReads, serviceEnv } from './src/service-env.js';
import { asDeployment, asJob, containerEnv, envValues, onlyContainer, podSpec } from './src/workloads.js';

/*
 * The chart rendered by a real helm binary with the default values and with each example,
 * then read object by object.
 */
const full = `${RELEASE}-rxpool`;
const COMPONENTS = Object.keys(SERVICE_DIRS) as Component[];
/** Read by node-postgres itself when the connection URL carries no password. */
const LIBRARY_VARIABLES = new Set(['PGPASSWORD']);

const VARIANTS = [
  { name: 'default', valuesFiles: [] as string[] },
  ...EXAMPLES.map((e) => ({ name: e.name, valuesFiles: [e.file] })),
];

const rendered = new Map<string, Manifest[]>();
beforeAll(() => {
  for (const v of VARIANTS) rendered.set(v.name, renderChart({ valuesFiles: v.valuesFiles }));
});
const manifestsOf = (variant: string) => rendered.get(variant) as Manifest[];
const deploymentOf = (ms: Manifest[], component: Component) =>
  named(ms, 'Deployment', `${full}-${component}`);
const envOf = (ms: Manifest[], component: Component) =>
  envValues(containerEnv(onlyContainer(deploymentOf(ms, component)), ms));

describe('helm lint --strict', () => {
  for (const v of VARIANTS) {
    it(`passes with the ${v.name} values`, () => {
      const out = helm(['lint', '--strict', chartDir, ...v.valuesFiles.flatMap((f) => ['--values', f])]);
      expect(out).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    });
  }

  it('passes with helm 4 too, which renders the same objects', () => {
    const helm4 = ensureHelm4();
    expect(helm(['version', '--short'], helm4)).toMatch(/^v4\./);
    for (const v of VARIANTS) {
      const files = v.valuesFiles.flatMap((f) => ['--values', f]);
      expect(helm(['lint', '--strict', chartDir, ...files], helm4)).toMatch(/0 chart\(s\) failed/);
      const text = helm(['template', RELEASE, chartDir, '--namespace', NAMESPACE, ...files], helm4);
      const names = (ms: Manifest[]) => ms.map((m) => `${m.kind}/${m.metadata.name}`).sort();
      expect(names(parseManifests(text)), v.name).toEqual(names(manifestsOf(v.name)));
    }
  });

  it('rejects a misspelt value, a value outside its set and a wrong type (values.schema.json)', () => {
    expect(() => renderChart({ set: ['gateway.replicaCont=3'] })).toThrow(/replicaCont is not allowed/);
    expect(() => renderChart({ set: ['postgres.sslmode=required'] })).toThrow(/sslmode must be one of/);
    expect(() => renderChart({ set: ['gateway.autoscaling.enabled=maybe'] })).toThrow(/autoscaling.enabled/);
    expect(() => renderChart({ set: ['gateway.schemes={pplns,ppx}'] })).toThrow(/schemes.1 must be one of/);
    // A tag given as a number on the command line still makes a valid image reference.
    const ms = renderChart({ set: ['image.tag=7'] });
    expect(onlyContainer(deploymentOf(ms, 'gateway')).image).toMatch(/:7$/);
  });

  it('fails on a grace period shorter than the gateway drain', () => {
    expect(() =>
      renderChart({ set: ['gateway.terminationGracePeriodSeconds=10', 'gateway.preStopDelaySeconds=15'] }),
    ).toThrow(/terminationGracePeriodSeconds must exceed/);
  });
});

describe.each(VARIANTS.map((v) => v.name))('rendered with the %s values', (variant) => {
  it('has one Deployment per service, the stratum, admin and web Services, PDBs, HPA and the migrate hook', () => {
    const ms = manifestsOf(variant);
    expect(
      byKind(ms, 'Deployment')
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual(COMPONENTS.map((c) => `${full}-${c}`).sort());
    expect(byKind(ms, 'PodDisruptionBudget')).toHaveLength(COMPONENTS.length);
    expect(byKind(ms, 'HorizontalPodAutoscaler').map((h) => h.metadata.name)).toContain(`${full}-gateway`);
    named(ms, 'Service', `${full}-stratum`);
    named(ms, 'Service', `${full}-stats-web`);
    // The admin API is served only with a token: the default values give none.
    const admin = ms.filter((m) => m.kind === 'Service' && m.metadata.name === `${full}-admin`);
    expect(admin).toHaveLength(variant === 'default' ? 0 : 1);
    named(ms, 'Job', `${full}-migrate`);
    named(ms, 'ConfigMap', `${full}-dashboard`);
    for (const m of ms) expect(m.metadata.labels?.['app.kubernetes.io/instance']).toBe(RELEASE);
  });

  it('runs each Deployment through the image entry point, probed on /health at its health port', () => {
    const ms = manifestsOf(variant);
    const services = readEntrypointMap();
    for (const component of COMPONENTS) {
      const d = deploymentOf(ms, component);
      const c = onlyContainer(d);
      expect(c.args, component).toEqual([component]);
      expect(services.has(component)).toBe(true);
      const health = c.ports?.find((p) => p.name === 'health');
      const env = envValues(containerEnv(c, ms));
      expect(String(health?.containerPort)).toBe(env.HEALTH_PORT);
      expect(c.readinessProbe?.httpGet).toMatchObject({ path: '/health', port: 'health' });
      expect(c.livenessProbe?.httpGet).toMatchObject({ path: '/health/live', port: 'health' });
      const annotations = asDeployment(d).spec?.template.metadata?.annotations ?? {};
      expect(annotations['prometheus.io/scrape']).toBe('true');
      expect(annotations['prometheus.io/port']).toBe(String(health?.containerPort));
      expect(annotations['prometheus.io/path']).toBe('/metrics');
    }
  });

  it('runs every pod as a non-root user without privileges, on a read-only root file system', () => {
    const ms = manifestsOf(variant);
    const workloads = [...byKind(ms, 'Deployment'), ...byKind(ms, 'Job')];
    for (const w of workloads) {
      const pod = podSpec(w);
      // The Pod Security Standards' "restricted" profile asks for all of this.
      expect(pod.securityContext, w.metadata.name).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 10001,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.automountServiceAccountToken).toBe(false);
      const c = onlyContainer(w);
      expect(c.securityContext, w.metadata.name).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      // Every mount names a volume of the pod; /tmp is writable.
      const volumes = new Set((pod.volumes ?? []).map((v) => v.name));
      for (const m of c.volumeMounts ?? [])
        expect(volumes.has(m.name), `${w.metadata.name}: ${m.name}`).toBe(true);
      expect(c.volumeMounts?.some((m) => m.mountPath === '/tmp')).toBe(true);
    }
  });

  it('exposes the gateway through a TCP LoadBalancer that keeps miner IPs', () => {
    const ms = manifestsOf(variant);
    const svc = named(ms, 'Service', `${full}-stratum`) as unknown as IService;
    expect(svc.spec?.type).toBe('LoadBalancer');
    expect(svc.spec?.externalTrafficPolicy).toBe('Local');
    const gateway = onlyContainer(deploymentOf(ms, 'gateway'));
    const containerPorts = new Map((gateway.ports ?? []).map((p) => [p.name, p.containerPort]));
    const env = envValues(containerEnv(gateway, ms));
    const listening = [...env.STRATUM_PORTS!.split(','), ...env.STRATUM_TLS_PORTS!.split(',')]
      .filter(Boolean)
      .map(Number);
    expect(svc.spec?.ports?.map((p) => p.port).sort()).toEqual(listening.sort());
    for (const p of svc.spec?.ports ?? []) {
      expect(p.protocol).toBe('TCP');
      expect(containerPorts.get(String(p.targetPort)), `${p.name} targets a container port`).toBe(p.port);
    }
    expect(containerPorts.has('health')).toBe(true);
    expect(svc.spec?.ports?.some((p) => p.port === containerPorts.get('health'))).toBe(false);
  });

  it('drains gateways: preStop delay, drain timeout and grace period fit together', () => {
    const ms = manifestsOf(variant);
    const d = deploymentOf(ms, 'gateway');
    const c = onlyContainer(d);
    const command = c.lifecycle?.preStop?.exec?.command ?? [];
    expect(command[0]).toBe('sleep');
    const preStop = Number(command[1]);
    const drain = Number(envValues(containerEnv(c, ms)).GATEWAY_DRAIN_TIMEOUT_MS) / 1000;
    expect(preStop).toBeGreaterThan(0);
    expect(podSpec(d).terminationGracePeriodSeconds).toBeGreaterThan(preStop + drain);
    const strategy = asDeployment(d).spec?.strategy;
    expect(strategy?.rollingUpdate?.maxUnavailable).toBe(0);
  });

  it('scales gateways with an HPA, which then owns the replica count', () => {
    const ms = manifestsOf(variant);
    const hpa = named(
      ms,
      'HorizontalPodAutoscaler',
      `${full}-gateway`,
    ) as unknown as IHorizontalPodAutoscaler;
    expect(hpa.spec?.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: `${full}-gateway` });
    expect(hpa.spec?.minReplicas).toBeGreaterThanOrEqual(1);
    expect(hpa.spec?.maxReplicas).toBeGreaterThan(hpa.spec?.minReplicas ?? 0);
    expect(asDeployment(deploymentOf(ms, 'gateway')).spec?.replicas).toBeUndefined();
  });

  it('gives each gateway replica its own work: no fixed instance id, a leased one', () => {
    const ms = manifestsOf(variant);
    const env = containerEnv(onlyContainer(deploymentOf(ms, 'gateway')), ms);
    expect([...env.keys()].filter((k) => /INSTANCE_ID|WORKER_ID/.test(k))).toEqual([]);
    expect(Number(envValues(env).INSTANCE_LEASE_TTL_MS)).toBeGreaterThan(0);
    expect(byKind(ms, 'StatefulSet')).toEqual([]);
    // The gateway source leases its id from NATS KV.
    expect(serviceEnv(SERVICE_DIRS.gateway).files.some((f) => f.endsWith('instance-id-lease.ts'))).toBe(true);
  });

  it('covers every Deployment with a PodDisruptionBudget whose selector matches its pods', () => {
    const ms = manifestsOf(variant);
    const pdbs = byKind(ms, 'PodDisruptionBudget') as unknown as IPodDisruptionBudget[];
    for (const component of COMPONENTS) {
      const labels = asDeployment(deploymentOf(ms, component)).spec?.template.metadata?.labels ?? {};
      const matching = pdbs.filter((p) =>
        Object.entries(p.spec?.selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v),
      );
      expect(matching, component).toHaveLength(1);
      expect(matching[0]?.spec?.maxUnavailable).toBeDefined();
    }
  });

  it('points every Service at pods that exist, on ports they name', () => {
    const ms = manifestsOf(variant);
    const pods = byKind(ms, 'Deployment').map((d) => ({
      labels: asDeployment(d).spec?.template.metadata?.labels ?? {},
      ports: new Set((onlyContainer(d).ports ?? []).map((p) => p.name)),
    }));
    for (const s of byKind(ms, 'Service') as unknown as IService[]) {
      const selector = s.spec?.selector ?? {};
      const target = pods.find((p) => Object.entries(selector).every(([k, v]) => p.labels[k] === v));
      expect(target, `${s.metadata?.name} selects no pod`).toBeDefined();
      for (const port of s.spec?.ports ?? []) expect(target?.ports.has(String(port.targetPort))).toBe(true);
    }
  });

  it('runs migrate as a pre-install/pre-upgrade hook Job that needs no release object', () => {
    const ms = manifestsOf(variant);
    const job = named(ms, 'Job', `${full}-migrate`);
    expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    const c = onlyContainer(job);
    expect(c.args).toEqual(['migrate']);
    expect(asJob(job).spec?.template.spec?.restartPolicy).toBe('Never');
    // Hooks run before the release's objects exist: nothing from its ConfigMaps, Secret or ServiceAccount.
    const releaseObjects = new Set(
      ms.filter((m) => !m.metadata.annotations?.['helm.sh/hook']).map((m) => m.metadata.name),
    );
    expect(c.envFrom ?? []).toEqual([]);
    for (const e of c.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef?.name ?? e.valueFrom?.configMapKeyRef?.name;
      if (ref) expect(releaseObjects.has(ref), `${e.name} reads ${ref}, a release object`).toBe(false);
    }
    const sa = podSpec(job).serviceAccountName;
    if (sa) expect(releaseObjects.has(sa)).toBe(false);
    // The hook Secret (if any) is created before the Job.
    const hookSecret = ms.find((m) => m.kind === 'Secret' && m.metadata.annotations?.['helm.sh/hook']);
    if (hookSecret) {
      expect(Number(hookSecret.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(
        Number(job.metadata.annotations?.['helm.sh/hook-weight']),
      );
    }
  });
});

describe('environment of each service', () => {
  const migrate = scanEnvReads(readFileSync(join(repoRoot, 'services/accounting/src/migrate.ts'), 'utf8'));

  it.each(VARIANTS.map((v) => v.name))('every variable a service requires is set (%s values)', (variant) => {
    const ms = manifestsOf(variant);
    for (const component of COMPONENTS) {
      const { required } = serviceEnv(SERVICE_DIRS[component]);
      const env = containerEnv(onlyContainer(deploymentOf(ms, component)), ms);
      for (const name of required) {
        expect(env.has(name), `${component} requires ${name}`).toBe(true);
        // The defaults leave the operator's own wallet address empty (NOTES.txt says so); examples fill it.
        if (variant !== 'default')
          expect(envValues(env)[name], `${component}: ${name} is empty`).not.toBe('');
      }
    }
    const jobEnv = containerEnv(onlyContainer(named(ms, 'Job', `${full}-migrate`)), ms);
    for (const name of migrate.required) expect(jobEnv.has(name), `migrate requires ${name}`).toBe(true);
  });

  it('the required lists come from the sources and are not empty where a service has a must-have', () => {
    expect(serviceEnv(SERVICE_DIRS['job-manager']).required.has('POOL_WALLET_ADDRESS')).toBe(true);
    expect(serviceEnv(SERVICE_DIRS.accounting).required.has('DATABASE_URL')).toBe(true);
    expect(serviceEnv(SERVICE_DIRS['stats-web']).required.has('DATABASE_URL')).toBe(true);
    expect(migrate.required.has('DATABASE_URL')).toBe(true);
  });

  it.each(VARIANTS.map((v) => v.name))(
    'every variable the chart sets is one the service reads (%s values)',
    (variant) => {
      const ms = manifestsOf(variant);
      for (const component of COMPONENTS) {
        const { all } = serviceEnv(SERVICE_DIRS[component]);
        const env = containerEnv(onlyContainer(deploymentOf(ms, component)), ms);
        const unread = [...env.keys()].filter((k) => !all.has(k) && !LIBRARY_VARIABLES.has(k));
        expect(unread, `${component} sets variables its service never reads`).toEqual([]);
      }
      const jobEnv = containerEnv(onlyContainer(named(ms, 'Job', `${full}-migrate`)), ms);
      expect([...jobEnv.keys()].filter((k) => !migrate.all.has(k) && !LIBRARY_VARIABLES.has(k))).toEqual([]);
    },
  );

  it.each(EXAMPLES.map((e) => e.name))(
    "the services' own config readers accept the %s example",
    async (variant) => {
      const { EnvReader } = await import('@rxpool/config');
      const ms = manifestsOf(variant);
      // Files the pods get from mounted Secrets (some readers check they exist, stats-web reads the stratum
      // certificate): stand-ins under a temp folder, a real certificate for each *.crt.
      const mounts = mkdtempSync(join(tmpdir(), 'rxpool-mounts-'));
      const tls = await ensureTlsCertificate(mounts, 'stratum.test');
      const certificate = readFileSync(tls.certFile, 'utf8');
      const mounted = (env: Record<string, string>) => {
        for (const [name, value] of Object.entries(env)) {
          if (!value.startsWith('/etc/rxpool/')) continue;
          const file = join(mounts, value);
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, value.endsWith('.crt') ? certificate : '');
          env[name] = file;
        }
        return env;
      };
      for (const component of COMPONENTS) {
        const module = (await import(join(repoRoot, SERVICE_DIRS[component], 'src/config.ts'))) as Record<
          string,
          unknown
        >;
        const readers = Object.entries(module).filter(
          ([n, f]) => /^read\w*Config$/.test(n) && typeof f === 'function',
        );
        expect(readers, `${component}: one read…Config export`).toHaveLength(1);
        const read = readers[0]?.[1] as (env: InstanceType<typeof EnvReader>) => unknown;
        // Values from Secrets outside the chart: a stand-in that fits a `user:password` login too.
        const values = envValues(
          containerEnv(onlyContainer(deploymentOf(ms, component)), ms),
          () => 'user:a-secret-of-16+chars',
        );
        const env = new EnvReader(mounted(values));
        const config = read(env) as { stratum?: { tlsFingerprint: string } };
        expect(() => env.done(), component).not.toThrow();
        // The connect page shows the fingerprint of the very certificate the gateways serve.
        if (component === 'stats-web' && values.STRATUM_TLS_CERT_FILE) {
          expect(config.stratum?.tlsFingerprint).toBe(tls.fingerprint);
        }
      }
    },
  );

  it("reaches Postgres as the operator asked: libpq's sslmode, the password from PGPASSWORD", () => {
    // node-postgres as accounting resolves it: the library the service really uses.
    const pg = createRequire(join(repoRoot, SERVICE_DIRS.accounting, 'package.json'))('pg') as {
      Client: new (config: {
        connectionString: string;
      }) => {
        connectionParameters: { ssl: unknown; password: unknown; user: string; host: string };
      };
    };
    const urlFor = (sslmode: string) => {
      const ms = renderChart({ set: [`postgres.sslmode=${sslmode}`, 'postgres.password=pw'] });
      return envValues(containerEnv(onlyContainer(deploymentOf(ms, 'accounting')), ms))
        .DATABASE_URL as string;
    };
    const saved = process.env.PGPASSWORD;
    process.env.PGPASSWORD = 'from-the-secret';
    try {
      const encrypted = new pg.Client({ connectionString: urlFor('require') }).connectionParameters;
      expect(encrypted.ssl).toMatchObject({ rejectUnauthorized: false }); // encrypted, not verified (libpq)
      expect(encrypted.password).toBe('from-the-secret');
      expect(encrypted.user).toBe('rxpool');
      expect(new pg.Client({ connectionString: urlFor('disable') }).connectionParameters.ssl).toBe(false);
      const full = new pg.Client({ connectionString: urlFor('verify-full') }).connectionParameters.ssl;
      expect(full).toBeTypeOf('object');
      expect((full as { rejectUnauthorized?: boolean }).rejectUnauthorized).not.toBe(false);
    } finally {
      if (saved === undefined) delete process.env.PGPASSWORD;
      else process.env.PGPASSWORD = saved;
    }
  });

  it('keeps credentials out of ConfigMaps', () => {
    const ms = manifestsOf('small');
    const small = parseYaml(readFileSync(EXAMPLES[0]!.file, 'utf8')) as {
      nats: { auth: { password: string } };
      postgres: { password: string };
      walletRpc: { password: string };
      admin: { token: string };
    };
    const secrets = [
      small.nats.auth.password,
      small.postgres.password,
      small.walletRpc.password,
      small.admin.token,
    ];
    for (const cm of byKind(ms, 'ConfigMap')) {
      const text = JSON.stringify(cm.data);
      for (const s of secrets) expect(text.includes(s), `${cm.metadata.name} holds a credential`).toBe(false);
    }
    const env = containerEnv(onlyContainer(deploymentOf(ms, 'accounting')), ms);
    expect(env.get('PGPASSWORD')).toMatchObject({ from: 'secret', value: small.postgres.password });
    expect(env.get('ADMIN_TOKEN')).toMatchObject({ from: 'secret', value: small.admin.token });
  });
});

describe('reward schemes and found blocks', () => {
  const address =
    '42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfJJQAWDm';

  it.each(VARIANTS.map((v) => v.name))(
    'gives the gateways and accounting one PPS reward address (%s values)',
    (variant) => {
      const ms = manifestsOf(variant);
      const gateway = envOf(ms, 'gateway');
      expect(gateway.PPS_REWARD_ADDRESS).toBe(envOf(ms, 'accounting').PPS_REWARD_ADDRESS);
      // The large example offers PPS, so it names the account; the others leave it empty.
      expect(gateway.PPS_REWARD_ADDRESS).toBe(variant === 'large' ? address : '');
      expect(gateway.STRATUM_SCHEMES).toBe(variant === 'large' ? 'pplns,pps,solo' : 'pplns,solo');
    },
  );

  it('renders the schemes, the PPS address, the orphan depth and the ingest grace from the values', () => {
    const ms = renderChart({
      set: [
        'gateway.schemes={pps,solo}',
        'gateway.defaultScheme=pps',
        `accounting.ppsRewardAddress=${address}`,
        'accounting.orphanDepth=20',
        'accounting.splitIngestGraceSeconds=30',
      ],
    });
    const [gateway, accounting] = [envOf(ms, 'gateway'), envOf(ms, 'accounting')];
    expect(gateway).toMatchObject({
      STRATUM_SCHEMES: 'pps,solo',
      STRATUM_DEFAULT_SCHEME: 'pps',
      PPS_REWARD_ADDRESS: address,
    });
    expect(accounting).toMatchObject({
      PPS_REWARD_ADDRESS: address,
      ORPHAN_DEPTH: '20',
      SPLIT_INGEST_GRACE_MS: '30000',
    });
    expect(envOf(ms, 'stats-web').STRATUM_DEFAULT_SCHEME).toBe('pps');
    const defaults = envOf(manifestsOf('default'), 'accounting');
    expect({ orphan: defaults.ORPHAN_DEPTH, grace: defaults.SPLIT_INGEST_GRACE_MS }).toEqual({
      orphan: '10',
      grace: '15000',
    });
  });

  it('refuses to offer PPS without the account that funds it, as the gateway does', () => {
    expect(() => renderChart({ set: ['gateway.schemes={pplns,pps}'] })).toThrow(
      /gateway.schemes offers pps, which needs accounting.ppsRewardAddress/,
    );
    // The same values with the address render.
    renderChart({ set: ['gateway.schemes={pplns,pps}', `accounting.ppsRewardAddress=${address}`] });
  });

  it('refuses a default scheme outside the offered ones, and an orphan depth beyond the unlock depth', () => {
    expect(() => renderChart({ set: ['gateway.defaultScheme=pps'] })).toThrow(
      /gateway.defaultScheme pps must be one of gateway.schemes \(pplns, solo\)/,
    );
    expect(() => renderChart({ set: ['accounting.orphanDepth=61'] })).toThrow(
      /accounting.orphanDepth must be at least 1 and not exceed accounting.unlockDepth/,
    );
    expect(() => renderChart({ set: ['accounting.orphanDepth=0'] })).toThrow(
      /orphanDepth must be at least 1/,
    );
  });
});

describe('PROXY protocol', () => {
  it('is off by default and, turned on, gives the gateway its trusted balancers', () => {
    expect(envOf(manifestsOf('default'), 'gateway').STRATUM_PROXY_PROTOCOL).toBeUndefined();
    const ms = renderChart({
      set: ['gateway.proxyProtocol.enabled=true', 'gateway.proxyProtocol.trustedCidrs={10.0.0.0/8,fd00::/8}'],
    });
    expect(envOf(ms, 'gateway')).toMatchObject({
      STRATUM_PROXY_PROTOCOL: 'true',
      STRATUM_PROXY_TRUSTED_CIDRS: '10.0.0.0/8,fd00::/8',
    });
  });

  it('refuses to turn it on without the balancers to trust, as the gateway does', () => {
    expect(() => renderChart({ set: ['gateway.proxyProtocol.enabled=true'] })).toThrow(
      /gateway.proxyProtocol.enabled needs gateway.proxyProtocol.trustedCidrs/,
    );
  });
});

describe('stats-web', () => {
  const web = `${full}-stats-web`;
  const large = EXAMPLES.find((e) => e.name === 'large')?.file as string;
  const exampleValues = (variant: string) =>
    parseYaml(readFileSync(EXAMPLES.find((e) => e.name === variant)?.file as string, 'utf8')) as {
      statsWeb: { ingress: { host: string; className: string; tlsSecret: string } };
    };

  it.each(VARIANTS.map((v) => v.name))(
    'serves its web port through a ClusterIP Service and rolls out without losing capacity (%s values)',
    (variant) => {
      const ms = manifestsOf(variant);
      const d = deploymentOf(ms, 'stats-web');
      const c = onlyContainer(d);
      const http = c.ports?.find((p) => p.name === 'http');
      expect(String(http?.containerPort)).toBe(envOf(ms, 'stats-web').WEB_PORT);
      const svc = named(ms, 'Service', web) as unknown as IService;
      expect(svc.spec?.type).toBe('ClusterIP');
      expect(svc.spec?.ports).toEqual([
        expect.objectContaining({ name: 'http', targetPort: 'http', protocol: 'TCP' }),
      ]);
      // The public port is not a metrics endpoint: the ServiceMonitor must not pick it up.
      expect(svc.metadata?.labels?.['rxpool.io/metrics']).toBeUndefined();
      expect(asDeployment(d).spec?.strategy?.rollingUpdate?.maxUnavailable).toBe(0);
      const preStop = c.lifecycle?.preStop?.exec?.command ?? [];
      expect(preStop[0]).toBe('sleep');
      expect(podSpec(d).terminationGracePeriodSeconds).toBeGreaterThan(Number(preStop[1]));
    },
  );

  it.each(VARIANTS.map((v) => v.name))(
    "shows the writers' pool facts and the gateways' ports (%s values)",
    (variant) => {
      const ms = manifestsOf(variant);
      const env = envOf(ms, 'stats-web');
      const accounting = envOf(ms, 'accounting');
      const gateway = envOf(ms, 'gateway');
      for (const name of ['POOL_FEE_PERCENT', 'PPLNS_K', 'UNLOCK_DEPTH', 'PAYOUT_THRESHOLD'])
        expect(env[name], name).toBe(accounting[name]);
      expect(env.STRATUM_DEFAULT_SCHEME).toBe(gateway.STRATUM_DEFAULT_SCHEME);
      expect(env.STRATUM_PUBLIC_TLS_PORTS).toBe(gateway.STRATUM_TLS_PORTS);
      // The large example leaves its NiceHash port off the connect page.
      expect(env.STRATUM_PUBLIC_PORTS).toBe(variant === 'large' ? '3333' : gateway.STRATUM_PORTS);
    },
  );

  it('has no Ingress by default and then trusts no X-Forwarded-For', () => {
    const ms = manifestsOf('default');
    expect(byKind(ms, 'Ingress')).toEqual([]);
    expect(envOf(ms, 'stats-web').WEB_TRUST_PROXY).toBe('false');
    const own = renderChart({ set: ['statsWeb.trustProxy=true'] });
    expect(byKind(own, 'Ingress')).toEqual([]);
    expect(envOf(own, 'stats-web').WEB_TRUST_PROXY).toBe('true');
  });

  it.each(EXAMPLES.map((e) => e.name))(
    "routes the %s example's Ingress to the web Service and trusts the proxy it puts in front",
    (variant) => {
      const ms = manifestsOf(variant);
      const { host, className, tlsSecret } = exampleValues(variant).statsWeb.ingress;
      const ingress = named(ms, 'Ingress', web) as unknown as IIngress;
      expect(ingress.spec?.ingressClassName).toBe(className);
      expect(ingress.spec?.tls).toEqual([{ hosts: [host], secretName: tlsSecret }]);
      expect(ingress.spec?.rules).toHaveLength(1);
      const rule = ingress.spec?.rules?.[0];
      expect(rule?.host).toBe(host);
      expect(rule?.http?.paths).toHaveLength(1);
      const path = rule?.http?.paths[0];
      expect(path).toMatchObject({ path: '/', pathType: 'Prefix' });
      const svc = named(ms, 'Service', web) as unknown as IService;
      expect(path?.backend.service?.name).toBe(web);
      expect(svc.spec?.ports?.map((p) => p.name)).toContain(path?.backend.service?.port?.name);
      expect(envOf(ms, 'stats-web').WEB_TRUST_PROXY).toBe('true');
    },
  );

  it('asks for a host with the Ingress, and leaves TLS and the class out when not given', () => {
    expect(() => renderChart({ set: ['statsWeb.ingress.enabled=true'] })).toThrow(
      /statsWeb.ingress.host is required/,
    );
    const ms = renderChart({
      set: ['statsWeb.ingress.enabled=true', 'statsWeb.ingress.host=pool.example.com'],
    });
    const ingress = named(ms, 'Ingress', web) as unknown as IIngress;
    expect(ingress.spec?.tls).toBeUndefined();
    expect(ingress.spec?.ingressClassName).toBeUndefined();
  });

  it('reads the read replica when there is one, else the primary, as the same user with the same TLS', () => {
    const urls = (set: string[]) => {
      const ms = renderChart({ set: ['postgres.password=pw', ...set] });
      const env = containerEnv(onlyContainer(deploymentOf(ms, 'stats-web')), ms);
      expect(env.get('PGPASSWORD')).toMatchObject({ from: 'secret', value: 'pw' });
      return { web: envValues(env).DATABASE_URL as string, accounting: envOf(ms, 'accounting') };
    };
    const primary = urls([]);
    expect(primary.web).toBe(primary.accounting.DATABASE_URL);
    const replica = urls([
      'postgres.readReplica.enabled=true',
      'postgres.readReplica.host=pg-ro',
      'postgres.readReplica.port=6432',
    ]);
    expect(replica.web).toBe(replica.accounting.DATABASE_READ_URL);
    const [p, r] = [new URL(primary.web), new URL(replica.web)];
    expect(r.host).toBe('pg-ro:6432');
    expect({ user: r.username, db: r.pathname, query: r.search }).toEqual({
      user: p.username,
      db: p.pathname,
      query: p.search,
    });
  });

  it('in the large example reads the replica over verified TLS, and the stratum certificate without its key', () => {
    const ms = manifestsOf('large');
    const d = deploymentOf(ms, 'stats-web');
    const c = onlyContainer(d);
    const env = containerEnv(c, ms);
    const values = envValues(env);
    const url = new URL(values.DATABASE_URL as string);
    expect(url.hostname).toBe('pool-db-ro.databases.svc.cluster.local');
    expect(url.searchParams.get('sslmode')).toBe('verify-full');
    expect(env.get('PGPASSWORD')).toMatchObject({
      from: 'secret',
      secret: 'rxpool-credentials',
      key: 'postgres-password',
    });
    const volumes = podSpec(d).volumes ?? [];
    const volumeHolding = (file: string | null | undefined) => {
      const mount = c.volumeMounts?.find((m) => file?.startsWith(`${m.mountPath}/`));
      return volumes.find((v) => v.name === mount?.name);
    };
    expect(volumeHolding(url.searchParams.get('sslrootcert'))?.secret?.secretName).toBe('rxpool-ca');
    expect(volumeHolding(values.STRATUM_TLS_CERT_FILE)?.secret).toEqual({
      secretName: 'rxpool-stratum-tls',
      items: [{ key: 'tls.crt', path: 'tls.crt' }],
    });
    // With an autoscaler the Deployment leaves the replica count to it.
    const hpa = named(ms, 'HorizontalPodAutoscaler', web) as unknown as IHorizontalPodAutoscaler;
    expect(hpa.spec?.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: web });
    expect(asDeployment(d).spec?.replicas).toBeUndefined();
  });

  it('mounts no certificate when the fingerprint is given', () => {
    const fingerprint = 'ab'.repeat(32);
    const ms = renderChart({ valuesFiles: [large], set: [`statsWeb.stratum.tlsFingerprint=${fingerprint}`] });
    const d = deploymentOf(ms, 'stats-web');
    const env = envOf(ms, 'stats-web');
    expect(env.STRATUM_TLS_FINGERPRINT).toBe(fingerprint);
    expect(env.STRATUM_TLS_CERT_FILE).toBeUndefined();
    expect((podSpec(d).volumes ?? []).map((v) => v.name)).not.toContain('stratum-tls');
  });

  it('leaves nothing of stats-web behind when disabled', () => {
    const ms = renderChart({
      set: [
        'statsWeb.enabled=false',
        'statsWeb.ingress.enabled=true',
        'statsWeb.autoscaling.enabled=true',
        'metrics.prometheusRule.enabled=true',
      ],
    });
    expect(ms.filter((m) => JSON.stringify(m).includes('stats-web')).map((m) => m.metadata.name)).toEqual([]);
  });

  it('fails on a grace period no longer than its preStop delay', () => {
    expect(() =>
      renderChart({ set: ['statsWeb.terminationGracePeriodSeconds=5', 'statsWeb.preStopDelaySeconds=5'] }),
    ).toThrow(/statsWeb.terminationGracePeriodSeconds must exceed/);
  });
});

/** The alerting rules of the chart's PrometheusRule, every group's. */
function alertRules(ms: Manifest[]): Array<{ alert: string; expr: string; for?: string }> {
  const rule = named(ms, 'PrometheusRule', full) as Manifest & {
    spec: { groups: Array<{ rules: Array<{ alert: string; expr: string; for?: string }> }> };
  };
  return rule.spec.groups.flatMap((g) => g.rules);
}

describe('monitoring objects', () => {
  it('renders a ServiceMonitor over every metrics Service when enabled', () => {
    const ms = manifestsOf('large');
    const monitor = named(ms, 'ServiceMonitor', full) as Manifest & {
      spec: { selector: { matchLabels: Record<string, string> }; endpoints: Array<{ port: string }> };
    };
    const selected = (byKind(ms, 'Service') as unknown as IService[]).filter((s) =>
      Object.entries(monitor.spec.selector.matchLabels).every(([k, v]) => s.metadata?.labels?.[k] === v),
    );
    expect(selected.map((s) => s.metadata?.name).sort()).toEqual(
      COMPONENTS.map((c) => `${full}-${c}-metrics`).sort(),
    );
    expect(monitor.spec.endpoints.map((e) => e.port)).toEqual(['health']);
  });

  it('alerts on a stuck template, a full validator queue, failing payouts and a rejecting gateway', () => {
    const ms = manifestsOf('large');
    const rules = alertRules(ms);
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining([
        'RxpoolTemplateStuck',
        'RxpoolValidatorQueueFull',
        'RxpoolPayoutsFailing',
        'RxpoolGatewayRejectingShares',
        'RxpoolBlockWindowRowsMissing',
        'RxpoolBlockPpsUnfunded',
        'RxpoolBlockIngestIncomplete',
        'RxpoolBlockContested',
        'RxpoolPpsExposureHigh',
      ]),
    );
    const registered = registeredMetricNames();
    // The reasons accounting labels rxpool_accounting_blocks_waiting with (one series each).
    const waitReasons = stringListIn(
      readFileSync(join(repoRoot, SERVICE_DIRS.accounting, 'src/blocks/block-unlocker.ts'), 'utf8'),
      'WAIT_REASONS',
    );
    expect(waitReasons).toEqual(expect.arrayContaining(['window-rows-missing', 'pps-unfunded']));
    const unknown: string[] = [];
    const reasons: string[] = [];
    for (const r of rules) {
      const reading = readPromql(r.expr);
      expect(reading.errors, `${r.alert}: ${r.expr}`).toEqual([]);
      expect(r.expr).toContain(`namespace="${NAMESPACE}"`);
      for (const m of reading.metrics) {
        if (m !== 'up' && !registered.has(baseMetricName(m))) unknown.push(`${r.alert}: ${m}`);
      }
      for (const e of reading.equalities) if (e.label === 'reason') reasons.push(e.value);
    }
    expect(unknown, 'alerts on metrics no service registers').toEqual([]);
    expect(reasons.sort()).toEqual(['ingest-incomplete', 'pps-unfunded', 'window-rows-missing']);
    for (const reason of reasons) expect(waitReasons, `reason="${reason}"`).toContain(reason);
    // RxpoolTargetDown watches every metrics Service the ServiceMonitor scrapes.
    const targetDown = rules.find((r) => r.alert === 'RxpoolTargetDown')?.expr ?? '';
    const jobs = new RegExp(`^(?:${/job=~"([^"]+)"/.exec(targetDown)?.[1]})$`);
    for (const c of COMPONENTS) expect(`${full}-${c}-metrics`).toMatch(jobs);
  });

  it('alerts on PPS exposure only above a limit, the one given', () => {
    const alertsWith = (set: string[]) =>
      alertRules(renderChart({ set: ['metrics.prometheusRule.enabled=true', ...set] }));
    const exposure = (set: string[]) => alertsWith(set).find((r) => r.alert === 'RxpoolPpsExposureHigh');
    expect(exposure([])).toBeUndefined();
    // Atomic units past 2^31 and in float64's exact range, printed as digits.
    expect(exposure(['metrics.prometheusRule.ppsExposureAtomic=25000000000000'])?.expr).toMatch(
      /\) > 25000000000000$/,
    );
    const rules = alertsWith([]);
    const forOf = (alert: string) => rules.find((r) => r.alert === alert)?.for;
    expect(forOf('RxpoolBlockWindowRowsMissing')).toBeUndefined();
    expect(forOf('RxpoolBlockPpsUnfunded')).toBeUndefined();
    expect(forOf('RxpoolBlockIngestIncomplete')).toBe('15m');
    expect(forOf('RxpoolBlockContested')).toBe('30m');
  });

  it('renders neither without the Prometheus Operator (defaults)', () => {
    const ms = manifestsOf('default');
    expect(byKind(ms, 'ServiceMonitor')).toEqual([]);
    expect(byKind(ms, 'PrometheusRule')).toEqual([]);
  });
});
