import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACCOUNTING_NODE_OPTIONS } from '@rxpool/local-pool';
import { describe, expect, it } from 'vitest';
import { ENTRYPOINT_PATH, readEntrypointMap, sourceOf } from './src/entrypoint-map.js';
import { repoRoot } from './src/paths.js';
import { SERVICE_DIRS } from './src/service-env.js';

describe('entrypoint.sh', () => {
  const map = readEntrypointMap();

  it('names every service, and each runs a file its service compiles', () => {
    expect([...map.keys()].sort()).toEqual([
      'accounting',
      'gateway',
      'job-manager',
      'migrate',
      'stats-web',
      'validator',
    ]);
    for (const [service, file] of map) {
      expect(existsSync(join(repoRoot, sourceOf(file))), `${service}: ${sourceOf(file)} does not exist`).toBe(
        true,
      );
    }
    for (const [component, dir] of Object.entries(SERVICE_DIRS)) {
      expect(map.get(component)).toBe(`${dir}/dist/main.js`);
    }
    expect(map.get('migrate')).toBe('services/accounting/dist/migrate.js');
  });

  it('is executable', () => {
    expect(statSync(ENTRYPOINT_PATH).mode & 0o111).not.toBe(0);
  });

  describe('run with a stand-in node', () => {
    const bin = mkdtempSync(join(tmpdir(), 'rxpool-entrypoint-'));
    const fakeNode = join(bin, 'node');
    writeFileSync(fakeNode, '#!/bin/sh\nprintf "%s\\n" "$@"\n');
    chmodSync(fakeNode, 0o755);
    const run = (...args: string[]) =>
      spawnSync('sh', [ENTRYPOINT_PATH, ...args], {
        encoding: 'utf8',
        env: { PATH: `${bin}:/usr/bin:/bin`, RXPOOL_HOME: '/srv/rxpool' },
      });

    it('execs node on the service file and passes the remaining arguments', () => {
      const r = run('migrate', 'status');
      expect(r.status).toBe(0);
      expect(r.stdout.split('\n').filter(Boolean)).toEqual([
        '/srv/rxpool/services/accounting/dist/migrate.js',
        'status',
      ]);
      expect(run('gateway').stdout.trim()).toBe('/srv/rxpool/services/stratum-gateway/dist/main.js');
    });

    it("gives accounting the same V8 options as the local pool's", () => {
      expect(run('accounting').stdout.split('\n').filter(Boolean)).toEqual([
        ...ACCOUNTING_NODE_OPTIONS.split(' '),
        '/srv/rxpool/services/accounting/dist/main.js',
      ]);
    });

    it('answers misuse with one line on stderr and exit 64', () => {
      for (const args of [['miner'], [], ['gateway', '--port', '3333']]) {
        const r = run(...args);
        expect(r.status, args.join(' ')).toBe(64);
        expect(r.stdout).toBe('');
        expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      }
      expect(run('miner').stderr).toMatch(/^rxpool: unknown service "miner": one of gateway, job-manager/);
      expect(run('validator', '--help').status).toBe(0);
    });

    it('runs rxpool-admin for `admin`, with all its arguments', () => {
      writeFileSync(join(bin, 'rxpool-admin'), '#!/bin/sh\necho rxpool-admin "$@"\n');
      chmodSync(join(bin, 'rxpool-admin'), 0o755);
      expect(run('admin', '--json', 'stats').stdout.trim()).toBe('rxpool-admin --json stats');
    });
  });
});
