import { type DynamicModule, Module } from '@nestjs/common';
import { configToken, HEALTH, LOGGER, provider, runService, serviceModule } from '@rxpool/service-kit';
import { AggregatorRegistry, type PrometheusContentType } from 'prom-client';
import type { GatewayConfig } from '../config.js';
import { WorkerPool } from './worker-pool.js';

const CONFIG = configToken<GatewayConfig>();

/** Serves /metrics as the sum of every worker's metrics. */
class ClusterRegistry extends AggregatorRegistry<PrometheusContentType> {
  override metrics(): Promise<string> {
    return this.clusterMetrics();
  }
}

/** The primary of a multi-process gateway: no NATS of its own, the WorkerPool its runtime. */
@Module({})
export class ClusterPrimaryModule {
  static forRoot(kit: DynamicModule, config: GatewayConfig): DynamicModule {
    return serviceModule({
      module: ClusterPrimaryModule,
      kit,
      config,
      providers: [
        provider(
          WorkerPool,
          { config: CONFIG, health: HEALTH, log: LOGGER },
          ({ config, health, log }) => new WorkerPool(config, health, log.child({ component: 'primary' })),
        ),
      ],
      runtime: WorkerPool,
    });
  }
}

/**
 * Runs the primary as every service runs: the kit serves health (each worker's
 * readiness) and metrics (summed over the workers) and stops it on SIGTERM/SIGINT.
 */
export async function runPrimary(config: GatewayConfig): Promise<void> {
  await runService({
    common: config.common,
    nats: false,
    metrics: new ClusterRegistry(),
    appModule: (kit) => ClusterPrimaryModule.forRoot(kit, config),
  });
}
