import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { copySources, instructionArgs, lineage, parseDockerfile, type Stage } from './src/dockerfile.js';
import { isIgnored, parseDockerignore } from './src/dockerignore.js';
import { dockerDir, repoRoot } from './src/paths.js';
import { runtimeImports, workspaceImports } from './src/runtime-imports.js';
import { SERVICE_DIRS } from './src/service-env.js';

/*
 * What can be checked from the recipe itself, without a Docker engine, and that its build
 * steps are the ones CI runs. test/e2e/images.full.e2e.test.ts builds and runs the image.
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

  it('takes its base as a build argument: the official Node image, or the offline base of the same Node', () => {
    const froms = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    const external = froms.filter((f) => !stages.some((s) => s.name === f));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile variable, not a template
    expect(new Set(external)).toEqual(new Set(['${BASE_IMAGE}']));
    const node = /^ARG BASE_IMAGE=node:(\d+\.\d+\.\d+)-bookworm-slim$/m.exec(dockerfile)?.[1];
    expect(node, 'ARG BASE_IMAGE defaults to node:<version>-bookworm-slim').toBeDefined();
    const script = readFileSync(join(dockerDir, 'make-offline-base.sh'), 'utf8');
    expect(script).toContain(`node_version="\${NODE_VERSION:-${node}}"`);
    expect(script).toMatch(/debootstrap --variant=minbase bookworm/);
  });

  it('checks the health of whichever service runs, on its chart health port', () => {
    const check = finalStage.instructions.find((i) => i.keyword === 'HEALTHCHECK');
    expect(check?.text).toMatch(/CMD \["node", "\/usr\/local\/lib\/rxpool\/healthcheck\.mjs"\]$/);
    const source = readFileSync(join(dockerDir, 'healthcheck.mjs'), 'utf8');
    const block = /DEFAULT_PORTS = \{([^}]*)\}/.exec(source)?.[1] ?? '';
    const ports = Object.fromEntries(
      [...block.matchAll(/'?([\w-]+)'?: (\d+)/g)].map((m) => [m[1] as string, Number(m[2])]),
    );
    const values = parseYaml(
      readFileSync(join(repoRoot, 'deploy/helm/rxpool/values.yaml'), 'utf8'),
    ) as Record<string, { healthPort?: number }>;
    const valuesKey = (c: string) => c.replace(/-(\w)/g, (_, l: string) => l.toUpperCase());
    expect(Object.keys(ports).sort()).toEqual(Object.keys(SERVICE_DIRS).sort());
    for (const component of Object.keys(SERVICE_DIRS))
      expect(ports[component], component).toBe(values[valuesKey(component)]?.healthPort);
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

  it('gives npm ci every workspace the lockfile knows, before the sources arrive', () => {
    // The manifests stage takes the whole context and keeps every package.json and the lockfile…
    const manifests = stages.find((s) => s.name === 'manifests') as Stage;
    expect(manifests.instructions.find((i) => i.keyword === 'COPY')?.text).toBe('. /src');
    const collect = runs(manifests).join(' ');
    expect(collect).toMatch(/-name package\.json/);
    expect(collect).toMatch(/-name package-lock\.json/);
    for (const dir of workspaceDirs())
      expect(isIgnored(ignoreRules, `${dir}/package.json`), `.dockerignore drops ${dir}/package.json`).toBe(
        false,
      );
    // …and the build stage copies them in before npm ci, the sources only after it.
    const order = buildStage.instructions.map((i) =>
      i.flags.includes('--from=manifests')
        ? 'manifests'
        : /\bnpm ci\b/.test(i.text)
          ? 'ci'
          : i.text === '. .'
            ? 'sources'
            : '',
    );
    expect(order.filter(Boolean)).toEqual(['manifests', 'ci', 'sources']);
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

  it('gives the final stage only the assembled runtime files of the build', () => {
    const fromBuild = finalStage.instructions.filter((i) => i.flags.includes('--from=build'));
    expect(fromBuild.map((i) => instructionArgs(i.text)[0])).toEqual(['/runtime']);
    expect(runs(buildStage).some((r) => /assemble-runtime\.mjs \/app \/runtime/.test(r))).toBe(true);
  });

  it('installs librandomx and a compiler to build, only the library to run', () => {
    expect(lineage(stages, buildStage).flatMap(aptInstalls)).toEqual(
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
