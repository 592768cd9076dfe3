import { defineConfig } from 'vitest/config';

// Three tiers: unit (pure, beside the code), integration (real nats-server,
// Postgres, monerod, RandomX; *.int.test.ts) and end to end (test/e2e).
// Long suites (*.full.int.test.ts, *.full.e2e.test.ts) run only in `npm run test:full` (RXPOOL_FULL=1).
const exclude = [
  '**/node_modules/**',
  '**/dist/**',
  '**/.local/**',
  ...(process.env.RXPOOL_FULL === '1' ? [] : ['**/*.full.int.test.ts', '**/*.full.e2e.test.ts']),
];
const resolve = { conditions: ['source'] };
const ssr = { resolve: { conditions: ['source'], externalConditions: ['source'] } };

export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        ssr,
        test: {
          name: 'unit',
          include: ['{packages,services,native,deploy,bench,test}/**/*.test.ts'],
          exclude: [...exclude, '**/*.int.test.ts', '**/*.e2e.test.ts'],
          // Property tests and tree hashes are CPU-bound: a loaded CI machine must not fail them on time.
          testTimeout: 60_000,
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'integration',
          include: ['{packages,services,native,deploy,bench,test}/**/*.int.test.ts'],
          exclude,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: true,
          maxWorkers: 2,
          globalSetup: ['test/setup/global-setup.ts'],
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          exclude,
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
          globalSetup: ['test/setup/global-setup.ts'],
        },
      },
    ],
  },
});
