import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type MonerodInstance, runToExit, ServiceProcess } from '@rxpool/devstack';
import { type Infra, redact, type Say, startInfra, startPoolMonerod } from './infra.js';
import type { PoolOptions } from './options.js';
import { ensurePortsFree, poolPorts } from './ports.js';
import { ProcessLedger } from './process-ledger.js';
import { ensureAdminToken, ensureTlsCertificate, type TlsFiles } from './secrets.js';
import {
  gatewayPorts,
  missingServices,
  type PoolServiceSpec,
  planServices,
  serviceEntry,
} from './service-plan.js';
import { type BackoffPolicy, type Clock, Supervisor, type SupervisorHooks } from './supervisor.js';
import { infraUnits, partWatch, serviceRun, serviceUnit } from './units.js';

/** One `name: address` line of the pool's summary. */
export interface Endpoint {
  name: string;
  address: string;
}

export class PoolStoppedError extends Error {
  override name = 'PoolStoppedError';
}

const READY_TIMEOUT_MS = 300_000;

export interface LocalPoolOptions {
  /**
   * Restart whatever exits while the pool runs, with backoff (`npm run pool`).
   * Off by default: tests that kill and restart parts themselves want no help.
   */
  supervise?: boolean;
  backoff?: BackoffPolicy;
  clock?: Clock;
}

/**
 * A complete local pool: infrastructure, then the services, each tracked by
 * PID in the state folder. `stop()` may come at any moment, also during
 * `start()`: whatever is running then is stopped, last started first.
 */
export class LocalPool {
  private readonly stops: Array<{ name: string; stop: () => Promise<void> }> = [];
  private readonly ledger: ProcessLedger;
  private readonly services: ServiceProcess<PoolServiceSpec>[] = [];
  private stopping: Promise<void> | undefined;
  private starting: Promise<unknown> | undefined;
  private infra: Infra | undefined;
  private readonly supervisor: Supervisor | undefined;

  constructor(
    private readonly o: PoolOptions,
    private readonly repoRoot: string,
    private readonly say: Say,
    options: LocalPoolOptions = {},
  ) {
    this.ledger = new ProcessLedger(join(o.stateDir, 'pids.json'));
    if (options.supervise) {
      const hooks: SupervisorHooks = {
        say,
        exited: (_name, run) => this.ledger.remove(run.pid),
        started: (name, run) => this.ledger.add(name, run.pid),
      };
      this.supervisor = new Supervisor(hooks, options.backoff, options.clock);
    }
  }

  get logDir(): string {
    return join(this.o.stateDir, 'logs');
  }

  /** Starts everything; resolves with the endpoints once every service reports ready. */
  start(): Promise<Endpoint[]> {
    const starting = this.startAll();
    this.starting = starting;
    return starting;
  }

  private async startAll(): Promise<Endpoint[]> {
    mkdirSync(this.o.stateDir, { recursive: true });
    await this.ledger.claim(this.say);
    await ensurePortsFree(this.o.host, poolPorts(this.o));
    const missing = missingServices(this.repoRoot);
    for (const m of missing) this.say(`skipping ${m}: ${serviceEntry(this.repoRoot, m)} is not built`);

    this.infra = await startInfra(this.o, this.ledger, this.say, (name, stop) => this.track(name, stop));
    this.checkNotStopping();
    for (const w of infraUnits(this.infra)) void this.supervisor?.watch(w.unit, w.run);
    const adminToken = ensureAdminToken(this.o.stateDir);
    const tls = await ensureTlsCertificate(this.o.stateDir, this.o.host);
    if (!missing.includes('accounting')) await this.migrate(this.infra.databaseUrl);

    const specs = planServices(this.o, {
      repoRoot: this.repoRoot,
      natsUrl: this.infra.natsUrl,
      natsStreamReplicas: this.infra.natsStreamReplicas,
      databaseUrl: this.infra.databaseUrl,
      monerodRpcUrl: this.infra.monerod.rpcUrl,
      monerodZmqUrl: this.infra.monerod.zmqUrl ?? '',
      walletRpcUrl: this.infra.wallet.url,
      walletAddress: this.infra.walletAddress,
      adminToken,
      tlsCertFile: tls.certFile,
      tlsKeyFile: tls.keyFile,
    }).filter((s) => !missing.includes(s.service as (typeof missing)[number]));
    for (const spec of specs) {
      this.checkNotStopping();
      const service = new ServiceProcess(spec, this.logDir).start();
      this.services.push(service);
      this.ledger.add(spec.name, service.process.pid);
      // The instance running then, which may be a restart of this one.
      this.track(spec.name, () => this.service(spec.name).stop());
      this.say(`${spec.name} started (pid ${service.process.pid}, log ${service.logFile})`);
    }
    await Promise.all(this.services.map((s) => this.firstReady(s)));
    this.checkNotStopping();
    return this.endpoints(adminToken, tls, missing.length === 0);
  }

