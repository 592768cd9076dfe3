import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACCOUNTING_NODE_OPTIONS } from '@rxpool/local-pool';
import { describe, expect, it } from 'vitest';
import { copySources, instructionArgs, parseDockerfile, type Stage } from './src/dockerfile.js';
import { isIgnored, parseDockerignore } from './src/dockerignore.js';
import { ENTRYPOINT_PATH, readEntrypointMap, sourceOf } from './src/entrypoint-map.js';
import { dockerDir, repoRoot } from './src/paths.js';
import { runtimeImports, workspaceImports } from './src/runtime-imports.js';
import { SERVICE_DIRS } from './src/service-env.js';

/*
 * No Docker engine runs here, so the image is not built: these tests check what can be
 * checked from the recipe itself, and that its build steps are the ones CI runs.
 */
const dockerfile = readFileSync(join(dockerDir, 'Dockerfile'), 'utf8');
const stages = parseDockerfile(dockerfile);
const ignoreRules = parseDockerignore(readFileSync(join(repoRoot, '.dockerignore'), 'utf8'));
const rootPackage = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  workspaces: string[];
  scripts: Record<string, string>;
};
const finalStage = stages.at(-1) as Stage;
const buildStage = stages.find((s) => s.name === 'build') as Stage;

const runs = (stage: Stage) => stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.text);
const aptInstalls = (stage: Stage) =>
  runs(stage)
    .flatMap((r) => /apt-get install\s+(.*?)(?:&&|$)/.exec(r)?.[1]?.split(/\s+/) ?? [])
    .filter((w) => w !== '' && !w.startsWith('-'));

function workspaceDirs(): string[] {
  const dirs: string[] = [];
  for (const pattern of rootPackage.workspaces) {
    if (pattern.endsWith('/*')) {
      const parent = join(repoRoot, pattern.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const entry of readdirSync(parent)) {
        if (existsSync(join(parent, entry, 'package.json'))) dirs.push(`${pattern.slice(0, -2)}/${entry}`);
      }
    } else if (existsSync(join(repoRoot, pattern, 'package.json'))) dirs.push(pattern);
  }
  return dirs;
}

