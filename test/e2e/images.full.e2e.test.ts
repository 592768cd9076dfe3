/**
 * Real images, and the whole pool running from them (npm run test:full): builds the offline
 * base (debootstrap + Node from the npm registry), the rxpool and devnet images on it
 * (deploy/docker/build.sh --offline), starts the compose deployment (deploy/compose) with its
 * own project name and loopback ports, mines with the test miner until a block is accepted by
 * monerod and credited, checks every service's /health and the operator's tools from the image,
 * and removes it all: containers, network, volumes and the dockerd it started, if it did, even
 * when a step fails. Images stay, so the next run's builds come from Docker's cache.
 * Installs docker.io, docker-compose and debootstrap with apt-get when they are missing.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_WALLET, waitFor } from '@rxpool/devstack';
import { RandomXHasherSource } from '@rxpool/stratum-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComposePool, REPO_ROOT, SERVICES, type Service } from './support/compose-pool.js';
import { DockerHost, run, say } from './support/docker-host.js';
import { HonestMiner } from './support/honest-miner.js';
import { seconds, table } from './support/results-summary.js';

const IMAGE = 'rxpool:0.1.0';
const DEVNET_IMAGE = 'rxpool-devnet:0.1.0';
/** Light-mode hashing here is ~20–40 H/s: a block every few seconds, shares every second. */
const SETTINGS = {
  MONEROD_FIXED_DIFFICULTY: '100',
  SHARE_DIFFICULTY: '10',
  VARDIFF_TARGET_SECONDS: '10',
  // Credited once 10 blocks deep (the chart's 60 would take ten minutes of mining here).
  UNLOCK_DEPTH: '10',
  ORPHAN_DEPTH: '5',
  PPLNS_K: '2',
};
const RESULTS = join(REPO_ROOT, 'test/results/images.md');

interface AdminBlock {
  id: string;
  height: number;
  hash: string;
  status: string;
}

