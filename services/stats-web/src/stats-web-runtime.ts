import type { NatsBus } from '@rxpool/bus';
import {
  createDb,
  type Database,
  HashrateRepository,
  PoolReadRepository,
  PostgresHealthProbe,
} from '@rxpool/db';
import type { HealthRegistry, Logger, Registry } from '@rxpool/observability';
import { apiRoutes } from './api/api-routes.js';
import { PublicReadRepository } from './api/public-read.repository.js';
import { StatsService } from './api/stats.service.js';
import type { StatsWebConfig } from './config.js';
import { StatsHttpServer } from './http/http-server.js';
import { Router } from './http/router.js';
import { StaticFiles } from './http/static-files.js';
import { type NetworkSource, NetworkTip } from './network/network-tip.js';
import { SERVICE_VERSION } from './version.js';

/**
 * The parts of the stats service and their order: Postgres (read-only use)
 * with its readiness probe, the template follower, then the HTTP server;
 * stopped in reverse.
 */
export class StatsWebRuntime {
  readonly database: Database;
  readonly http: StatsHttpServer;
  private readonly probe: PostgresHealthProbe;
  private readonly tip: NetworkTip;

  /** The chain as the newest template tells it. */
  get network(): NetworkSource {
    return this.tip;
  }

  constructor(
    private readonly config: StatsWebConfig,
    bus: NatsBus,
    private readonly health: HealthRegistry,
    metrics: Registry,
    private readonly log: Logger,
  ) {
    this.database = createDb(config.databaseUrl, {
      max: config.dbPoolSize,
      applicationName: 'rxpool-stats-web',
      onIdleError: (err) => log.warn({ err: err.message }, 'idle postgres connection lost'),
    });
    this.probe = new PostgresHealthProbe(this.database.pool, health, log);
    this.tip = new NetworkTip(bus, log.child({ component: 'network' }));
    const db = this.database.db;
    const stats = new StatsService({
      reads: new PoolReadRepository(db),
      hashrate: new HashrateRepository(db),
      publicReads: new PublicReadRepository(db),
      network: this.tip,
      pool: config.pool,
      stratum: config.stratum,
      moneroNetwork: config.common.network,
    });
    const router = new Router(apiRoutes(stats, SERVICE_VERSION));
    this.http = new StatsHttpServer(
      config.http,
      router,
      StaticFiles.load(),
      metrics,
      log.child({ component: 'http' }),
    );
    health.register('http', 'starting');
  }

  async start(): Promise<number> {
    this.probe.start();
    await this.tip.start();
    const port = await this.http.listen();
    this.health.set('http', true, `listening on ${this.config.http.host}:${port}`);
    this.log.info({ host: this.config.http.host, port }, 'web listening');
    return port;
  }

  async stop(): Promise<void> {
    await this.http.close();
    await this.tip.stop();
    this.probe.stop();
    await this.database.close();
  }
}
