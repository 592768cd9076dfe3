import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from '../../tools/service-harness.js';

export const SUMMARY_FILE = join(repoRoot, 'test', 'results', 'whole-pool.md');

const HEADER = `# Whole-pool proof: measured figures

Written by the end-to-end suites in \`test/e2e\` (\`npm test\` runs the end-to-end
scenario, \`npm run test:full\` adds faults and hostile input). Each scenario
replaces its own section when it runs; the date says when.
`;

/** Markdown table from a header row and data rows. */
export function table(head: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const line = (cells: ReadonlyArray<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const millis = (ms: number) => `${ms.toFixed(0)} ms`;
export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/**
 * Puts one scenario's section into the summary (replacing the one of an
 * earlier run, in place) and prints it, so the figures show in the test output.
 */
export function writeScenario(id: string, title: string, body: string, file = SUMMARY_FILE): void {
  const start = `<!-- scenario:${id} -->`;
  const end = `<!-- /scenario:${id} -->`;
  const section = `${start}\n## ${title}\n\n_Run ${new Date().toISOString()}._\n\n${body.trim()}\n${end}`;
  mkdirSync(dirname(file), { recursive: true });
  const current = existsSync(file) ? readFileSync(file, 'utf8') : HEADER;
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from >= 0 && to > from
      ? `${current.slice(0, from)}${section}${current.slice(to + end.length)}`
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
  process.stdout.write(`\n${section}\n`);
}
