import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { FuzzerOptions, FuzzReport } from './fuzz-report.js';

export interface FuzzRun {
  report: FuzzReport;
  /** When the first line went out (the fuzzer's own start-up excluded). */
  firstLineAt: number;
  endedAt: number;
}

const ENTRY = fileURLToPath(new URL('./stratum-fuzzer.ts', import.meta.url));

/**
 * Runs the fuzzer as its own process at niceness `nice` (an attacker's CPU is
 * not the pool's; on a shared test machine it is, so it gets what is left).
 */
export function runFuzzer(
  options: FuzzerOptions,
  onProgress: (line: string) => void = () => undefined,
  nice = 10,
  timeoutMs = 1_500_000,
): Promise<FuzzRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'nice',
      ['-n', String(nice), process.execPath, '--import', 'tsx', ENTRY, JSON.stringify(options)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let firstLineAt = 0;
    let report: FuzzReport | undefined;
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stderr.on('data', (d: Buffer) => {
      stderr = `${stderr}${d.toString()}`.slice(-4_000);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      let message: { type?: string; linesSent?: number } & Partial<FuzzReport>;
      try {
        message = JSON.parse(line);
      } catch {
        return;
      }
      if (message.type === 'progress') onProgress(line);
      if (message.type === 'progress' && firstLineAt === 0 && (message.linesSent ?? 0) > 0)
        firstLineAt = Date.now();
      if (message.type === 'report') report = message as FuzzReport;
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (report && code === 0) resolve({ report, firstLineAt, endedAt: Date.now() });
      else
        reject(
          new Error(`the fuzzer exited with ${code}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`),
        );
    });
  });
}
