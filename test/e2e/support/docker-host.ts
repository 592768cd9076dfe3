import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Progress lines: a run of many minutes says what it is doing. */
export function say(line: string): void {
  process.stdout.write(`images: ${line}\n`);
}

export class CommandError extends Error {
  override name = 'CommandError';
  constructor(
    message: string,
    readonly code: number | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Both streams also go to this file: builds print thousands of lines, an error quotes the last. */
  log?: string;
  /** false: resolve whatever the exit code (the caller checks it). */
  check?: boolean;
  timeoutMs?: number;
  /** Print each line the command writes on stdout (the scripts' own progress lines) as it comes. */
  echo?: boolean;
}

/** Runs a command to its end. */
export function run(command: string, args: readonly string[], o: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const fd = o.log ? openSync(o.log, 'a') : undefined;
    const child = spawn(command, args, { env: o.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const tee = (into: Buffer[]) => (chunk: Buffer) => {
      into.push(chunk);
      if (fd !== undefined) writeSync(fd, chunk);
    };
    child.stdout.on('data', tee(out));
    if (o.echo) {
      let partial = '';
      child.stdout.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString()).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) if (line.trim() !== '') say(`  ${line}`);
      });
    }
    child.stderr.on('data', tee(err));
    const timer = o.timeoutMs ? setTimeout(() => child.kill('SIGTERM'), o.timeoutMs) : undefined;
    const done = () => {
      if (timer) clearTimeout(timer);
      if (fd !== undefined) closeSync(fd);
    };
    child.on('error', (e) => {
      done();
      reject(e);
    });
    child.on('close', (code) => {
      done();
      const stdout = Buffer.concat(out).toString();
      const stderr = Buffer.concat(err).toString();
      if (code !== 0 && o.check !== false) {
        const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-20).join('\n');
        reject(
          new CommandError(`${command} ${args.join(' ')} exited ${code}:\n${tail}`, code, stdout, stderr),
        );
      } else resolve({ code, stdout, stderr });
    });
  });
}

const onPath = (bin: string) =>
  spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
const installed = (bin: string) =>
  onPath(bin) || ['/usr/sbin', '/usr/bin'].some((d) => existsSync(`${d}/${bin}`));

/** The Debian packages this test needs, by the program each gives. */
const PACKAGES: ReadonlyArray<[program: string, pkg: string]> = [
  ['dockerd', 'docker.io'],
  ['docker-compose', 'docker-compose'],
  ['debootstrap', 'debootstrap'],
];

/**
 * Docker as this test finds or makes it: Debian's docker.io, docker-compose and debootstrap
 * (installed when missing), and a daemon (started when none answers; only that one is stopped).
 */
export class DockerHost {
  private constructor(
    /** The client that matches Debian's daemon and does BuildKit builds without buildx. */
    readonly docker: string,
    readonly compose: string,
    private readonly daemon: ChildProcess | undefined,
  ) {}

  static async prepare(logDir: string): Promise<DockerHost> {
    const missing = PACKAGES.filter(([bin]) => !installed(bin)).map(([, pkg]) => pkg);
    if (missing.length > 0) {
      say(`installing ${missing.join(', ')} with apt-get (apt-get update first)`);
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      await run('apt-get', ['update'], { env, log: `${logDir}/apt.log` });
      await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
        env,
        log: `${logDir}/apt.log`,
      });
    } else say('docker.io, docker-compose and debootstrap are installed');
    // Another docker client may come first on PATH (a newer one needs buildx for BuildKit).
    const docker = existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
    const compose = existsSync('/usr/bin/docker-compose') ? '/usr/bin/docker-compose' : 'docker-compose';
    if (await answers(docker)) {
      say('using the Docker daemon that is already running (it stays running)');
      return new DockerHost(docker, compose, undefined);
    }
    const dockerd = existsSync('/usr/sbin/dockerd') ? '/usr/sbin/dockerd' : 'dockerd';
    const log = `${logDir}/dockerd.log`;
    say(`starting dockerd (log ${log}); it is stopped at the end`);
    const fd = openSync(log, 'a');
    const daemon = spawn(dockerd, [], { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const host = new DockerHost(docker, compose, daemon);
    for (let i = 0; i < 120; i++) {
      if (await answers(docker)) {
        say(`dockerd is up (pid ${daemon.pid})`);
        return host;
      }
      if (daemon.exitCode !== null) break;
      await sleep(500);
    }
    await host.stop();
    throw new Error(
      `dockerd did not come up: ${readFileSync(log, 'utf8').trim().split('\n').slice(-5).join('\n')}`,
    );
  }

  get startedDaemon(): boolean {
    return this.daemon !== undefined;
  }

  /** Stops the daemon this test started, by its PID; a daemon it found keeps running. */
  async stop(): Promise<void> {
    const d = this.daemon;
    if (!d || d.exitCode !== null || d.signalCode !== null) return;
    say(`stopping the dockerd this test started (pid ${d.pid})`);
    const exited = new Promise<void>((resolve) => d.once('exit', () => resolve()));
    d.kill('SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), sleep(30_000).then(() => true)]);
    if (timedOut) {
      d.kill('SIGKILL');
      await exited;
    }
  }
}

async function answers(docker: string): Promise<boolean> {
  const r = await run(docker, ['info', '--format', '{{.ServerVersion}}'], {
    check: false,
    timeoutMs: 10_000,
  }).catch(() => undefined);
  return r?.code === 0;
}
