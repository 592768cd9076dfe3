import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENERATED_DIR, generate, PACKAGE_DIR } from '../scripts/gen-types.js';
import { ADMIN_METHODS } from './admin-methods.js';
import { ADMIN_SERVICE_NAME, loadAdminPackageDefinition } from './admin-proto.js';

/** Every file under dir, by its path relative to dir, with its text. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(dir, path)] = readFileSync(path, 'utf8');
  }
  return files;
}

describe('the types generated from admin.proto', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'rxpool-proto-gen-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('are what `npm run gen:proto` writes from the .proto now (run it after changing the .proto)', () => {
    const run = generate(scratch);
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const fresh = tree(scratch);
    const committed = tree(join(PACKAGE_DIR, GENERATED_DIR));
    expect(Object.keys(committed).sort()).toEqual(Object.keys(fresh).sort());
    for (const [path, text] of Object.entries(fresh)) expect(committed[path], path).toBe(text);
  }, 60_000);

  it('declares every method of ADMIN_METHODS and no other', () => {
    const service = loadAdminPackageDefinition()[ADMIN_SERVICE_NAME] as Record<string, { path: string }>;
    expect(Object.keys(service).sort()).toEqual([...ADMIN_METHODS].sort());
    expect(service.GetPoolStats?.path).toBe(`/${ADMIN_SERVICE_NAME}/GetPoolStats`);
  });
});
