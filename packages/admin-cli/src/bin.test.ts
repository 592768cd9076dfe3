import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  bin: Record<string, string>;
};

/*
 * npm links a bin at `npm ci` only when its file exists then; in a fresh clone that is before
 * the build, so a bin under dist/ is never linked and `npx rxpool-admin` asks the public registry.
 */
describe('the rxpool-admin bin', () => {
  const bin = pkg.bin['rxpool-admin'] ?? '';

  it('is a file in the checkout, not a build output, and executable', () => {
    expect(bin).toBe('./bin/rxpool-admin.js');
    const tracked = execFileSync('git', ['ls-files', '--', `packages/admin-cli/${bin.slice(2)}`], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(tracked.trim()).toBe('packages/admin-cli/bin/rxpool-admin.js');
    expect(statSync(new URL(`../${bin}`, import.meta.url)).mode & 0o111).not.toBe(0);
  });

  it('is the bin the lockfile records, which is what npm ci links', () => {
    const lock = JSON.parse(readFileSync(`${root}package-lock.json`, 'utf8')) as {
      packages: Record<string, { bin?: Record<string, string> }>;
    };
    expect(lock.packages['packages/admin-cli']?.bin).toEqual({ 'rxpool-admin': bin.slice(2) });
  });
});
