/**
 * The environment variables each service reads, found in its config sources
 * (`src/**\/*config*.ts` and the shared common config): every
 * `env.<reader>('NAME', …)` call and the helpers that take `(env, 'NAME', …)`.
 * Used to keep README.md's configuration reference true to the code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const CALL = /(?:\benv\.[a-zA-Z]+\(\s*|\b[a-zA-Z]+\(\s*env,\s*)'([A-Z][A-Z0-9_]+)'/g;

/** Variable names read in `source`, in order of first appearance. */
export function envNamesIn(source: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(CALL)) names.add(match[1]!);
  return [...names];
}

function configFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'testing') out.push(...configFiles(path));
    else if (/config.*\.ts$/.test(entry.name) && !entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out.sort();
}

export function commonConfigVars(repoRoot: string): string[] {
  return envNamesIn(readFileSync(join(repoRoot, 'packages', 'config', 'src', 'common-config.ts'), 'utf8'));
}

/** Variables one service reads beyond the common ones. */
export function serviceConfigVars(repoRoot: string, service: string): string[] {
  const common = new Set(commonConfigVars(repoRoot));
  const names = new Set<string>();
  for (const file of configFiles(join(repoRoot, 'services', service, 'src'))) {
    for (const name of envNamesIn(readFileSync(file, 'utf8'))) if (!common.has(name)) names.add(name);
  }
  return [...names];
}
