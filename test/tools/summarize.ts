/**
 * Adds up the JSON reports of the test tiers and prints the closing line
 * `N passed, N failed` (`, N skipped` when any), the one `npm test` ends with.
 *
 * Run: npx tsx test/tools/summarize.ts <tier>=<report.json>:<exit code> …
 * Exits 1 when anything failed. A tier whose runner failed without a failed
 * test (a file that did not load, an error outside tests, no report) counts
 * as one failure, named on the line before.
 */
import { existsSync, readFileSync } from 'node:fs';
import { closingLine, countTier, type VitestJsonReport } from './test-summary.js';

function readReport(file: string): VitestJsonReport | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as VitestJsonReport;
  } catch {
    return undefined;
  }
}

function main(args: readonly string[]): number {
  const tiers = args.map((arg) => {
    const match = /^([^=]+)=(.+):(\d+)$/.exec(arg);
    if (!match) throw new Error(`bad argument ${arg}: expected tier=report.json:exitcode`);
    const [, tier, file, code] = match as unknown as [string, string, string, string];
    return countTier(tier, readReport(file), Number(code));
  });
  process.stdout.write('\n');
  for (const t of tiers) {
    process.stdout.write(`  tier ${t.tier} — ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped\n`);
  }
  for (const t of tiers) for (const p of t.problems) process.stdout.write(`  ${p}\n`);
  process.stdout.write(`${closingLine(tiers)}\n`);
  return tiers.some((t) => t.failed > 0) ? 1 : 0;
}

process.exit(main(process.argv.slice(2)));
