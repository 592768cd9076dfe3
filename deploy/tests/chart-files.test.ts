import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readEntrypointMap } from './src/entrypoint-map.js';
import { registeredMetricNames } from './src/metric-names.js';
import { chartDir } from './src/paths.js';
import { baseMetricName, readPromql } from './src/promql.js';
import { SERVICE_DIRS } from './src/service-env.js';
import {
  README_FILE,
  readValueRows,
  SCHEMA_FILE,
  schemaText,
  VALUES_FILE,
  valuesTable,
  withTable,
} from './src/values-doc.js';

describe('chart README and values schema', () => {
  const { rows, undocumented } = readValueRows(readFileSync(VALUES_FILE, 'utf8'));

  it('documents every value of values.yaml', () => {
    expect(undocumented, 'values without a `# --` comment').toEqual([]);
    expect(rows.length).toBeGreaterThan(100);
  });

  it('has the current table of values (npx tsx deploy/tests/src/values-doc.ts --write)', () => {
    const readme = readFileSync(README_FILE, 'utf8');
    expect(readme).toBe(withTable(readme, valuesTable(rows)));
  });

  it('has the current values.schema.json (same command)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaText(rows));
  });
});

describe('chart components', () => {
  const template = (name: string) => readFileSync(join(chartDir, 'templates', name), 'utf8');
  const components = Object.keys(SERVICE_DIRS);

  it('runs every long-running service of the image', () => {
    const services = [...readEntrypointMap().keys()].filter((s) => s !== 'migrate');
    expect(components.sort()).toEqual(services.sort());
    // The list the PDB, metrics Service and alert loops go over (_helpers.tpl, rxpool.components).
    const helpers = template('_helpers.tpl');
    const start = helpers.indexOf('define "rxpool.components"');
    const define = helpers.slice(start, helpers.indexOf('{{- define', start + 1));
    expect([...define.matchAll(/"([a-z-]+)"/g)].map((m) => m[1]).sort()).toEqual(components.sort());
  });

  it('gives every component the values the shared pod template, the PDB and the ConfigMaps read', () => {
    const values = parseYaml(readFileSync(VALUES_FILE, 'utf8')) as Record<string, Record<string, unknown>>;
    const podReads = new Set([...template('_pod.tpl').matchAll(/\$v\.(\w+)/g)].map((m) => m[1] as string));
    expect(podReads).toContain('healthPort');
    for (const component of components) {
      // The values key, as rxpool.valuesKey spells it: job-manager → jobManager.
      const key = component.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
      for (const name of [...podReads, 'replicaCount', 'env', 'podDisruptionBudget'])
        expect(values[key], `${key}.${name}`).toHaveProperty(name);
    }
  });
});

interface Panel {
  title?: string;
  type: string;
  targets?: Array<{ expr: string }>;
}

describe('Grafana dashboard', () => {
  const dashboard = JSON.parse(readFileSync(join(chartDir, 'dashboards', 'rxpool.json'), 'utf8')) as {
    uid: string;
    panels: Panel[];
    templating: { list: Array<{ name: string }> };
  };
  const panels = dashboard.panels.filter((p) => p.type !== 'row');
  const registered = registeredMetricNames();

  it('has a stable uid, a data source variable and panels with queries', () => {
    expect(dashboard.uid).toBe('rxpool-overview');
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(
      expect.arrayContaining(['datasource', 'namespace']),
    );
    expect(panels.length).toBeGreaterThan(10);
    for (const p of panels) expect(p.targets?.length, `${p.title} has no query`).toBeGreaterThan(0);
  });

  it('queries parse and name only metrics the services register', () => {
    const unknown: string[] = [];
    for (const p of panels) {
      for (const t of p.targets ?? []) {
        const reading = readPromql(t.expr);
        expect(reading.errors, `${p.title}: ${t.expr}`).toEqual([]);
        for (const m of reading.metrics)
          if (!registered.has(baseMetricName(m))) unknown.push(`${p.title}: ${m}`);
      }
    }
    expect(unknown).toEqual([]);
  });
});