  /**
   * Waits until `s` is ready. Unsupervised, its exit fails the start; supervised, it is
   * restarted (with backoff, for as long as it keeps crashing) until one process gets ready.
   */
  private async firstReady(s: ServiceProcess<PoolServiceSpec>): Promise<void> {
    const name = s.spec.name;
    const ready = async () => {
      await s.waitReady(READY_TIMEOUT_MS, {
        progress: (waiting) => this.say(`${name}: waiting for ${waiting}`),
      });
      this.say(`${name} ready`);
    };
    if (!this.supervisor) return ready();
    const unit = serviceUnit(s, this.logDir, READY_TIMEOUT_MS, (fresh) => {
      this.services[this.services.findIndex((x) => x.spec.name === name)] = fresh;
    });
    await this.supervisor.watch(unit, serviceRun(s, ready));
  }

  /** Calls back once for each service process (the first of each instance) that exits while the pool runs. */
  watchServices(onExit: (name: string, code: number | null, lastLine: string) => void): void {
    for (const s of this.services) {
      void s.process.exited().then((code) => {
        if (!this.stopping) onExit(s.spec.name, code, s.lastLogLine());
      });
    }
  }

  /** The infrastructure once started: tests stop, kill and restart its parts. */
  get parts(): Infra | undefined {
    return this.infra;
  }

  /** A service instance by name, e.g. stratum-gateway-2. */
  service(name: string): ServiceProcess<PoolServiceSpec> {
    const found = this.services.find((s) => s.spec.name === name);
    if (!found) throw new Error(`no service ${name} in this pool`);
    return found;
  }

  get serviceNames(): string[] {
    return this.services.map((s) => s.spec.name);
  }

  /** kill -9 of one service instance, as a crash would end it. */
  async killService(name: string): Promise<void> {
    await this.service(name).process.kill();
  }

  /**
   * Starts a service instance that exited (crash or stop) again with the same
   * settings, as a supervisor would; resolves once it reports ready.
   * `watchServices` does not follow the new process. Not for a supervised pool, which does it itself.
   */
  async restartService(name: string, timeoutMs = READY_TIMEOUT_MS): Promise<ServiceProcess<PoolServiceSpec>> {
    this.checkNotStopping();
    if (this.supervisor) throw new Error(`${name}: the supervisor restarts services of this pool`);
    const old = this.service(name);
    if (old.process.running) throw new Error(`${name} is still running`);
    this.ledger.remove(old.process.pid);
    const fresh = new ServiceProcess(old.spec, this.logDir).start();
    this.services[this.services.indexOf(old)] = fresh;
    this.ledger.add(name, fresh.process.pid);
    this.track(name, () => fresh.stop());
    await fresh.waitReady(timeoutMs);
    return fresh;
  }

