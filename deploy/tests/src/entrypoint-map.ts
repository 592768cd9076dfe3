import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerDir } from './paths.js';

export const ENTRYPOINT_PATH = join(dockerDir, 'entrypoint.sh');

/** The image's service names and the compiled file each runs, read from entrypoint.sh's `case`. */
export function readEntrypointMap(source = readFileSync(ENTRYPOINT_PATH, 'utf8')): Map<string, string> {
  const map = new Map<string, string>();
  for (const match of source.matchAll(/^\s*([a-z][a-z-]*)\)\s*main=(\S+)\s*;;/gm)) {
    if (match[1] && match[2]) map.set(match[1], match[2]);
  }
  return map;
}

/** services/x/dist/main.js → services/x/src/main.ts: the source tsc compiles it from. */
export function sourceOf(distFile: string): string {
  return distFile.replace('/dist/', '/src/').replace(/\.js$/, '.ts');
}
