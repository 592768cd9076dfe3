import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from './paths.js';
import type { Manifest } from './render.js';

/**
 * Offline validation of rendered objects against the Kubernetes API schemas,
 * two ways:
 *  1. kubernetes-models' validators, compiled from the Kubernetes OpenAPI
 *     schemas (types, required fields, enums, formats such as int32 or
 *     quantities). The Prometheus Operator's ServiceMonitor and PrometheusRule
 *     come from @kubernetes-models/prometheus-operator (its CRD schemas).
 *  2. Those validators let unknown fields through, as the OpenAPI schemas do;
 *     a misspelt field is a silent no-op on a cluster. So every object is also
 *     written out as a TypeScript literal of the same models' interface and
 *     type-checked: TypeScript rejects any property the interface lacks.
 */
export interface ModelRef {
  module: string;
  className: string;
  interfaceName: string;
}

const CORE_GROUPS = new Set([
  'apps',
  'batch',
  'policy',
  'autoscaling',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
]);

export function modelFor(apiVersion: string, kind: string): ModelRef | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  let module: string;
  if (group === '') module = `kubernetes-models/${version}/${kind}`;
  else if (group && CORE_GROUPS.has(group)) module = `kubernetes-models/${group}/${version}/${kind}`;
  else if (group === 'monitoring.coreos.com') {
    module = `@kubernetes-models/prometheus-operator/monitoring.coreos.com/${version}/${kind}`;
  } else return undefined;
  return { module, className: kind, interfaceName: `I${kind}` };
}

export interface SchemaProblem {
  object: string;
  message: string;
}

const requireFromHere = createRequire(import.meta.url);

type ModelClass = new (data: unknown) => { validate(): void };

function label(m: Manifest): string {
  return `${m.kind}/${m.metadata?.name}`;
}

/** Check 1: the OpenAPI-derived validators. */
export function validateAgainstSchemas(manifests: Manifest[]): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const m of manifests) {
    const ref = modelFor(m.apiVersion, m.kind);
    if (!ref) {
      problems.push({ object: label(m), message: `no schema known for ${m.apiVersion} ${m.kind}` });
      continue;
    }
    const exported = requireFromHere(ref.module) as Record<string, ModelClass>;
    const Model = exported[ref.className];
    if (!Model) {
      problems.push({ object: label(m), message: `${ref.module} exports no ${ref.className}` });
      continue;
    }
    try {
      new Model(m).validate();
    } catch (err) {
      problems.push({ object: label(m), message: (err as Error).message });
    }
  }
  return problems;
}

/** Check 2: unknown fields, through TypeScript's excess-property check. */
export function findUnknownFields(manifests: Manifest[]): SchemaProblem[] {
  const dir = join(repoRoot, '.local', 'deploy-tests');
  mkdirSync(dir, { recursive: true });
  const work = mkdtempSync(join(dir, 'schema-'));
  const lines: string[] = [];
  const objects: string[] = [];
  manifests.forEach((m, i) => {
    const ref = modelFor(m.apiVersion, m.kind);
    if (!ref) return;
    lines.push(`import type { ${ref.interfaceName} as T${i} } from '${ref.module}';`);
    lines.push(`export const object${i}: T${i} = ${JSON.stringify(m, null, 2)};`);
    objects[i] = label(m);
  });
  const file = join(work, 'manifests.mts');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const tsc = join(repoRoot, 'node_modules', '.bin', 'tsc');
  const args = [
    '--ignoreConfig',
    '--noEmit',
    '--strict',
    '--target',
    'es2022',
    '--module',
    'nodenext',
    '--moduleResolution',
    'nodenext',
    '--skipLibCheck',
    '--types',
    'node',
    '--pretty',
    'false',
    file,
  ];
  try {
    execFileSync(tsc, args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return [];
  } catch (err) {
    const output = `${(err as { stdout?: string }).stdout ?? ''}${(err as { stderr?: string }).stderr ?? ''}`;
    const problems = output
      .split('\n')
      .filter((l) => l.includes('error TS'))
      .map((l) => {
        const exportLine = /\((\d+),\d+\)/.exec(l)?.[1];
        return {
          object: objectAt(file, lines, Number(exportLine), objects),
          message: l.replace(/^.*error /, ''),
        };
      });
    return problems.length > 0 ? problems : [{ object: '(all)', message: output.slice(0, 2000) }];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Which object a line of the generated file belongs to. */
function objectAt(_file: string, lines: string[], lineNumber: number, objects: string[]): string {
  let current = -1;
  let line = 0;
  for (const block of lines) {
    const match = /^export const object(\d+)/.exec(block);
    const height = block.split('\n').length;
    if (match) current = Number(match[1]);
    if (lineNumber <= line + height) break;
    line += height;
  }
  return objects[current] ?? '(unknown)';
}
