/**
 * The chart README's table of values, generated from values.yaml: every
 * value carries a `# -- description` comment (a commented map is one value).
 * `npx tsx deploy/tests/src/values-doc.ts --write` refreshes the README; a test
 * checks it is current and that no value is undocumented.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, type Node, parseDocument, type YAMLMap } from 'yaml';
import { chartDir } from './paths.js';

export interface ValueRow {
  key: string;
  defaultValue: string;
  description: string;
}

export const VALUES_FILE = join(chartDir, 'values.yaml');
export const README_FILE = join(chartDir, 'README.md');
const START = '<!-- values:start (generated from values.yaml by deploy/tests/src/values-doc.ts) -->';
const END = '<!-- values:end -->';

function describedBy(comment: string | null | undefined): string | undefined {
  const lines = (comment ?? '').split('\n').map((l) => l.trim());
  const first = lines.findIndex((l) => l.startsWith('--'));
  if (first === -1) return undefined;
  return lines
    .slice(first)
    .join(' ')
    .replace(/^--\s*/, '')
    .trim();
}

export function readValueRows(source: string): { rows: ValueRow[]; undocumented: string[] } {
  const doc = parseDocument(source);
  const rows: ValueRow[] = [];
  const undocumented: string[] = [];
  const walk = (map: YAMLMap, prefix: string) => {
    map.items.forEach((pair, index) => {
      const keyNode = pair.key as Node & { value?: unknown; commentBefore?: string | null };
      const key = `${prefix}${String(keyNode.value)}`;
      // The comment above a map's first key belongs to the map node in the YAML tree.
      const comment = keyNode.commentBefore ?? (index === 0 ? map.commentBefore : undefined);
      const description = describedBy(comment);
      const value = pair.value as Node | null;
      if (description !== undefined) {
        rows.push({ key, defaultValue: JSON.stringify(value?.toJSON() ?? null), description });
      } else if (isMap(value) && value.items.length > 0) {
        walk(value, `${key}.`);
      } else {
        undocumented.push(key);
      }
    });
  };
  if (isMap(doc.contents)) walk(doc.contents, '');
  return { rows, undocumented };
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function valuesTable(rows: ValueRow[]): string {
  const lines = ['| Value | Default | Description |', '| --- | --- | --- |'];
  for (const r of rows) lines.push(`| \`${r.key}\` | \`${cell(r.defaultValue)}\` | ${cell(r.description)} |`);
  return lines.join('\n');
}

/** The README with its values table replaced by `table`. */
export function withTable(readme: string, table: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1 || end < start)
    throw new Error(`README lacks the markers ${START} … ${END}`);
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
}

if (process.argv[1]?.endsWith('values-doc.ts') && process.argv.includes('--write')) {
  const { rows, undocumented } = readValueRows(readFileSync(VALUES_FILE, 'utf8'));
  if (undocumented.length > 0) {
    process.stderr.write(`undocumented values: ${undocumented.join(', ')}\n`);
    process.exit(1);
  }
  writeFileSync(README_FILE, withTable(readFileSync(README_FILE, 'utf8'), valuesTable(rows)));
  process.stdout.write(`README.md: ${rows.length} values\n`);
}
