/** Counting the tiers of `npm test` from vitest JSON reports (pure; the CLI is summarize.ts). */
export interface VitestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  success: boolean;
  testResults: Array<{
    name: string;
    status: string;
    message?: string;
    assertionResults: Array<{ status: string }>;
  }>;
}

export interface TierCount {
  tier: string;
  passed: number;
  failed: number;
  skipped: number;
  problems: string[];
}

export function countTier(tier: string, report: VitestJsonReport | undefined, exitCode: number): TierCount {
  if (!report) {
    return {
      tier,
      passed: 0,
      failed: 1,
      skipped: 0,
      problems: [`${tier}: no report (runner exit code ${exitCode})`],
    };
  }
  const problems: string[] = [];
  let failed = report.numFailedTests;
  for (const file of report.testResults) {
    // A file that failed with no failed test: it did not load, or a hook (beforeAll…) failed.
    if (file.status === 'failed' && !file.assertionResults.some((a) => a.status === 'failed')) {
      failed += 1;
      const why = (file.message ?? '').split('\n')[0] || 'see the output above';
      problems.push(`${tier}: ${file.name} failed outside its tests: ${why}`);
    }
  }
  if (failed === 0 && (exitCode !== 0 || !report.success)) {
    failed = 1;
    problems.push(
      `${tier}: the runner failed (exit code ${exitCode}) although no test failed; see its output above`,
    );
  }
  return {
    tier,
    passed: report.numPassedTests,
    failed,
    skipped: report.numPendingTests + report.numTodoTests,
    problems,
  };
}

export function closingLine(tiers: readonly TierCount[]): string {
  const sum = (k: 'passed' | 'failed' | 'skipped') => tiers.reduce((n, t) => n + t[k], 0);
  const skipped = sum('skipped');
  return `${sum('passed')} passed, ${sum('failed')} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}
