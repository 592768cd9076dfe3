import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ensureKubeTools } from './kube-tools.js';
import { chartDir } from './paths.js';

/** One object of a rendered chart, as helm printed it. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export class HelmError extends Error {
  override name = 'HelmError';
}

export const RELEASE = 'pool';
export const NAMESPACE = 'mining';

/** The example values files shipped with the chart. */
export const EXAMPLES = ['small', 'large'].map((n) => ({
  name: n,
  file: join(chartDir, 'examples', `${n}.yaml`),
}));

/** Runs helm 3 (or the given binary, e.g. helm 4). */
export function helm(args: string[], bin = ensureKubeTools().helm): string {
  try {
    return execFileSync(bin, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HELM_CACHE_HOME: '/tmp/rxpool-helm', HELM_CONFIG_HOME: '/tmp/rxpool-helm' },
    });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new HelmError(`helm ${args.join(' ')}: ${e.stderr || e.stdout || e.message}`);
  }
}

/** `helm template` with the given values files and --set pairs, parsed. */
export function renderChart(
  options: { valuesFiles?: string[]; set?: string[]; showOnly?: string } = {},
): Manifest[] {
  const args = ['template', RELEASE, chartDir, '--namespace', NAMESPACE];
  for (const f of options.valuesFiles ?? []) args.push('--values', f);
  for (const s of options.set ?? []) args.push('--set', s);
  if (options.showOnly) args.push('--show-only', options.showOnly);
  return parseManifests(helm(args));
}

export function parseManifests(text: string): Manifest[] {
  const out: Manifest[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new HelmError(`rendered YAML does not parse: ${doc.errors[0]?.message}`);
    const value = doc.toJS({ maxAliasCount: -1 }) as Manifest | null;
    if (value) out.push(value);
  }
  return out;
}

export function byKind(manifests: Manifest[], kind: string): Manifest[] {
  return manifests.filter((m) => m.kind === kind);
}

export function named(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new HelmError(`no ${kind} named ${name} in the rendered chart`);
  return found;
}
