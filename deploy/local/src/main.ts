#!/usr/bin/env node
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalPool } from './local-pool.js';
import { OptionsError, parseOptions, usage } from './options.js';

/**
 * `npm run pool`: runs the local pool in the foreground. Prints progress as
 * `pool: …`, then one `name: address` line per endpoint and `rxpool ready`;
 * restarts what exits meanwhile (one line per exit and return); on Ctrl-C or
 * SIGTERM stops what it started and exits.
 */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const say = (line: string) => process.stdout.write(`pool: ${line}\n`);

async function main(): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2), process.env, process.cwd());
  } catch (err) {
    if (err instanceof OptionsError) {
      process.stderr.write(`pool: ${err.message}\n`);
      return 64;
    }
    throw err;
  }
  if (options === 'help') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  say(`state folder ${options.stateDir}`);
  const pool = new LocalPool(options, repoRoot, say, { supervise: true });
  let signalled = false;
  const done = new Promise<number>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (signalled) return;
      signalled = true;
      say(`${signal}: stopping what this pool started`);
      void pool.stop().then(() => {
        say('stopped; the state folder is kept for the next run');
        resolve(0);
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  try {
    const endpoints = await pool.start();
    for (const e of endpoints) process.stdout.write(`${e.name}: ${e.address}\n`);
    process.stdout.write(
      endpoints.some((e) => e.name === 'incomplete') ? 'rxpool incomplete\n' : 'rxpool ready\n',
    );
  } catch (err) {
    if (!signalled) {
      process.stderr.write(`pool: ${(err as Error).message}\n`);
      await pool.stop();
      return 1;
    }
  }
  return done;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`pool: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
