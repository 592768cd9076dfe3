import cluster, { type Worker } from 'node:cluster';
import { createLogger, HealthRegistry, HealthServer } from '@rxpool/observability';
import { AggregatorRegistry, type PrometheusContentType } from 'prom-client';
import type { GatewayConfig } from '../config.js';
import { listenerSpecs } from '../gateway-service.js';
import { loadTlsCertificate } from '../net/tls-certificate.js';
import { isWorkerHealthMessage } from './messages.js';

const RESPAWN_DELAY_MS = 1_000;

/** Serves /metrics as the sum of every worker's metrics. */
class ClusterRegistry extends AggregatorRegistry<PrometheusContentType> {
  override metrics(): Promise<string> {
    return this.clusterMetrics();
  }
}

/**
 * The primary of a multi-process gateway: prepares the TLS certificate once, forks the
 * workers (they share the listening sockets; each leases its own instance id), serves
 * health and metrics for all of them, respawns a worker that dies, and on SIGTERM
 * passes the signal on and waits for every worker to drain.
 */
export async function runPrimary(config: GatewayConfig): Promise<void> {
  const { common } = config;
  const log = createLogger(common.serviceName, common.logLevel).child({ component: 'primary' });
  if (listenerSpecs(config).some((s) => s.tls || s.autodetectTls)) {
    const certificate = await loadTlsCertificate(config.tls);
    log.info({ tlsFingerprint: certificate.fingerprint, source: certificate.source }, 'tls certificate');
  }
  const health = new HealthRegistry();
  const healthServer = new HealthServer(health, new ClusterRegistry());
  const port = await healthServer.listen(common.healthPort, common.healthHost);
  log.info({ port, workers: config.workers }, 'health server listening');

  let stopping = false;
  const slots = new Map<Worker, number>();
  const fork = (slot: number) => {
    health.register(`worker-${slot}`, 'starting');
    const worker = cluster.fork({ GATEWAY_WORKER_INDEX: String(slot) });
    slots.set(worker, slot);
    worker.on('message', (message: unknown) => {
      if (isWorkerHealthMessage(message)) health.set(`worker-${slot}`, message.ready, message.detail);
    });
  };
  cluster.on('exit', (worker, code, signal) => {
    const slot = slots.get(worker);
    slots.delete(worker);
    if (slot === undefined || stopping) return;
    health.set(`worker-${slot}`, false, 'restarting');
    log.error({ slot, code, signal }, 'worker died; starting another');
    setTimeout(() => fork(slot), RESPAWN_DELAY_MS).unref();
  });
  for (let slot = 0; slot < config.workers; slot++) fork(slot);

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    health.markShuttingDown();
    log.info({ signal }, 'stop requested: draining workers');
    const exits = [...slots.keys()].map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) resolve();
          else worker.once('exit', () => resolve());
          worker.process.kill('SIGTERM');
        }),
    );
    const killAfter = setTimeout(() => {
      for (const worker of slots.keys()) worker.process.kill('SIGKILL');
    }, config.drainTimeoutMs + 10_000);
    await Promise.all(exits);
    clearTimeout(killAfter);
    await healthServer.close();
    log.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