  /**
   * monerod stopped and started again on the same chain and ports at another
   * fixed difficulty (tests mine many blocks quickly at difficulty 1).
   */
  async restartMonerod(difficulty: number): Promise<MonerodInstance> {
    this.checkNotStopping();
    const infra = this.infra;
    if (!infra) throw new Error('the pool has not started its infrastructure');
    // This stop is meant: the supervisor follows the new monerod instead.
    this.supervisor?.forget('monerod');
    await infra.monerod.stop();
    this.ledger.remove(infra.monerod.process.pid);
    const m = await startPoolMonerod(this.o, difficulty);
    this.ledger.add('monerod', m.process.pid);
    this.track('monerod', async () => {
      await m.stop();
      this.ledger.remove(m.process.pid);
    });
    infra.monerod = m;
    const watched = partWatch('monerod', m, () => m.warmPow());
    void this.supervisor?.watch(watched.unit, watched.run);
    return m;
  }

  /**
   * Stops exactly what this pool started, last started first; idempotent.
   * When start() is still running, its current step fails once its process
   * is gone (or ends); what it started meanwhile is stopped after it.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      // Before anything is stopped: those exits are ours, and a backoff wait ends without a restart.
      this.supervisor?.stop();
      await this.stopTracked();
      await this.starting?.catch(() => undefined);
      await this.stopTracked();
      await this.supervisor?.idle();
      this.ledger.release();
    })();
    return this.stopping;
  }

  private async stopTracked(): Promise<void> {
    for (let next = this.stops.pop(); next; next = this.stops.pop()) {
      try {
        await next.stop();
      } catch (err) {
        this.say(`stopping ${next.name} failed: ${(err as Error).message}`);
      }
    }
  }

  private track(name: string, stop: () => Promise<void>): void {
    this.stops.push({ name, stop });
  }

  private checkNotStopping(): void {
    if (this.stopping) throw new PoolStoppedError('stopped while starting');
  }

  /** accounting's migrate command, before any service writes. */
  private async migrate(databaseUrl: string): Promise<void> {
    const entry = serviceEntry(this.repoRoot, 'accounting', 'migrate.js');
    const run = await runToExit({ entry, env: { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' } });
    if (run.code !== 0) {
      const why = (run.stderr || run.stdout).trim().split('\n').pop();
      throw new Error(`database migration failed (exit ${run.code}): ${why}`);
    }
    this.say('database migrated');
  }

  private endpoints(adminToken: string, tls: TlsFiles, complete: boolean): Endpoint[] {
    const infra = this.infra!;
    const o = this.o;
    const out: Endpoint[] = [];
    for (let i = 0; i < o.gateways; i++) {
      const g = gatewayPorts(o, i);
      const suffix = i === 0 ? '' : `-${i + 1}`;
      out.push({ name: `stratum${suffix}`, address: `${o.host}:${g.stratum}` });
      out.push({ name: `stratum-tls${suffix}`, address: `${o.host}:${g.tls}` });
    }
    out.push({ name: 'tls-fingerprint', address: tls.fingerprint });
    if (this.services.some((s) => s.spec.service === 'stats-web')) {
      out.push({ name: 'web', address: `http://${o.host}:${o.webPort}` });
    }
    out.push({ name: 'admin-grpc', address: `${o.host}:${o.adminGrpcPort}` });
    out.push({ name: 'admin-token', address: adminToken });
    out.push({ name: 'monerod-rpc', address: `127.0.0.1:${infra.monerod.rpcPort}` });
    out.push({ name: 'monerod-zmq', address: infra.monerod.zmqUrl ?? '' });
    out.push({ name: 'wallet-rpc', address: `127.0.0.1:${infra.wallet.port}` });
    out.push({ name: 'pool-wallet', address: infra.walletAddress });
    out.push({ name: 'nats', address: infra.natsUrl });
    out.push({ name: 'postgres', address: redact(infra.databaseUrl) });
    for (const s of this.services) {
      out.push({
        name: `health-${s.spec.name}`,
        address: `http://${s.spec.healthHost}:${s.spec.healthPort}/health`,
      });
    }
    out.push({ name: 'logs', address: this.logDir });
    if (!complete) out.push({ name: 'incomplete', address: missingServices(this.repoRoot).join(', ') });
    return out;
  }
}
