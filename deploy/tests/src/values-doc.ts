/**
 * Generated from values.yaml: the chart README's table of values (every value
 * carries a `# -- description` comment; a commented map is one value) and
 * values.schema.json, with which helm rejects a misspelt value or a wrong type.
 * `npx tsx deploy/tests/src/values-doc.ts --write` refreshes both; tests check
 * they are current and that no value is undocumented.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, type Node, parseDocument, type YAMLMap } from 'yaml';
import { chartDir } from './paths.js';

export interface ValueRow {
  key: string;
  defaultValue: string;
  description: string;
  value: unknown;
}

export const VALUES_FILE = join(chartDir, 'values.yaml');
export const README_FILE = join(chartDir, 'README.md');
export const SCHEMA_FILE = join(chartDir, 'values.schema.json');
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
        const plain: unknown = value?.toJSON() ?? null;
        rows.push({ key, defaultValue: JSON.stringify(plain), description, value: plain });
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

/** Values whose default does not tell every allowed value (for a list: every allowed item). */
export const VALUE_ENUMS: Record<string, readonly string[]> = {
  'image.pullPolicy': ['Always', 'IfNotPresent', 'Never'],
  logLevel: ['trace', 'debug', 'info', 'warn', 'error', 'fatal'],
  'monero.network': ['mainnet', 'testnet', 'stagenet'],
  'nats.auth.mode': ['none', 'userPassword', 'token', 'credsFile'],
  'postgres.sslmode': ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'],
  'admin.service.type': ['ClusterIP', 'NodePort', 'LoadBalancer'],
  'gateway.service.type': ['LoadBalancer', 'NodePort', 'ClusterIP'],
  'gateway.service.externalTrafficPolicy': ['Local', 'Cluster'],
  'gateway.schemes': ['pplns', 'pps', 'solo'],
  'gateway.defaultScheme': ['pplns', 'pps', 'solo'],
  'validator.mode': ['light', 'fast'],
};

/** Integer values with bounds their default does not tell. */
export const VALUE_RANGES: Record<string, { minimum: number; maximum: number }> = {
  // JetStream replicates a stream to at most five servers.
  'nats.streamReplicas': { minimum: 1, maximum: 5 },
};

type Schema = Record<string, unknown>;

function schemaOf(key: string, value: unknown, description: string): Schema {
  const base: Schema = { description };
  const allowed = VALUE_ENUMS[key];
  // A list of choices: at least one, each once.
  if (allowed && Array.isArray(value))
    return { ...base, type: 'array', items: { enum: [...allowed] }, minItems: 1, uniqueItems: true };
  if (allowed) return { ...base, enum: [...allowed] };
  if (typeof value === 'boolean') return { ...base, type: 'boolean' };
  if (typeof value === 'number')
    return { ...base, type: Number.isInteger(value) ? 'integer' : 'number', ...VALUE_RANGES[key] };
  // `--set x=5` gives a number even where a string is meant (a tag, a fee): take both.
  if (typeof value === 'string') return { ...base, type: ['string', 'number'] };
  if (Array.isArray(value)) {
    const items =
      value.length > 0 && value.every((v) => Number.isInteger(v)) ? { type: 'integer' } : undefined;
    return { ...base, type: 'array', ...(items ? { items } : {}) };
  }
  return { ...base, type: 'object' };
}

/** values.schema.json: nested maps closed (unknown keys are errors), documented values typed by their default. */
export function valuesSchema(rows: ValueRow[]): Schema {
  const root: Schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'rxpool chart values',
    type: 'object',
    additionalProperties: false,
    properties: { global: { type: 'object', description: 'Helm global values (for use as a subchart).' } },
  };
  for (const row of rows) {
    let node = root;
    const parts = row.key.split('.');
    for (const part of parts.slice(0, -1)) {
      const props = node.properties as Record<string, Schema>;
      props[part] ??= { type: 'object', additionalProperties: false, properties: {} };
      node = props[part] as Schema;
    }
    (node.properties as Record<string, Schema>)[parts.at(-1) as string] = schemaOf(
      row.key,
      row.value,
      row.description,
    );
  }
  return root;
}

export function schemaText(rows: ValueRow[]): string {
  return `${JSON.stringify(valuesSchema(rows), null, 2)}\n`;
}

if (process.argv[1]?.endsWith('values-doc.ts') && process.argv.includes('--write')) {
  const { rows, undocumented } = readValueRows(readFileSync(VALUES_FILE, 'utf8'));
  if (undocumented.length > 0) {
    process.stderr.write(`undocumented values: ${undocumented.join(', ')}\n`);
    process.exit(1);
  }
  writeFileSync(README_FILE, withTable(readFileSync(README_FILE, 'utf8'), valuesTable(rows)));
  writeFileSync(SCHEMA_FILE, schemaText(rows));
  process.stdout.write(`README.md and values.schema.json: ${rows.length} values\n`);
}
