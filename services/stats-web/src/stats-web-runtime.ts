import type { Database, PostgresHealthProbe } from '@rxpool/db';
import type { ServiceRuntime } from '@rxpool/service-kit';
import type { StatsHttpServer } from './http/http-server.js';
import type { NetworkTip } from './network/network-tip.js';

export interface StatsWebParts {
  database: Database;
  probe: PostgresHealthProbe;
  tip: NetworkTip;
  http: StatsHttpServer;
}

/**
 * The order of the stats service's parts: Postgres's readiness probe, the
 * template follower, then the HTTP server; stopped in reverse, the pool last.
 */
export class StatsWebRuntime implements ServiceRuntime {
  constructor(private readonly parts: StatsWebParts) {}

  async start(): Promise<void> {
    this.parts.probe.start();
    await this.parts.tip.start();
    await this.parts.http.listen();
  }

  async stop(): Promise<void> {
    await this.parts.http.close();
    await this.parts.tip.stop();
    this.parts.probe.stop();
    await this.parts.database.close();
  }
}
