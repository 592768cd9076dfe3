import cluster from 'node:cluster';
import type { HealthRegistry, Registry } from '@rxpool/observability';
import { HEALTH, METRICS, runService } from '@rxpool/service-kit';
import { AggregatorRegistry } from 'prom-client';
import type { GatewayConfig } from '../config.js';
import { GatewayModule } from '../gateway.module.js';
import type { WorkerHealthMessage } from './messages.js';

const REPORT_EVERY_MS = 1_000;

/**
 * One gateway process: the whole service on its own, or a cluster worker. A worker's
 * own health server listens on a loopback ephemeral port; the primary serves the real
 * one from the readiness each worker reports and the metrics it collects from them.
 */
export async function runWorker(config: GatewayConfig): Promise<void> {
  const common = cluster.isWorker
    ? { ...config.common, healthPort: 0, healthHost: '127.0.0.1' }
    : config.common;
  const app = await runService({
    common,
    appModule: (kit) => GatewayModule.forRoot(kit, { ...config, common }),
  });
  if (!cluster.isWorker) return;
  // Constructing one installs prom-client's answer to the primary's metric requests.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([app.get<Registry>(METRICS)]);
  const health = app.get<HealthRegistry>(HEALTH);
  const report = () => {
    const snapshot = health.snapshot();
    const failing = Object.entries(snapshot.dependencies)
      .filter(([, status]) => !status.ok)
      .map(([name, status]) => `${name}: ${status.detail ?? 'not ready'}`);
    const message: WorkerHealthMessage = {
      type: 'rxpool-gateway-health',
      ready: snapshot.ready,
      detail: failing.join('; ') || 'ready',
    };
    if (process.connected) process.send?.(message);
  };
  report();
  setInterval(report, REPORT_EVERY_MS).unref();
}
