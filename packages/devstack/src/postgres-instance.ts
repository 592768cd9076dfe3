import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { ManagedProcess } from './managed-process.js';
import { freePort, waitFor } from './net-utils.js';
import { childrenByParent, isRunning } from './process-table.js';

export interface PostgresInstance {
  /** Admin URL (database postgres). */
  url: string;
  port: number;
  /** Undefined when we use a server we did not start. */
  process: ManagedProcess | undefined;
  restart(): Promise<void>;
  /** Fast shutdown: open connections are ended, as `pg_ctl stop -m fast` does. */
  stop(): Promise<void>;
  /** kill -9 of the postmaster (its backends notice and exit on their own). */
  kill(): Promise<void>;
}

export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql');
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('no PostgreSQL version with a postgres binary under /usr/lib/postgresql');
  return join(root, versions[0], 'bin');
}

export async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A private Postgres cluster under `dir` (initialised on first use, reused
 * after). As root it runs as the `postgres` system user, as Postgres requires.
 */
export async function startPostgres(options: {
  dir: string;
  port?: number;
  fsync?: boolean;
}): Promise<PostgresInstance> {
  const port = options.port ?? (await freePort());
  const dataDir = join(options.dir, 'data');
  const socketDir = join(options.dir, 'socket');
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? 'postgres' : undefined;
  mkdirSync(socketDir, { recursive: true });
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(options.dir, uid, gid);
    chownSync(socketDir, uid, gid);
  }
  const bin = postgresBinDir();
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    const args = ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C'];
    const [cmd, argv] = user
      ? ['runuser', ['-u', user, '--', join(bin, 'initdb'), ...args]]
      : [join(bin, 'initdb'), args];
    execFileSync(cmd, argv, { stdio: 'ignore' });
  }
  const proc = new ManagedProcess({
    command: join(bin, 'postgres'),
    args: [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-k',
      socketDir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `fsync=${options.fsync === false ? 'off' : 'on'}`,
      '-c',
      'max_connections=200',
    ],
    logFile: join(options.dir, 'postgres.log'),
    asUser: user,
  });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const up = async () => {
    proc.start();
    await waitFor(`postgres on ${port}`, () => canConnect(url), 30_000, 200);
  };
  // Signals go to the postmaster itself: as root it runs under runuser, whose PID is not Postgres's
  // (SIGKILL to the wrapper would orphan a running cluster), and SIGTERM would ask for a smart
  // shutdown that waits for every client to leave.
  const signalPostmaster = async (signal: NodeJS.Signals) => {
    if (!proc.running) return;
    const pid = postmasterPid(dataDir);
    if (pid === undefined) return signal === 'SIGKILL' ? proc.kill() : proc.stop();
    const children = childrenByParent().get(pid) ?? [];
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
    // A stop that hangs ends as a kill, of the postmaster too (not of the wrapper).
    const timer = setTimeout(() => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 30_000);
    await proc.exited();
    clearTimeout(timer);
    // Backends left alive after a kill -9 hold the shared memory a restart needs.
    await waitFor(
      'the Postgres backends to exit',
      async () => children.every((c) => !isRunning(c)),
      60_000,
      100,
    );
  };
  await up();
  return {
    url,
    port,
    process: proc,
    restart: up,
    stop: () => signalPostmaster('SIGINT'),
    kill: () => signalPostmaster('SIGKILL'),
  };
}

/** The running postmaster's PID, from the first line of postmaster.pid. */
function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Postgres the machine already runs (PG_ADMIN_URL, else 127.0.0.1:5432)
 * when it answers; otherwise a private cluster under `dir`.
 */
export async function ensurePostgres(options: { dir: string; port?: number }): Promise<PostgresInstance> {
  const shared = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await canConnect(shared)) {
    const noop = async () => undefined;
    const port = Number(new URL(shared).port || 5432);
    return { url: shared, port, process: undefined, restart: noop, stop: noop, kill: noop };
  }
  return startPostgres(options);
}

/** Creates a fresh database `<prefix>_<random>` and returns its URL. */
export async function createDatabase(adminUrl: string, prefix: string): Promise<string> {
  const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(adminUrl: string, databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}