describe('images: built here, the whole pool running from them (compose)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rxpool-images-'));
  const timings: Array<[string, number]> = [];
  const sizes: Array<[string, number]> = [];
  let host: DockerHost | undefined;
  let pool: ComposePool | undefined;
  let miner: HonestMiner | undefined;
  const hashers = new RandomXHasherSource({ mode: 'light', threads: 2 });

  /** Runs one stage, saying when it starts and how long it took. */
  async function stage<T>(name: string, f: () => Promise<T>): Promise<T> {
    say(`${name}…`);
    const t0 = Date.now();
    const value = await f();
    timings.push([name, Date.now() - t0]);
    say(`${name}: ${seconds(Date.now() - t0)}`);
    return value;
  }

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    say(`logs in ${dir}`);
    host = await stage('Docker host (packages, daemon)', () => DockerHost.prepare(dir));
    const h = host;
    const env = { ...process.env, DOCKER: h.docker };
    await stage('offline base image', () =>
      run(join(REPO_ROOT, 'deploy/docker/make-offline-base.sh'), [], {
        env,
        log: join(dir, 'base.log'),
        echo: true,
      }),
    );
    await stage('rxpool and devnet images (build.sh --offline)', () =>
      run(join(REPO_ROOT, 'deploy/docker/build.sh'), ['--offline'], {
        env,
        log: join(dir, 'build.log'),
        echo: true,
      }),
    );
    for (const image of [IMAGE, DEVNET_IMAGE, 'rxpool-base:20.20.2-bookworm']) {
      const r = await run(h.docker, ['image', 'inspect', '--format', '{{.Size}}', image]);
      sizes.push([image, Number(r.stdout.trim())]);
    }
    pool = await ComposePool.create(h, dir, SETTINGS);
    const p = pool;
    await stage('compose init (secrets, pool wallet)', () => p.init());
    await stage('compose up until every container is healthy', () => p.up(600_000));
  }, 1_800_000);

  afterAll(async () => {
    await miner?.stop();
    hashers.close();
    if (pool) {
      const logs = await pool.saveLogs().catch(() => undefined);
      if (logs) say(`container logs saved to ${logs}`);
      await stage('compose down (containers, network, volumes)', () => (pool as ComposePool).down());
      const left = await run(
        host?.docker ?? 'docker',
        ['ps', '-a', '-q', '--filter', `label=com.docker.compose.project=${pool.project}`],
        {
          check: false,
        },
      );
      if (left.stdout.trim() !== '') say(`containers left behind: ${left.stdout.trim()}`);
    }
    await host?.stop();
    writeResults();
  }, 300_000);

  it('answers misuse of the image with one clear line', async () => {
    const h = host as DockerHost;
    const misuse = async (args: string[]) => {
      const r = await run(h.docker, ['run', '--rm', IMAGE, ...args], { check: false });
      return { code: r.code, lines: `${r.stdout}${r.stderr}`.trim().split('\n') };
    };
    const unknown = await misuse(['miner']);
    expect(unknown.code).toBe(64);
    expect(unknown.lines).toEqual([
      expect.stringMatching(/^rxpool: unknown service "miner": one of gateway/),
    ]);
    const args = await misuse(['gateway', '--port', '3333']);
    expect(args.code).toBe(64);
    expect(args.lines).toEqual([expect.stringMatching(/^rxpool: gateway takes no arguments/)]);
    // A required variable missing: the service itself says which, in one line (exit 78).
    const missing = await misuse(['job-manager']);
    expect(missing.code).toBe(78);
    expect(missing.lines).toEqual(['invalid configuration: POOL_WALLET_ADDRESS is required']);
    const migrate = await misuse(['migrate']);
    expect(migrate.code).toBe(78);
    expect(migrate.lines).toEqual(['invalid configuration: DATABASE_URL is required']);
  });

  it('runs as the non-root user 10001 with a health check', async () => {
    const r = await run((host as DockerHost).docker, [
      'image',
      'inspect',
      '--format',
      '{{.Config.User}} {{json .Config.Healthcheck.Test}}',
      IMAGE,
    ]);
    expect(r.stdout.trim()).toBe('10001:10001 ["CMD","node","/usr/local/lib/rxpool/healthcheck.mjs"]');
  });

  it("every service's /health answers 200 and ready", async () => {
    const p = pool as ComposePool;
    for (const service of Object.keys(SERVICES) as Service[]) {
      const res = await fetch(p.healthUrl(service));
      const body = (await res.json()) as { ready: boolean };
      expect(res.status, service).toBe(200);
      expect(body.ready, service).toBe(true);
    }
  });

  it('the test miner finds a block that monerod accepts and accounting credits', async () => {
    const p = pool as ComposePool;
    miner = new HonestMiner({
      worker: 'images',
      miner: TEST_WALLET.address,
      host: '127.0.0.1',
      port: p.ports.STRATUM_HOST_PORT,
      hashers,
    }).start();
    const m = miner;
    await stage('first accepted share', () =>
      waitFor('an accepted share', async () => m.ok.size > 0, 180_000, 500),
    );
    const found = await stage('a block accepted by monerod', async () => {
      let block: AdminBlock | undefined;
      await waitFor(
        'a block found by the pool',
        async () => {
          const r = await p.adminRun<{ blocks: AdminBlock[] }>(['blocks']);
          block = r.blocks.find((b) => b.hash !== '' && b.status !== 'rejected' && b.status !== 'orphaned');
          return block !== undefined;
        },
        600_000,
        2_000,
      );
      return block as AdminBlock;
    });
    const { block_header: header } = await p.monerodRpc<{
      block_header: { height: number; orphan_status: boolean };
    }>('get_block_header_by_hash', { hash: found.hash });
    expect(header.height).toBe(found.height);
    expect(header.orphan_status).toBe(false);
    // The miner goes on: the pool's own next blocks bury it UNLOCK_DEPTH deep.
    await stage(`block ${found.height} unlocked and credited`, () =>
      waitFor(
        'the block unlocked and the miner credited',
        async () => {
          const blocks = await p.adminRun<{ blocks: AdminBlock[] }>(['blocks']);
          const miner = await p.adminRun<{ balance: string }>(['miner', TEST_WALLET.address]);
          return (
            blocks.blocks.some((b) => b.id === found.id && b.status === 'unlocked') &&
            BigInt(miner.balance) > 0n
          );
        },
        900_000,
        3_000,
      ),
    );
    await m.stop();
    const invalid = m.records.filter((r) => !r.accepted && !/^Block expired|stale/i.test(r.error ?? ''));
    expect(invalid).toEqual([]);
  });

  it('rxpool-admin runs from the image: docker run … admin and exec … rxpool-admin', async () => {
    const p = pool as ComposePool;
    const stats = await p.adminRun<{ blocksUnlocked: number }>(['stats']);
    expect(stats.blocksUnlocked).toBeGreaterThanOrEqual(1);
    // Inside the accounting container the API's own token and port are the defaults.
    const text = await p.adminExec(['stats']);
    expect(text).toMatch(/blocks pending \/ unlocked \/ orphaned:\s+\d+ \/ [1-9]\d* \/ \d+/);
  });

  function writeResults(): void {
    const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
    const body = [
      '# Images and the compose deployment: measured',
      '',
      `Written by \`test/e2e/images.full.e2e.test.ts\` (\`npm run test:full\`). Run ${new Date().toISOString()};`,
      `dockerd ${host?.startedDaemon ? 'started by the test' : 'already running'}; 2-core machine.`,
      '',
      table(
        ['image', 'size'],
        sizes.map(([i, s]) => [i, mb(s)]),
      ),
      '',
      table(
        ['stage', 'took'],
        timings.map(([n, t]) => [n, seconds(t)]),
      ),
      '',
      `Settings: ${Object.entries(SETTINGS)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}.`,
      '',
    ].join('\n');
    mkdirSync(join(REPO_ROOT, 'test/results'), { recursive: true });
    writeFileSync(RESULTS, body);
    process.stdout.write(`\n${body}\n`);
  }
});
