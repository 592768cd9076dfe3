import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

/**
 * Metric names the services register, read from their sources:
 * `counter(registry, 'name'`, `gauge(…`, `histogram(…` and `new Counter({ name: 'name'`,
 * with a `${PREFIX}rest` template resolved when PREFIX is a string constant in the same file.
 */
function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (!['node_modules', 'dist', 'testing'].includes(entry)) out.push(...tsFiles(path));
    } else if (entry.endsWith('.ts') && !entry.endsWith('.test.ts') && !entry.endsWith('.d.ts'))
      out.push(path);
  }
  return out;
}

export function metricNamesIn(source: string): string[] {
  const constants = new Map<string, string>();
  for (const m of source.matchAll(/\bconst\s+(\w+)\s*=\s*'([a-z_:][a-z0-9_:]*)'/g)) {
    if (m[1] && m[2]) constants.set(m[1], m[2]);
  }
  const resolve = (raw: string): string | undefined => {
    if (raw.startsWith("'")) return raw.slice(1, -1);
    const t = /^`\$\{(\w+)\}([a-z0-9_]+)`$/.exec(raw);
    const prefix = t?.[1] ? constants.get(t[1]) : undefined;
    return prefix !== undefined && t?.[2] ? prefix + t[2] : undefined;
  };
  const names = new Set<string>();
  const literal = "('[a-z_:][a-z0-9_:]*'|`\\$\\{\\w+\\}[a-z0-9_]+`)";
  const patterns = [
    new RegExp(`\\b(?:counter|gauge|histogram|summary)\\(\\s*[\\w.]+\\s*,\\s*${literal}`, 'g'),
    new RegExp(`new\\s+(?:Counter|Gauge|Histogram|Summary)\\(\\{\\s*name:\\s*${literal}`, 'g'),
  ];
  for (const pattern of patterns) {
    for (const m of source.matchAll(pattern)) {
      const name = m[1] ? resolve(m[1]) : undefined;
      if (name) names.add(name);
    }
  }
  return [...names];
}

/** Every metric registered anywhere in services/ and packages/. */
export function registeredMetricNames(): Set<string> {
  const names = new Set<string>();
  for (const top of ['services', 'packages']) {
    for (const file of tsFiles(join(repoRoot, top))) {
      for (const name of metricNamesIn(readFileSync(file, 'utf8'))) names.add(name);
    }
  }
  return names;
}

/** The strings of `const NAME = ['a', 'b', …]` in a source (a metric's label values, say); undefined without one. */
export function stringListIn(source: string, name: string): string[] | undefined {
  const list = new RegExp(`\\bconst\\s+${name}\\s*=\\s*\\[([^\\]]*)\\]`).exec(source)?.[1];
  if (list === undefined) return undefined;
  return [...list.matchAll(/'([^']*)'/g)].map((m) => m[1] as string);
}
