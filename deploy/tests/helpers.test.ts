import { deflateRawSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { metricNamesIn, stringListIn } from './src/metric-names.js';
import { readPromql } from './src/promql.js';
import { scanEnvReads } from './src/service-env.js';
import { readTgzEntry, TarFormatError } from './src/tar-entries.js';
import { listZipEntries, readZipEntry, ZipFormatError } from './src/zip-entries.js';

/** A zip with one stored and one deflated entry, laid out as the format says. */
function makeZip(files: Array<{ name: string; data: Buffer; deflate: boolean }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const body = f.deflate ? deflateRawSync(f.data) : f.data;
    const name = Buffer.from(f.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(f.deflate ? 8 : 0, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(f.deflate ? 8 : 0, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

function makeTgz(name: string, data: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0);
  header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
  const padded = Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
  return gzipSync(Buffer.concat([header, padded, Buffer.alloc(1024)]));
}

describe('zip reader', () => {
  const helm = Buffer.from('#!/bin/sh\necho helm\n'.repeat(50));
  const zip = makeZip([
    { name: 'helm/', data: Buffer.alloc(0), deflate: false },
    { name: 'helm/helm', data: helm, deflate: true },
    { name: 'kubectl/kubectl', data: Buffer.from('kubectl'), deflate: false },
  ]);

  it('lists entries and reads stored and deflated ones byte for byte', () => {
    expect(listZipEntries(zip).map((e) => e.name)).toEqual(['helm/', 'helm/helm', 'kubectl/kubectl']);
    expect(readZipEntry(zip, 'helm/helm').equals(helm)).toBe(true);
    expect(readZipEntry(zip, 'kubectl/kubectl').toString()).toBe('kubectl');
  });

  it('says which entry is missing, and refuses what is not a zip', () => {
    expect(() => readZipEntry(zip, 'helm/tiller')).toThrow(/no entry named helm\/tiller/);
    expect(() => listZipEntries(Buffer.from('not a zip archive at all, just text'))).toThrow(ZipFormatError);
  });
});

describe('tgz reader', () => {
  it('finds a file by its path in the archive', () => {
    const tgz = makeTgz('package/lib/layer.zip', Buffer.from('zip bytes'));
    expect(readTgzEntry(tgz, 'package/lib/layer.zip').toString()).toBe('zip bytes');
    expect(() => readTgzEntry(tgz, 'package/other')).toThrow(TarFormatError);
  });
});

describe('environment reads in service sources', () => {
  it('tells required variables from those with a fallback or behind a condition', () => {
    const env = scanEnvReads(`
      const a = env.string('REQUIRED_A');
      const b = env.url('REQUIRED_URL', undefined, ['postgres']);
      const c = env.string('WITH_FALLBACK', 'x');
      const d = env.int('AN_INT', 3);
      if (zmq !== undefined) env.url('GUARDED_URL', undefined, ['tcp']);
      const e = flag ? env.string('TERNARY') : '';
      const f = process.env.DIRECT_READ;
      const h = ports(env, 'THROUGH_A_HELPER', [3333]);
      const g = env.url(
        'MULTILINE_REQUIRED',
        undefined,
        ['http'],
      );
    `);
    expect([...env.required].sort()).toEqual(['MULTILINE_REQUIRED', 'REQUIRED_A', 'REQUIRED_URL']);
    expect([...env.all].sort()).toEqual([
      'AN_INT',
      'DIRECT_READ',
      'GUARDED_URL',
      'MULTILINE_REQUIRED',
      'REQUIRED_A',
      'REQUIRED_URL',
      'TERNARY',
      'THROUGH_A_HELPER',
      'WITH_FALLBACK',
    ]);
  });
});

describe('metric names in service sources', () => {
  it('reads literal names and names built from a prefix constant', () => {
    const names = metricNamesIn(`
      const P = 'rxpool_validator_';
      this.a = counter(registry, 'stratum_bans_total', 'Bans');
      this.b = gauge(registry, \`\${P}queue_depth\`, 'depth');
      this.c = new Gauge({ name: \`\${P}memory_bytes\`, help: 'x' });
      this.d = histogram(this.registry, 'rxpool_x_seconds', 'h', [1]);
    `);
    expect(names.sort()).toEqual([
      'rxpool_validator_memory_bytes',
      'rxpool_validator_queue_depth',
      'rxpool_x_seconds',
      'stratum_bans_total',
    ]);
  });
});

describe('PromQL reading', () => {
  it('finds the metrics an expression selects and reports syntax errors', () => {
    const ok = readPromql('sum by (pod) (rate(a_total{namespace="x"}[5m])) / on (pod) b > 0.5');
    expect(ok.errors).toEqual([]);
    expect(ok.metrics.sort()).toEqual(['a_total', 'b']);
    expect(readPromql('sum(rate(a_total[5m]) > ').errors.length).toBeGreaterThan(0);
  });

  it("reads each selector's label=value matchers, not the regex or negated ones", () => {
    const r = readPromql('max(w{namespace="x",reason="a-b"}) > 0 and c{reason=~"d|e",pod!="f"}');
    expect(r.equalities).toEqual([
      { metric: 'w', label: 'namespace', value: 'x' },
      { metric: 'w', label: 'reason', value: 'a-b' },
    ]);
  });
});

describe('string lists in service sources', () => {
  it('reads the items of a named constant list', () => {
    const source = `export const OTHER = ['x'];\nexport const REASONS = [\n  'chain-unavailable',\n  'error',\n] as const;`;
    expect(stringListIn(source, 'REASONS')).toEqual(['chain-unavailable', 'error']);
    expect(stringListIn(source, 'MISSING')).toBeUndefined();
  });
});
