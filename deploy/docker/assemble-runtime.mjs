// Copies what the services run from a built and pruned checkout (`npm run build`, then
// `npm prune --omit=dev`) into an empty folder, for the image's final stage:
//   node deploy/docker/assemble-runtime.mjs /app /runtime
// Kept: the root node_modules (production dependencies only, after the prune) and, for each
// workspace the services and rxpool-admin depend on, its package.json, compiled dist/ (no tests,
// no type declarations or source maps), its run-time assets (stats-web's web/, proto's .proto
// files) and the RandomX addon's compiled .node file. Left behind: TypeScript sources, tests, the
// addon's C++ and object files, and the workspaces only developers use (devstack, test, bench…).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const [from, to] = process.argv.slice(2);
if (!from || !to) {
  console.error('usage: assemble-runtime.mjs <built checkout> <output folder>');
  process.exit(64);
}

/** What the image runs: every service and the operator's command line. */
const ROOTS = ['services/*', 'packages/admin-cli'];
/** Never needed at run time, in any workspace. */
const DROP_TOP = new Set(['src', 'cc', 'binding.gyp', 'tsconfig.json', 'README.md', 'node_modules', 'build']);
const DROP_FILE = /(\.test\.[cm]?js|\.d\.ts|\.d\.ts\.map|\.js\.map|\.tsbuildinfo)$/;

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const root = readJson(join(from, 'package.json'));

/** Workspace dirs matching one pattern of the root's "workspaces" (`dir` or `dir/*`). */
function expand(pattern) {
  if (!pattern.endsWith('/*')) return existsSync(join(from, pattern, 'package.json')) ? [pattern] : [];
  const parent = pattern.slice(0, -2);
  return readdirSync(join(from, parent))
    .map((entry) => `${parent}/${entry}`)
    .filter((dir) => existsSync(join(from, dir, 'package.json')));
}

const byName = new Map();
for (const dir of root.workspaces.flatMap(expand))
  byName.set(readJson(join(from, dir, 'package.json')).name, dir);

// The workspaces reachable from the roots through production dependencies.
const keep = new Set();
const queue = ROOTS.flatMap(expand);
while (queue.length > 0) {
  const dir = queue.pop();
  if (keep.has(dir)) continue;
  keep.add(dir);
  for (const dep of Object.keys(readJson(join(from, dir, 'package.json')).dependencies ?? {})) {
    const depDir = byName.get(dep);
    if (depDir) queue.push(depDir);
  }
}

const filter = (src) => statSync(src).isDirectory() || !DROP_FILE.test(src);
mkdirSync(to, { recursive: true });
cpSync(join(from, 'package.json'), join(to, 'package.json'));
cpSync(join(from, 'node_modules'), join(to, 'node_modules'), { recursive: true, verbatimSymlinks: true });
for (const dir of keep) {
  for (const entry of readdirSync(join(from, dir))) {
    if (DROP_TOP.has(entry)) continue;
    cpSync(join(from, dir, entry), join(to, dir, entry), { recursive: true, filter });
  }
  // A workspace's own node_modules holds versions that differ from the root's.
  const nested = join(from, dir, 'node_modules');
  if (existsSync(nested))
    cpSync(nested, join(to, dir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  // The addon: only the loadable module, not the objects and makefiles beside it.
  const release = join(from, dir, 'build', 'Release');
  if (existsSync(release)) {
    for (const f of readdirSync(release).filter((f) => f.endsWith('.node')))
      cpSync(join(release, f), join(to, dir, 'build', 'Release', f));
  }
}

// zeromq ships its addon prebuilt for every platform: keep this one's (the image's own).
const prebuilt = join(to, 'node_modules', 'zeromq', 'build');
if (existsSync(prebuilt)) {
  for (const os of readdirSync(prebuilt)) {
    const dir = join(prebuilt, os);
    if (!statSync(dir).isDirectory()) continue;
    if (os !== process.platform) rmSync(dir, { recursive: true });
    else
      for (const arch of readdirSync(dir))
        if (arch !== process.arch) rmSync(join(dir, arch), { recursive: true });
  }
}

// Links to workspaces left behind would dangle; so would the bin links into them.
const dropped = [...byName.entries()].filter(([, dir]) => !keep.has(dir));
for (const [name] of dropped) rmSync(join(to, 'node_modules', name), { force: true });
const bin = join(to, 'node_modules', '.bin');
if (existsSync(bin)) {
  for (const link of readdirSync(bin)) if (!existsSync(join(bin, link))) rmSync(join(bin, link));
}
console.log(`assemble-runtime: ${keep.size} workspaces into ${to}: ${[...keep].sort().join(', ')}`);
console.log(`assemble-runtime: left out ${dropped.map(([, d]) => relative('.', d)).join(', ')}`);
