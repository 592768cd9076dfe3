import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './paths.js';

/**
 * Packages each workspace imports at run time (not `import type`, not tests),
 * against what its package.json declares for production. The image runs
 * `npm prune --omit=dev`: a package only in devDependencies is gone there.
 */
export interface WorkspaceImports {
  workspace: string;
  imported: Map<string, string>;
  production: Set<string>;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (!['node_modules', 'dist', 'build', 'testing'].includes(entry)) out.push(...sourceFiles(path));
    } else if (entry.endsWith('.ts') && !/\.(test|d)\.ts$/.test(entry)) out.push(path);
  }
  return out;
}

export function packageName(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || specifier.startsWith('/'))
    return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export function runtimeImports(source: string): string[] {
  const out: string[] = [];
  const pattern =
    /^\s*import\s+(?!type\b)[^'"]*?from\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)|^\s*import\s+'([^']+)'/gm;
  for (const m of source.matchAll(pattern)) {
    const name = packageName(m[1] ?? m[2] ?? m[3] ?? '.');
    if (name) out.push(name);
  }
  return out;
}

export function workspaceImports(): WorkspaceImports[] {
  const result: WorkspaceImports[] = [];
  for (const top of ['packages', 'native', 'services']) {
    for (const name of readdirSync(join(repoRoot, top))) {
      const dir = join(repoRoot, top, name);
      if (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'src'))) continue;
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<
        string,
        Record<string, string>
      >;
      const production = new Set(
        ['dependencies', 'optionalDependencies', 'peerDependencies'].flatMap((k) =>
          Object.keys(pkg[k] ?? {}),
        ),
      );
      const imported = new Map<string, string>();
      for (const file of sourceFiles(join(dir, 'src'))) {
        for (const p of runtimeImports(readFileSync(file, 'utf8'))) imported.set(p, relative(repoRoot, file));
      }
      result.push({ workspace: `${top}/${name}`, imported, production });
    }
  }
  return result;
}
