import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './paths.js';

/**
 * Which environment variables each service reads, found in its source: every
 * `env.<reader>('NAME'` call of @rxpool/config's EnvReader, every helper
 * called as `helper(env, 'NAME'`, any direct `process.env.NAME`, plus the
 * common settings every service reads.
 * Required = `env.string('NAME')` or `env.url('NAME', undefined, …)`: no
 * fallback, not behind an `if` or `?` on the same line.
 */
export interface ServiceEnv {
  all: Set<string>;
  required: Set<string>;
}

export const COMMON_CONFIG_FILE = 'packages/config/src/common-config.ts';

/** The chart's component names and the source folders of the services they run. */
export const SERVICE_DIRS = {
  gateway: 'services/stratum-gateway',
  'job-manager': 'services/job-manager',
  validator: 'services/share-validator',
  accounting: 'services/accounting',
  'stats-web': 'services/stats-web',
} as const;

export type Component = keyof typeof SERVICE_DIRS;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (entry !== 'testing' && entry !== 'node_modules') out.push(...sourceFiles(path));
    } else if (entry.endsWith('.ts') && !entry.endsWith('.test.ts') && !entry.endsWith('.d.ts')) {
      out.push(path);
    }
  }
  return out;
}

export function scanEnvReads(
  source: string,
  into: ServiceEnv = { all: new Set(), required: new Set() },
): ServiceEnv {
  for (const m of source.matchAll(/\benv\.(\w+)\(\s*'([A-Z][A-Z0-9_]*)'(\s*\)|\s*,\s*undefined\b)?/g)) {
    const [, reader, name, noFallback] = m;
    if (!name) continue;
    into.all.add(name);
    const lineStart = source.lastIndexOf('\n', m.index) + 1;
    const before = source.slice(lineStart, m.index);
    const guarded = /\bif\s*\(|\?/.test(before);
    const takesFallback = reader === 'string' || reader === 'url';
    if (takesFallback && noFallback && !guarded) into.required.add(name);
  }
  // Helpers that take the reader first: ports(env, 'NAME', …), ratio(env, 'NAME', …).
  for (const m of source.matchAll(/\b\w+\(\s*env\s*,\s*'([A-Z][A-Z0-9_]*)'/g)) {
    if (m[1]) into.all.add(m[1]);
  }
  for (const m of source.matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]*)|\[\s*'([A-Z][A-Z0-9_]*)'\s*\])/g)) {
    const name = m[1] ?? m[2];
    if (name) into.all.add(name);
  }
  return into;
}

/** What one service reads; `files` lists the source files looked at (relative to the repository). */
export function serviceEnv(serviceDir: string): ServiceEnv & { files: string[] } {
  const files = [join(repoRoot, COMMON_CONFIG_FILE), ...sourceFiles(join(repoRoot, serviceDir, 'src'))];
  const env: ServiceEnv = { all: new Set(), required: new Set() };
  for (const file of files) scanEnvReads(readFileSync(file, 'utf8'), env);
  return { ...env, files: files.map((f) => relative(repoRoot, f)) };
}
