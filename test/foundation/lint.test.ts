import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// Lint, format and the type check of tests are part of `npm test`, so CI fails on them.
describe('lint and format', () => {
  it('biome finds no errors in the tree', () => {
    const run = spawnSync('npx', ['biome', 'check', '--diagnostic-level=error', '.'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`.slice(-4000)).toBe(0);
  }, 130_000);

  it('tests, test tools and benches type-check (the build compiles only the sources)', () => {
    const run = spawnSync('npm', ['run', '-s', 'typecheck:tests'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`.slice(-4000)).toBe(0);
  }, 250_000);
});
