import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { Manifest } from './render.js';

/** Typed views of rendered workloads, and the environment a container ends up with. */
export function asDeployment(m: Manifest): IDeployment {
  if (m.kind !== 'Deployment') throw new Error(`${m.metadata.name} is a ${m.kind}, not a Deployment`);
  return m as unknown as IDeployment;
}

export function asJob(m: Manifest): IJob {
  if (m.kind !== 'Job') throw new Error(`${m.metadata.name} is a ${m.kind}, not a Job`);
  return m as unknown as IJob;
}

export function podSpec(m: Manifest): IPodSpec {
  const spec = (m as unknown as IDeployment | IJob).spec?.template.spec;
  if (!spec) throw new Error(`${m.kind} ${m.metadata.name} has no pod template`);
  return spec;
}

export function onlyContainer(m: Manifest): IContainer {
  const containers = podSpec(m).containers;
  if (containers.length !== 1 || !containers[0])
    throw new Error(`${m.metadata.name}: expected one container`);
  return containers[0];
}

/** Where a variable's value comes from once Kubernetes has assembled the container's environment. */
export type EnvSource =
  | { from: 'value'; value: string }
  | { from: 'secret'; secret: string; key: string; value: string | undefined }
  | { from: 'configmap'; configMap: string; key: string; value: string | undefined }
  | { from: 'field'; path: string };

function dataOf(
  manifests: Manifest[],
  kind: 'ConfigMap' | 'Secret',
  name: string,
): Record<string, string> | undefined {
  const m = manifests.find((x) => x.kind === kind && x.metadata.name === name);
  if (!m) return undefined;
  if (kind === 'ConfigMap') return (m.data as Record<string, string> | undefined) ?? {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((m.data as Record<string, string> | undefined) ?? {})) {
    out[k] = Buffer.from(v, 'base64').toString('utf8');
  }
  for (const [k, v] of Object.entries((m.stringData as Record<string, string> | undefined) ?? {})) out[k] = v;
  return out;
}

/**
 * The container's environment as Kubernetes builds it: envFrom first, then env
 * (later entries win). Values from Secrets and ConfigMaps the chart rendered are
 * filled in; those from objects outside the chart stay undefined.
 */
export function containerEnv(container: IContainer, manifests: Manifest[]): Map<string, EnvSource> {
  const env = new Map<string, EnvSource>();
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const data = dataOf(manifests, 'ConfigMap', from.configMapRef.name ?? '');
      if (!data)
        throw new Error(`envFrom names ConfigMap ${from.configMapRef.name}, which the chart does not render`);
      for (const [k, v] of Object.entries(data)) env.set(prefix + k, { from: 'value', value: v });
    }
    if (from.secretRef) {
      const data = dataOf(manifests, 'Secret', from.secretRef.name ?? '') ?? {};
      for (const [k, v] of Object.entries(data)) env.set(prefix + k, { from: 'value', value: v });
    }
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env.set(e.name, { from: 'value', value: e.value });
    else if (e.valueFrom?.secretKeyRef) {
      const { name = '', key } = e.valueFrom.secretKeyRef;
      env.set(e.name, { from: 'secret', secret: name, key, value: dataOf(manifests, 'Secret', name)?.[key] });
    } else if (e.valueFrom?.configMapKeyRef) {
      const { name = '', key } = e.valueFrom.configMapKeyRef;
      env.set(e.name, {
        from: 'configmap',
        configMap: name,
        key,
        value: dataOf(manifests, 'ConfigMap', name)?.[key],
      });
    } else if (e.valueFrom?.fieldRef)
      env.set(e.name, { from: 'field', path: e.valueFrom.fieldRef.fieldPath });
    else env.set(e.name, { from: 'value', value: '' });
  }
  return env;
}

/** The environment as plain strings (for the services' own config readers). */
export function envValues(
  env: Map<string, EnvSource>,
  placeholder = (name: string) => `from-${name}`,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, source] of env) {
    if (source.from === 'field') out[name] = placeholder(name);
    else out[name] = source.value ?? placeholder(name);
  }
  return out;
}
