import { type DynamicModule, Module } from '@nestjs/common';
import {
  createDb,
  type Database,
  HashrateRepository,
  PoolReadRepository,
  PostgresHealthProbe,
} from '@rxpool/db';
import {
  BUS,
  configToken,
  HEALTH,
  LOGGER,
  METRICS,
  provider,
  serviceModule,
  valueToken,
} from '@rxpool/service-kit';
import { apiRoutes } from './api/api-routes.js';
import { PublicReadRepository } from './api/public-read.repository.js';
import { StatsService } from './api/stats.service.js';
import type { StatsWebConfig } from './config.js';
import { StatsHttpServer } from './http/http-server.js';
import { NetworkTip } from './network/network-tip.js';
import { StatsWebRuntime } from './stats-web-runtime.js';
import { SERVICE_VERSION } from './version.js';

const CONFIG = configToken<StatsWebConfig>();
/** The Postgres pool the service reads through (point DATABASE_URL at a replica). */
export const STATS_DATABASE = valueToken<Database>('stats-web.database');

/** The read-only stats service: Postgres, the template follower and the HTTP server, over the service kit. */
@Module({})
export class StatsWebModule {
  static forRoot(kit: DynamicModule, config: StatsWebConfig): DynamicModule {
    return serviceModule({
      module: StatsWebModule,
      kit,
      config,
      providers: [
        provider(STATS_DATABASE, { config: CONFIG, log: LOGGER }, ({ config, log }) =>
          createDb(config.databaseUrl, {
            max: config.dbPoolSize,
            applicationName: 'rxpool-stats-web',
            log,
          }),
        ),
        provider(
          PostgresHealthProbe,
          { database: STATS_DATABASE, health: HEALTH, log: LOGGER },
          ({ database, health, log }) => new PostgresHealthProbe(database.db, health, log),
        ),
        provider(
          NetworkTip,
          { bus: BUS, log: LOGGER },
          ({ bus, log }) => new NetworkTip(bus, log.child({ component: 'network' })),
        ),
        provider(
          StatsService,
          { database: STATS_DATABASE, network: NetworkTip, config: CONFIG },
          ({ database, network, config }) =>
            new StatsService({
              reads: new PoolReadRepository(database.db),
              hashrate: new HashrateRepository(database.db),
              publicReads: new PublicReadRepository(database.db),
              network,
              pool: config.pool,
              stratum: config.stratum,
              moneroNetwork: config.common.network,
            }),
        ),
        provider(
          StatsHttpServer,
          { stats: StatsService, config: CONFIG, metrics: METRICS, health: HEALTH, log: LOGGER },
          ({ stats, config, metrics, health, log }) =>
            new StatsHttpServer({
              http: config.http,
              routes: apiRoutes(stats),
              metrics,
              health,
              log: log.child({ component: 'http' }),
              version: SERVICE_VERSION,
            }),
        ),
        provider(
          StatsWebRuntime,
          { database: STATS_DATABASE, probe: PostgresHealthProbe, tip: NetworkTip, http: StatsHttpServer },
          (parts) => new StatsWebRuntime(parts),
        ),
      ],
      runtime: StatsWebRuntime,
      exports: [StatsHttpServer, NetworkTip],
    });
  }
}
