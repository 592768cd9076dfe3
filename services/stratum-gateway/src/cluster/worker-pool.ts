import cluster, { type Worker } from 'node:cluster';
import type { HealthRegistry, Logger } from '@rxpool/observability';
import type { ServiceRuntime } from '@rxpool/service-kit';
import type { GatewayConfig } from '../config.js';
import { listenerSpecs } from '../gateway-service.js';
import { loadTlsCertificate } from '../net/tls-certificate.js';
import { isWorkerHealthMessage } from './messages.js';

const RESPAWN_DELAY_MS = 1_000;
/** How long past the drain timeout a worker may take to exit before it is killed. */
const KILL_AFTER_DRAIN_MS = 10_000;

/**
 * The cluster primary's runtime: prepares the TLS certificate once (so the workers do
 * not race to make it), forks the workers (they share the listening sockets; each
 * leases its own instance id), reports each one's readiness as the check `worker-<n>`,
 * and respawns a worker that dies. On stop it passes SIGTERM on and waits for every
 * worker to drain.
 */
export class WorkerPool implements ServiceRuntime {
  private stopping = false;
  private readonly slots = new Map<Worker, number>();

  constructor(
    private readonly config: GatewayConfig,
    private readonly health: HealthRegistry,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const { config, log } = this;
    if (listenerSpecs(config).some((s) => s.tls || s.autodetectTls)) {
      const certificate = await loadTlsCertificate(config.tls);
      log.info({ tlsFingerprint: certificate.fingerprint, source: certificate.source }, 'tls certificate');
    }
    cluster.on('exit', (worker, code, signal) => {
      const slot = this.slots.get(worker);
      this.slots.delete(worker);
      if (slot === undefined || this.stopping) return;
      this.health.set(`worker-${slot}`, false, 'restarting');
      log.error({ slot, code, signal }, 'worker died; starting another');
      setTimeout(() => this.fork(slot), RESPAWN_DELAY_MS).unref();
    });
    log.info({ workers: config.workers }, 'starting workers');
    for (let slot = 0; slot < config.workers; slot++) this.fork(slot);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.log.info('draining workers');
    const exits = [...this.slots.keys()].map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) resolve();
          else worker.once('exit', () => resolve());
          worker.process.kill('SIGTERM');
        }),
    );
    const killAfter = setTimeout(() => {
      for (const worker of this.slots.keys()) worker.process.kill('SIGKILL');
    }, this.config.drainTimeoutMs + KILL_AFTER_DRAIN_MS);
    await Promise.all(exits);
    clearTimeout(killAfter);
  }

  private fork(slot: number): void {
    const name = `worker-${slot}`;
    this.health.register(name, 'starting');
    const worker = cluster.fork({ GATEWAY_WORKER_INDEX: String(slot) });
    this.slots.set(worker, slot);
    worker.on('message', (message: unknown) => {
      if (isWorkerHealthMessage(message)) this.health.set(name, message.ready, message.detail);
    });
  }
}
