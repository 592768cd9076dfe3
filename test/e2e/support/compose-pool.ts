import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort, jsonRpc } from '@rxpool/devstack';
import { type DockerHost, run, say } from './docker-host.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const COMPOSE_FILE = join(REPO_ROOT, 'deploy/compose/docker-compose.yml');

/** The services of the pool, as the compose file names them, with their health ports' variables. */
export const SERVICES = {
  gateway: 'GATEWAY_HEALTH_HOST_PORT',
  validator: 'VALIDATOR_HEALTH_HOST_PORT',
  'job-manager': 'JOB_MANAGER_HEALTH_HOST_PORT',
  accounting: 'ACCOUNTING_HEALTH_HOST_PORT',
  'stats-web': 'STATS_WEB_HEALTH_HOST_PORT',
} as const;
export type Service = keyof typeof SERVICES;

const PUBLISHED = [
  'STRATUM_HOST_PORT',
  'STRATUM_TLS_HOST_PORT',
  'WEB_HOST_PORT',
  'ADMIN_HOST_PORT',
  'MONEROD_RPC_HOST_PORT',
  ...Object.values(SERVICES),
] as const;

/**
 * The compose deployment under test: its own project name, env file and free loopback ports,
 * so it collides neither with an operator's deployment nor with a local pool on this machine.
 */
export class ComposePool {
  readonly envFile: string;
  readonly ports: Record<(typeof PUBLISHED)[number], number>;
  private env: Record<string, string> = {};

  private constructor(
    readonly host: DockerHost,
    readonly dir: string,
    readonly project: string,
    ports: Record<(typeof PUBLISHED)[number], number>,
    readonly settings: Record<string, string>,
  ) {
    this.envFile = join(dir, 'compose.env');
    this.ports = ports;
  }

  static async create(host: DockerHost, dir: string, settings: Record<string, string>): Promise<ComposePool> {
    const entries: Array<[(typeof PUBLISHED)[number], number]> = [];
    for (const name of PUBLISHED) entries.push([name, await freePort()]);
    const project = `rxpool-e2e-${process.pid}`;
    return new ComposePool(host, dir, project, Object.fromEntries(entries) as ComposePool['ports'], settings);
  }

  /** deploy/compose/init.sh on this pool's env file: secrets and the regtest pool wallet. */
  async init(): Promise<void> {
    const lines = [`COMPOSE_PROJECT_NAME=${this.project}`];
    for (const [k, v] of Object.entries({ ...this.ports, ...this.settings })) lines.push(`${k}=${v}`);
    writeFileSync(this.envFile, `${lines.join('\n')}\n`, { mode: 0o600 });
    await run(join(REPO_ROOT, 'deploy/compose/init.sh'), [this.envFile], {
      env: this.processEnv(),
      log: join(this.dir, 'compose.log'),
      echo: true,
    });
    this.env = Object.fromEntries(
      readFileSync(this.envFile, 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
  }

  get(name: string): string {
    const value = this.env[name];
    if (value === undefined) throw new Error(`${name} is not in ${this.envFile}`);
    return value;
  }

  compose(args: readonly string[], check = true) {
    return run(this.host.compose, ['-f', COMPOSE_FILE, '--env-file', this.envFile, ...args], {
      env: this.processEnv(),
      log: join(this.dir, 'compose.log'),
      check,
    });
  }

  /** `up -d`, then waits until every long-running container reports healthy (migrate: exited 0). */
  async up(timeoutMs: number): Promise<void> {
    await this.compose(['up', '-d']);
    let last = '';
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const states = await this.states();
      const line = states.map((s) => `${s.service}=${s.state}`).join(' ');
      if (line !== last) say(`containers: ${line}`);
      last = line;
      // A container that exited will not come back healthy: fail now, not at the deadline.
      const broken = states.filter((s) => s.state.startsWith('exited') && s.state !== 'exited 0');
      if (broken.length > 0)
        throw new Error(`exited: ${broken.map((s) => `${s.service} (${s.state})`).join(', ')}`);
      if (states.length >= 10 && states.every((s) => s.state === 'healthy' || s.state === 'exited 0')) return;
      if (Date.now() > deadline) throw new Error(`not healthy after ${timeoutMs} ms: ${line}`);
      await sleep(2_000);
    }
  }

  /** Each container's service and its health (or how it exited). */
  async states(): Promise<Array<{ service: string; state: string }>> {
    const ids = (await this.compose(['ps', '-q', '-a'])).stdout.split('\n').filter(Boolean);
    if (ids.length === 0) return [];
    const format =
      '{{index .Config.Labels "com.docker.compose.service"}} {{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{end}}';
    const out = await run(this.host.docker, ['inspect', '--format', format, ...ids]);
    return out.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [service = '?', status, code, health] = line.split(' ');
        return { service, state: status === 'exited' ? `exited ${code}` : health || status || '?' };
      })
      .sort((a, b) => a.service.localeCompare(b.service));
  }

  healthUrl(service: Service): string {
    return `http://127.0.0.1:${this.ports[SERVICES[service]]}/health`;
  }

  monerodRpc<T>(method: string, params: unknown = {}): Promise<T> {
    return jsonRpc<T>(`http://127.0.0.1:${this.ports.MONEROD_RPC_HOST_PORT}/json_rpc`, method, params);
  }

  /** rxpool-admin from the image on the deployment's network, as an operator runs it from outside. */
  async adminRun<T>(args: readonly string[]): Promise<T> {
    const r = await run(this.host.docker, [
      'run',
      '--rm',
      '--network',
      `${this.project}_default`,
      this.settings.RXPOOL_IMAGE ?? 'rxpool:0.1.0',
      'admin',
      '--addr',
      'accounting:50051',
      '--token',
      this.get('ADMIN_TOKEN'),
      '--json',
      ...args,
    ]);
    return JSON.parse(r.stdout) as T;
  }

  /** rxpool-admin inside the accounting container, as `kubectl exec` runs it: no flags needed. */
  async adminExec(args: readonly string[]): Promise<string> {
    return (await this.compose(['exec', '-T', 'accounting', 'rxpool-admin', ...args])).stdout;
  }

  /** Every container's last log lines into the test's folder: what to read when it failed. */
  async saveLogs(): Promise<string> {
    const file = join(this.dir, 'containers.log');
    const r = await this.compose(['logs', '--no-color', '--tail', '200'], false);
    writeFileSync(file, r.stdout + r.stderr);
    return file;
  }

  /** Removes the containers, the network and the volumes. */
  async down(): Promise<void> {
    await this.compose(['down', '--volumes', '--remove-orphans', '--timeout', '30'], false);
  }

  private processEnv(): NodeJS.ProcessEnv {
    // The host's variables must not leak into the compose file's substitutions.
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      COMPOSE: this.host.compose,
    };
    return env;
  }
}