describe('Dockerfile', () => {
  it('has a build stage and a separate runtime stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(buildStage).toBeDefined();
    expect(finalStage).not.toBe(buildStage);
  });

  it('pins every base image to an exact version or a digest', () => {
    const stageNames = new Set(stages.map((s) => s.name).filter(Boolean));
    for (const stage of stages) {
      if (stageNames.has(stage.image)) continue;
      const pinned =
        /@sha256:[0-9a-f]{64}$/.test(stage.image) || /:[a-z-]*\d+\.\d+\.\d+[\w.-]*$/.test(stage.image);
      expect(pinned, `${stage.image} is not pinned (use an exact version tag or a digest)`).toBe(true);
      expect(stage.image).not.toMatch(/:latest$/);
    }
  });

  it('copies only paths that exist and that .dockerignore lets through', () => {
    let copied = 0;
    for (const stage of stages) {
      for (const ins of stage.instructions.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')) {
        const from = ins.flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
        if (from) {
          expect(
            stages.map((s) => s.name),
            `COPY --from=${from} names no earlier stage`,
          ).toContain(from);
          continue;
        }
        for (const source of copySources(ins)) {
          copied++;
          expect(existsSync(join(repoRoot, source)), `line ${ins.line}: ${source} does not exist`).toBe(true);
          expect(isIgnored(ignoreRules, source), `line ${ins.line}: .dockerignore drops ${source}`).toBe(
            false,
          );
        }
      }
    }
    expect(copied).toBeGreaterThan(3);
  });

  it('gives npm ci every workspace the lockfile knows', () => {
    const copiedDirs = buildStage.instructions
      .filter((i) => i.keyword === 'COPY' && !i.flags.some((f) => f.startsWith('--from=')))
      .flatMap(copySources);
    const copiedRoot = copiedDirs.filter((d) => ['package.json', 'package-lock.json'].includes(d));
    expect(copiedRoot.sort()).toEqual(['package-lock.json', 'package.json']);
    for (const dir of workspaceDirs()) {
      const covered = copiedDirs.some((c) => dir === c || dir.startsWith(`${c}/`));
      expect(covered, `workspace ${dir} is not copied before npm ci`).toBe(true);
    }
  });

  it('builds with the same npm steps as CI: npm ci, then npm run build (addon + TypeScript)', () => {
    const buildRuns = runs(buildStage);
    expect(buildRuns.some((r) => /\bnpm ci\b/.test(r))).toBe(true);
    expect(buildRuns.some((r) => /\bnpm run build\b(?!:)/.test(r))).toBe(true);
    // The root build script is the native addon then the TypeScript projects…
    expect(rootPackage.scripts.build).toMatch(/build:native/);
    expect(rootPackage.scripts.build).toMatch(/build:ts/);
    // …and the set-up that CI and developers source runs npm ci and those same two scripts.
    const setup = readFileSync(join(repoRoot, 'deploy/local/setup.sh'), 'utf8');
    expect(setup).toMatch(/\bnpm ci\b/);
    expect(setup).toMatch(/build:native/);
    expect(setup).toMatch(/build:ts/);
  });

  it('keeps every package the services import at run time through `npm prune --omit=dev`', () => {
    expect(runs(buildStage).some((r) => /npm prune --omit=dev/.test(r))).toBe(true);
    let seen = 0;
    const missing: string[] = [];
    for (const w of workspaceImports()) {
      for (const [name, file] of w.imported) {
        seen++;
        // Workspace links (@rxpool/*) stay whatever their edge; anything else must be a production dependency.
        if (!name.startsWith('@rxpool/') && !w.production.has(name))
          missing.push(`${w.workspace}: ${name} (${file})`);
      }
    }
    expect(seen).toBeGreaterThan(20);
    expect(missing, 'imported at run time but not in dependencies').toEqual([]);
  });

  it('reads run-time imports, not type-only ones', () => {
    const found = runtimeImports(
      "import type { X } from 'types-only';\nimport {\n  a,\n  type B,\n} from '@scope/pkg/sub';\nimport 'side-effect';\nconst m = await import('lazy');\nimport { y } from './local.js';\nimport { z } from 'node:fs';",
    );
    expect(found.sort()).toEqual(['@scope/pkg', 'lazy', 'side-effect']);
  });

  it('cleans up without touching what runs: compiled services, packages and the addon', () => {
    const removed = runs(buildStage).flatMap((r) =>
      [...r.matchAll(/rm -rf\s+((?:[^&;]+\s*)+)/g)].flatMap((m) => (m[1] ?? '').trim().split(/\s+/)),
    );
    expect(removed.length).toBeGreaterThan(0);
    const kept = [
      'native/randomx/build/Release/rxpool_randomx.node',
      'native/randomx/dist/index.js',
      'services/accounting/dist/migrate.js',
      'packages/config/dist/index.js',
      'node_modules',
    ];
    for (const path of removed) {
      for (const k of kept)
        expect(k === path || k.startsWith(`${path}/`), `rm -rf ${path} removes ${k}`).toBe(false);
    }
  });

  it('installs librandomx and a compiler to build, only the library to run', () => {
    expect(aptInstalls(buildStage)).toEqual(
      expect.arrayContaining(['librandomx-dev', 'python3', 'make', 'g++']),
    );
    const runtime = aptInstalls(finalStage);
    expect(runtime).toContain('librandomx0');
    // The gateway runs openssl to make a self-signed stratum certificate when none is given.
    expect(runtime).toContain('openssl');
    for (const tool of ['g++', 'make', 'librandomx-dev', 'build-essential'])
      expect(runtime).not.toContain(tool);
  });

  it('runs as a numeric non-root user', () => {
    const users = finalStage.instructions.filter((i) => i.keyword === 'USER');
    const user = users.at(-1)?.text ?? '';
    expect(user, 'the final stage sets no USER').toMatch(/^\d+(:\d+)?$/);
    expect(Number(user.split(':')[0])).toBeGreaterThan(0);
    // USER comes after every RUN of the final stage (nothing after it runs as root).
    const userIndex = finalStage.instructions.findLastIndex((i) => i.keyword === 'USER');
    expect(finalStage.instructions.slice(userIndex).some((i) => i.keyword === 'RUN')).toBe(false);
  });

  it('enters through entrypoint.sh under an init process', () => {
    const entry = finalStage.instructions.find((i) => i.keyword === 'ENTRYPOINT');
    expect(entry?.text.startsWith('[')).toBe(true);
    const args = instructionArgs(entry?.text ?? '[]');
    const script = finalStage.instructions
      .filter((i) => i.keyword === 'COPY')
      .find((i) => copySources(i).includes('deploy/docker/entrypoint.sh'));
    const target = script ? instructionArgs(script.text).at(-1) : undefined;
    expect(target).toBeDefined();
    expect(args).toContain(target);
    expect(args[0]).toMatch(/tini$/);
    expect(aptInstalls(finalStage)).toContain('tini');
  });
});

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

    it('refuses an unknown service or none with exit 64', () => {
      const unknown = run('miner');
      expect(unknown.status).toBe(64);
      expect(unknown.stderr).toMatch(/unknown service "miner"/);
      expect(run().status).toBe(64);
    });
  });
});

describe('.dockerignore', () => {
  it('keeps build outputs, dependencies, local state and git out of the context', () => {
    for (const path of [
      'node_modules',
      'services/accounting/node_modules',
      'packages/db/dist',
      '.local',
      '.git',
    ]) {
      expect(isIgnored(ignoreRules, path), path).toBe(true);
    }
    expect(isIgnored(ignoreRules, 'services/accounting/src/main.ts')).toBe(false);
  });
});
