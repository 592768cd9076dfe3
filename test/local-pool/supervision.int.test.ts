/**
 * `npm run pool` keeps its services running: the pool's own process (main.ts,
 * from source) with one gateway and one validator, a test miner hashing real
 * RandomX (light mode) through the gateway. kill -9 of the stratum-gateway and
 * of accounting: the pool reports the exit and the return, the new process has
 * another PID, is in pids.json and answers /health, and the miner gets shares
 * accepted again; the same for nats-server, monerod and wallet-rpc. Then
 * Ctrl-C during a backoff wait: no restart, nothing left.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { dropDatabase, isRunning, makeTestDir, readHealth, TEST_WALLET, waitFor } from '@rxpool/devstack';
import { type LedgerEntry, ProcessLedger } from '@rxpool/local-pool';
import { RandomXHasherSource } from '@rxpool/stratum-client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HonestMiner } from '../e2e/support/honest-miner.js';
import { pickPoolPorts } from '../e2e/support/pool-ports.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHARE_DIFFICULTY = 10;

describe('npm run pool restarts what crashes', () => {
  const dir = makeTestDir('supervision');
  const stateDir = join(dir, 'pool');
  const adminUrl = process.env.PG_ADMIN_URL ?? '';
  const database = `supervision_${Date.now().toString(36)}`;
  const lines: string[] = [];
  /** Run once when a line matching the pattern arrives, in the same tick (no polling delay). */
  const onLine: Array<{ pattern: RegExp; act: () => void }> = [];
  const pids = new Set<number>();
  const timings: Record<string, number> = {};
  const hashers = new RandomXHasherSource({ mode: 'light', threads: 1 });
  let pool: ChildProcess;
  let poolExit: Promise<number | null>;
  let miner: HonestMiner;
  let stratumPort = 0;

  const children = (): LedgerEntry[] =>
    (JSON.parse(readFileSync(join(stateDir, 'pids.json'), 'utf8')) as { children: LedgerEntry[] }).children;
  const pidOf = (name: string): number => {
    const entry = children().find((c) => c.name === name);
    if (!entry) throw new Error(`no ${name} in pids.json: ${JSON.stringify(children())}`);
    return entry.pid;
  };
  const databaseUrl = () => Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();
  const poolRunning = () => pool.exitCode === null && pool.signalCode === null;
  const endpoint = (name: string): string => {
    const line = lines.find((l) => l.startsWith(`${name}: `));
    if (!line) throw new Error(`the pool printed no ${name} endpoint`);
    return line.slice(name.length + 2);
  };

  /** The first line from index `from` on matching `pattern`; fails at once if the pool exits. */
  async function waitLine(pattern: RegExp, timeoutMs: number, from = 0): Promise<RegExpExecArray> {
    const match = () => {
      for (let i = from; i < lines.length; i++) {
        const m = pattern.exec(lines[i] ?? '');
        if (m) return m;
      }
      return null;
    };
    const seen = waitFor(`a pool line matching ${pattern}`, async () => match() !== null, timeoutMs, 50);
    const died = poolExit.then((code) => {
      throw new Error(`the pool exited (${code}) first; its last lines: ${lines.slice(-5).join(' | ')}`);
    });
    await Promise.race([seen, died]);
    return match()!;
  }

  beforeAll(async () => {
    if (!adminUrl) throw new Error('no PG_ADMIN_URL: run under the integration project (global setup)');
    const p = await pickPoolPorts(1, 5);
    stratumPort = p.stratumPort;
    const flags: Record<string, string | number> = {
      'state-dir': stateDir,
      'stratum-port': p.stratumPort,
      'stratum-tls-port': p.stratumTlsPort,
      'health-port-base': p.healthPortBase,
      'nats-port': p.natsPort,
      'monerod-rpc-port': p.monerodRpcPort,
      'monerod-zmq-port': p.monerodZmqPort,
      'wallet-rpc-port': p.walletRpcPort,
      'admin-grpc-port': p.adminGrpcPort,
      'postgres-port': p.postgresPort,
      'web-port': p.webPort,
      'postgres-url': adminUrl,
      database,
      // No payouts here: a short chain; no block found while the test runs.
      'initial-blocks': 2,
      'block-difficulty': 1_000_000,
      'share-difficulty': SHARE_DIFFICULTY,
    };
    const argv = Object.entries(flags).flatMap(([k, v]) => [`--${k}`, String(v)]);
    pool = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'deploy/local/src/main.ts'), ...argv], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    poolExit = new Promise((resolve) => pool.once('exit', (code) => resolve(code)));
    const transcript = createWriteStream(join(dir, 'pool-console.log'));
    pool.stderr?.pipe(transcript);
    createInterface({ input: pool.stdout! }).on('line', (line) => {
      lines.push(line);
      transcript.write(`${new Date().toISOString()} ${line}\n`);
      for (const pid of line.matchAll(/\(pid (\d+)/g)) pids.add(Number(pid[1]));
      for (const hook of onLine.filter((h) => h.pattern.test(line))) {
        onLine.splice(onLine.indexOf(hook), 1);
        hook.act();
      }
    });
    await waitLine(/^rxpool (ready|incomplete)$/, 240_000);
    expect(lines).toContain('rxpool ready');

    miner = new HonestMiner({
      worker: 'supervised',
      miner: TEST_WALLET.address,
      host: '127.0.0.1',
      port: stratumPort,
      hashers,
      fixedDifficulty: SHARE_DIFFICULTY,
    }).start();
    await waitFor('a first accepted share', async () => miner.ok.size > 0, 120_000, 200);
  }, 420_000);

  afterAll(async () => {
    await miner?.stop();
    hashers.close();
    if (pool && poolRunning()) {
      pool.kill('SIGINT');
      await waitFor('the pool to stop on SIGINT', async () => !poolRunning(), 60_000, 200).catch(() =>
        pool.kill('SIGKILL'),
      );
      await poolExit;
    }
    // After a pool that could not stop, its ledger names what it left: stop exactly those.
    const ledger = new ProcessLedger(join(stateDir, 'pids.json'));
    await ledger.claim((line) => process.stdout.write(`supervision cleanup: ${line}\n`));
    ledger.release();
    await dropDatabase(adminUrl, databaseUrl()).catch(() => undefined);
    process.stdout.write(`supervision timings (ms): ${JSON.stringify(timings)}\n`);
  }, 180_000);

  /**
   * kill -9 by the PID in pids.json, then what the pool and the miner must show;
   * returns the id of a share accepted after the new process was ready.
   */
  async function crashAndRecover(name: string, service = true): Promise<string> {
    const before = pidOf(name);
    const health = service ? endpoint(`health-${name}`) : undefined;
    const from = lines.length;
    const t0 = Date.now();
    process.kill(before, 'SIGKILL');

    await waitLine(
      new RegExp(`^pool: ${name} exited \\(signal SIGKILL\\); restarting in \\d+ s \\(restart \\d+\\)$`),
      10_000,
      from,
    );
    const back = await waitLine(new RegExp(`^pool: ${name} is back \\(pid (\\d+)\\)$`), 120_000, from);
    timings[`${name} kill → back (ready)`] = Date.now() - t0;
    const after = Number(back[1]);
    expect(after).not.toBe(before);
    expect(isRunning(before)).toBe(false);
    expect(isRunning(after)).toBe(true);
    // The ledger names the new process, not the old one: Ctrl-C and the next run stop what runs.
    expect(pidOf(name)).toBe(after);
    expect(children().some((c) => c.pid === before)).toBe(false);
    if (health) {
      const { hostname, port } = new URL(health);
      // Ready: 200, with its dependency checks registered.
      expect((await readHealth(hostname, Number(port)))?.ready).toBe(true);
    }

    const backAt = Date.now();
    await waitFor(
      `an accepted share sent after ${name} was back`,
      async () => miner.acceptedSince(backAt).length > 0,
      120_000,
      100,
    );
    const share = miner.acceptedSince(backAt)[0]!;
    timings[`${name} kill → first accepted share`] = (miner.acceptedSince(t0)[0]?.repliedAt ?? 0) - t0;
    timings[`${name} kill → first accepted share sent after back`] = share.repliedAt - t0;
    return share.shareId;
  }

  it('restarts the stratum-gateway after kill -9; the miner reconnects and mines on', async () => {
    const logins = miner.logins.length;
    await crashAndRecover('stratum-gateway');
    // The killed gateway ended the miner's connection: the share came over a new one.
    expect(miner.logins.length).toBeGreaterThan(logins);
  });

  it('restarts accounting after kill -9; it stores the shares accepted after it is back', async () => {
    const shareId = await crashAndRecover('accounting');
    const db = new pg.Client({ connectionString: databaseUrl() });
    await db.connect();
    try {
      const t0 = Date.now();
      await waitFor(
        'the share in the shares table',
        async () =>
          (await db.query('SELECT 1 FROM shares WHERE share_id = $1', [Buffer.from(shareId, 'hex')]))
            .rowCount === 1,
        60_000,
        200,
      );
      timings['share accepted → stored by the restarted accounting'] = Date.now() - t0;
    } finally {
      await db.end();
    }
  });

  // The parts under the services: restarted in place (same ports, same data), the services reconnect.
  for (const part of ['nats-server', 'monerod', 'monero-wallet-rpc']) {
    it(`restarts ${part} after kill -9; shares are still accepted`, async () => {
      await crashAndRecover(part, false);
    });
  }

  it('on Ctrl-C during a backoff wait, stops everything and restarts nothing', async () => {
    const from = lines.length;
    // SIGINT in the same tick as the exit line: well inside the backoff wait (1 s at least).
    onLine.push({ pattern: /^pool: stratum-gateway exited/, act: () => pool.kill('SIGINT') });
    process.kill(pidOf('stratum-gateway'), 'SIGKILL');
    await waitFor('the pool to stop', async () => !poolRunning(), 90_000, 100);
    expect(pool.exitCode).toBe(0);
    const tail = lines.slice(from);
    expect(tail[0]).toMatch(/^pool: stratum-gateway exited \(signal SIGKILL\); restarting in \d+ s/);
    expect(tail.some((l) => l.startsWith('pool: SIGINT: stopping'))).toBe(true);
    expect(tail.some((l) => / is back /.test(l))).toBe(false);
    expect(children()).toEqual([]);
    expect([...pids].filter((pid) => isRunning(pid))).toEqual([]);
  });
});
