import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory for one test's private instances (under RXPOOL_TEST_DIR or the OS temp dir). */
export function makeTestDir(label: string): string {
  const root = process.env.RXPOOL_TEST_DIR ?? tmpdir();
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(join(root, `rxpool-${label.replace(/[^a-z0-9-]/gi, '_')}-`));
  // Private Postgres clusters run as the postgres user, which must reach their folder.
  chmodSync(dir, 0o755);
  return dir;
}
