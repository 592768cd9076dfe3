#!/usr/bin/env node
// The package's bin: a file that is in the checkout before anything is built, so `npm ci`
// links it (npm skips a bin whose target does not exist yet, and `npx rxpool-admin` then asks
// the public registry for a package of that name). It runs the compiled command line.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('rxpool-admin is not built yet: run `npm run build` (or `npm run pool`) first\n');
  process.exit(69);
}
await import(main.href);
