/**
 * The pool as `npm run pool` runs it (deploy/local's LocalPool: nats-server,
 * Postgres, regtest monerod, wallet-rpc, every service as its own process),
 * on a private block of ports under the test's folder, with its own database.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { dropDatabase, type MonerodInstance, makeTestDir } from '@rxpool/devstack';
import { type Endpoint, LocalPool, type PoolOptions } from '@rxpool/local-pool';
import { AdminClient } from '@rxpool/proto';
import pg from 'pg';
import { repoRoot } from '../../tools/service-harness.js';
import { pickPoolPorts } from './pool-ports.js';

export interface PoolUnderTestOptions {
  label: string;
  gateways: number;
  validators: number;
  blockDifficulty: number;
  shareDifficulty: number;
  /** Admin URL of the Postgres to use (default: PG_ADMIN_URL, which the global setup sets). */
  postgresUrl?: string;
  /** Extra environment per service folder name. */
  serviceEnv?: Partial<Record<string, Record<string, string>>>;
  /** nats-servers: 1 (default) or a cluster of 3 or 4, streams at that many replicas. */
  natsCluster?: number;
}

export class PoolUnderTest {
  readonly admin: AdminClient;
  readonly db: pg.Pool;

  private constructor(
    readonly pool: LocalPool,
    readonly options: PoolOptions,
    readonly dir: string,
    readonly endpoints: ReadonlyMap<string, string>,
    private readonly adminUrl: string,
    readonly databaseUrl: string,
  ) {
    this.admin = new AdminClient({
      address: this.endpoint('admin-grpc'),
      token: this.endpoint('admin-token'),
      timeoutMs: 30_000,
    });
    this.db = new pg.Pool({ connectionString: databaseUrl, max: 3 });
    // A Postgres restart ends idle connections: the next query gets a new one.
    this.db.on('error', () => undefined);
  }

  static async start(o: PoolUnderTestOptions): Promise<PoolUnderTest> {
    const adminUrl = o.postgresUrl ?? process.env.PG_ADMIN_URL;
    if (!adminUrl)
      throw new Error('no Postgres: run under the test setup (PG_ADMIN_URL) or pass postgresUrl');
    const dir = makeTestDir(o.label);
    // job-manager, accounting, the stats web service, the validators and gateways.
    const services = 3 + o.gateways + o.validators;
    const ports = await pickPoolPorts(o.gateways, services, o.natsCluster ?? 1);
    const database = `e2e_${o.label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${Date.now().toString(36)}`;
    const options: PoolOptions = {
      stateDir: join(dir, 'pool'),
      host: '127.0.0.1',
      ...ports,
      postgresUrl: adminUrl,
      database,
      blockDifficulty: o.blockDifficulty,
      shareDifficulty: o.shareDifficulty,
      initialBlocks: 70,
      gateways: o.gateways,
      validators: o.validators,
      natsCluster: o.natsCluster ?? 1,
      logLevel: 'info',
      serviceEnv: o.serviceEnv,
    };
    mkdirSync(dir, { recursive: true });
    const progress = join(dir, 'pool-progress.log');
    const say = (line: string) => appendFileSync(progress, `${new Date().toISOString()} ${line}\n`);
    const pool = new LocalPool(options, repoRoot, say);
    const databaseUrl = new URL(adminUrl);
    databaseUrl.pathname = `/${database}`;
    let endpoints: Endpoint[];
    try {
      endpoints = await pool.start();
    } catch (err) {
      await pool.stop();
      await dropDatabase(adminUrl, databaseUrl.toString()).catch(() => undefined);
      throw new Error(`the pool did not start (${progress}): ${(err as Error).message}`);
    }
    const map = new Map(endpoints.map((e) => [e.name, e.address]));
    // Every suite runs every service (the faults suite kills stats-web, the end-to-end one opens it).
    const missing = (map.get('incomplete') ?? '').split(', ').filter((m) => m !== '');
    if (missing.length > 0) {
      await pool.stop();
      await dropDatabase(adminUrl, databaseUrl.toString()).catch(() => undefined);
      throw new Error(`services not built: ${missing.join(', ')} (npm run build)`);
    }
    // The pool names its database (a taken name gets a suffix): use the one it chose.
    const chosen = pool.parts?.databaseUrl ?? databaseUrl.toString();
    return new PoolUnderTest(pool, options, dir, map, adminUrl, chosen);
  }

  endpoint(name: string): string {
    const address = this.endpoints.get(name);
    if (address === undefined) throw new Error(`the pool has no endpoint ${name}`);
    return address;
  }

  /** Stratum (TCP) port of gateway i (from 0). */
  gatewayPort(i: number): number {
    return this.options.stratumPort + 10 * i;
  }

  get monerod(): MonerodInstance {
    const parts = this.pool.parts;
    if (!parts) throw new Error('the pool has no infrastructure');
    return parts.monerod;
  }

  get parts() {
    const parts = this.pool.parts;
    if (!parts) throw new Error('the pool has no infrastructure');
    return parts;
  }

  get logDir(): string {
    return this.pool.logDir;
  }

  /** Rows of one query. */
  async query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    return (await this.db.query<T>(text, values)).rows;
  }

  /**
   * Mines `count` blocks at difficulty 1 (monerod restarted for it, then back
   * at the block difficulty unless `stayAtOne`), to an address outside the pool.
   */
  async mineBlocks(count: number, address: string, stayAtOne = false): Promise<number> {
    let monerod = this.monerod;
    await this.pool.restartMonerod(1);
    monerod = this.monerod;
    let height = await monerod.height();
    // In steps: one RPC call must end within the client's timeout on a busy machine.
    for (let left = count; left > 0; left -= 10) {
      height = await monerod.generateBlocks(Math.min(10, left), address);
    }
    if (!stayAtOne) await this.pool.restartMonerod(this.options.blockDifficulty);
    return height;
  }

  async stop(): Promise<void> {
    this.admin.close();
    await this.db.end().catch(() => undefined);
    await this.pool.stop();
    await dropDatabase(this.adminUrl, this.databaseUrl).catch(() => undefined);
  }
}
