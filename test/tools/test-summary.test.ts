import { describe, expect, it } from 'vitest';
import { closingLine, countTier, type VitestJsonReport } from './test-summary.js';

const report = (over: Partial<VitestJsonReport> = {}): VitestJsonReport => ({
  numPassedTests: 3,
  numFailedTests: 0,
  numPendingTests: 0,
  numTodoTests: 0,
  success: true,
  testResults: [],
  ...over,
});

describe('test summary', () => {
  it('adds up tiers into the closing line, skipped only when any', () => {
    const a = countTier('unit', report(), 0);
    const b = countTier('integration', report({ numPassedTests: 2, numFailedTests: 1, success: false }), 1);
    expect(closingLine([a, b])).toBe('5 passed, 1 failed');
    const c = countTier('e2e', report({ numPendingTests: 1, numTodoTests: 1 }), 0);
    expect(closingLine([a, c])).toBe('6 passed, 0 failed, 2 skipped');
  });

  it('counts a file that did not load as a failure', () => {
    const t = countTier(
      'unit',
      report({
        success: false,
        testResults: [
          {
            name: '/x/a.test.ts',
            status: 'failed',
            message: 'Cannot find module\nstack',
            assertionResults: [],
          },
        ],
      }),
      1,
    );
    expect(t.failed).toBe(1);
    expect(t.problems[0]).toBe('unit: /x/a.test.ts failed outside its tests: Cannot find module');
  });

  it('counts a file whose hook failed (its tests skipped) as a failure', () => {
    const t = countTier(
      'integration',
      report({
        numPassedTests: 0,
        numPendingTests: 1,
        success: false,
        testResults: [
          {
            name: '/x/b.int.test.ts',
            status: 'failed',
            message: 'timed out',
            assertionResults: [{ status: 'skipped' }],
          },
        ],
      }),
      1,
    );
    expect(closingLine([t])).toBe('0 passed, 1 failed, 1 skipped');
  });

  it('counts a missing report or a failing runner with no failed test as one failure', () => {
    expect(countTier('e2e', undefined, 1).failed).toBe(1);
    const t = countTier('integration', report({ success: false }), 1);
    expect(t.failed).toBe(1);
    expect(t.passed).toBe(3);
  });
});
