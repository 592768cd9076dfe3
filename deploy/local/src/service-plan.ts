import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceSpec } from '@rxpool/devstack';
import type { PoolOptions } from './options.js';

/** What the services need to know about the parts under them. */
export interface ServiceContext {
  repoRoot: string;
  /** Every nats-server, comma-separated. */
  natsUrl: string;
  /** NATS_STREAM_REPLICAS (default 1). */
  natsStreamReplicas?: number;
  databaseUrl: string;
  monerodRpcUrl: string;
  monerodZmqUrl: string;
  walletRpcUrl: string;
  walletAddress: string;
  adminToken: string;
  tlsCertFile: string;
  tlsKeyFile: string;
}

export const SERVICES = [
  'job-manager',
  'accounting',
  'share-validator',
  'stratum-gateway',
  'stats-web',
] as const;
export type ServiceName = (typeof SERVICES)[number];

/** A service instance of the pool: what the launcher runs, and which service it is. */
export interface PoolServiceSpec extends ServiceSpec {
  service: ServiceName;
}

export function serviceEntry(repoRoot: string, service: ServiceName, file = 'main.js'): string {
  return join(repoRoot, 'services', service, 'dist', file);
}

/** Services whose compiled entry point is missing (not written or not built yet). */
export function missingServices(repoRoot: string): ServiceName[] {
  return SERVICES.filter((s) => !existsSync(serviceEntry(repoRoot, s)));
}

export interface GatewayPorts {
  stratum: number;
  tls: number;
}

/** Gateway i (from 0) listens 10·i above the first gateway's ports. */
export function gatewayPorts(o: PoolOptions, i: number): GatewayPorts {
  return { stratum: o.stratumPort + 10 * i, tls: o.stratumTlsPort + 10 * i };
}

/** What differs between two instances of a service. */
export interface InstanceSettings {
  /** Instance name, e.g. stratum-gateway-2. */
  name: string;
  host: string;
  healthPort: number;
  logLevel: string;
  /** Folder for the instance's own files (the gateway's TLS state). */
  stateDir: string;
  /** Gateways only. */
  gatewayPorts?: GatewayPorts;
  /** Gateways only: the lowest and starting share difficulty. */
  shareDifficulty?: number;
  /** Accounting only. */
  adminGrpcPort?: number;
  /** stats-web only: its HTTP port; it tells miners the first gateway's ports. */
  webPort?: number;
  firstGatewayPorts?: GatewayPorts;
}

/**
 * V8 options of accounting's process: a larger young generation halves the
 * garbage collector's share of share ingest (bench/accounting, P6). The image's
 * entry point (deploy/docker/entrypoint.sh) passes the same.
 */
export const ACCOUNTING_NODE_OPTIONS = '--max-semi-space-size=64';

/**
 * The environment one service instance runs with: what every service reads
 * (NATS, health, logging, network) and what this one needs. Shared by the
 * local pool and the tests that start services on their own.
 */
export function serviceEnv(
  service: ServiceName,
  s: InstanceSettings,
  c: ServiceContext,
): Record<string, string> {
  const common = {
    NATS_URL: c.natsUrl,
    NATS_STREAM_REPLICAS: String(c.natsStreamReplicas ?? 1),
    HEALTH_HOST: s.host,
    HEALTH_PORT: String(s.healthPort),
    LOG_LEVEL: s.logLevel,
    // Regtest takes mainnet addresses.
    MONERO_NETWORK: 'mainnet',
  };
  switch (service) {
    case 'job-manager':
      return {
        ...common,
        MONEROD_URLS: c.monerodRpcUrl,
        MONEROD_ZMQ_URL: c.monerodZmqUrl,
        POOL_WALLET_ADDRESS: c.walletAddress,
      };
    case 'accounting':
      return {
        ...common,
        NODE_OPTIONS: ACCOUNTING_NODE_OPTIONS,
        DATABASE_URL: c.databaseUrl,
        ADMIN_GRPC_HOST: s.host,
        ADMIN_GRPC_PORT: String(s.adminGrpcPort ?? 50051),
        ADMIN_TOKEN: c.adminToken,
        WALLET_RPC_URL: c.walletRpcUrl,
      };
    case 'share-validator':
      return { ...common, VALIDATOR_MODE: 'light' };
    case 'stratum-gateway': {
      const ports = s.gatewayPorts ?? { stratum: 3333, tls: 3334 };
      const difficulty = String(s.shareDifficulty ?? 100);
      return {
        ...common,
        STRATUM_HOST: s.host,
        STRATUM_PORTS: String(ports.stratum),
        STRATUM_TLS_PORTS: String(ports.tls),
        TLS_CERT_FILE: c.tlsCertFile,
        TLS_KEY_FILE: c.tlsKeyFile,
        GATEWAY_STATE_DIR: s.stateDir,
        STRATUM_MIN_DIFFICULTY: difficulty,
        STRATUM_START_DIFFICULTY: difficulty,
        // A share every ~10 s keeps a single light-mode CPU thread visibly busy.
        VARDIFF_TARGET_SECONDS: '10',
      };
    }
    case 'stats-web': {
      const ports = s.firstGatewayPorts ?? { stratum: 3333, tls: 3334 };
      return {
        ...common,
        DATABASE_URL: c.databaseUrl,
        WEB_HOST: s.host,
        WEB_PORT: String(s.webPort ?? 8080),
        STRATUM_PUBLIC_HOST: s.host,
        STRATUM_PUBLIC_PORTS: String(ports.stratum),
        STRATUM_PUBLIC_TLS_PORTS: String(ports.tls),
        STRATUM_TLS_CERT_FILE: c.tlsCertFile,
      };
    }
  }
}

/**
 * Every service process of the pool, in start order, with its environment.
 * Health ports count up from `healthPortBase` in that order.
 */
export function planServices(o: PoolOptions, c: ServiceContext): PoolServiceSpec[] {
  let nextHealthPort = o.healthPortBase;
  const spec = (service: ServiceName, i: number, count: number): PoolServiceSpec => {
    const name = count === 1 ? service : `${service}-${i + 1}`;
    const healthPort = nextHealthPort++;
    const settings: InstanceSettings = {
      name,
      host: o.host,
      healthPort,
      logLevel: o.logLevel,
      stateDir: join(o.stateDir, name),
      gatewayPorts: gatewayPorts(o, i),
      shareDifficulty: o.shareDifficulty,
      adminGrpcPort: o.adminGrpcPort,
      webPort: o.webPort,
      firstGatewayPorts: gatewayPorts(o, 0),
    };
    return {
      name,
      service,
      entry: serviceEntry(c.repoRoot, service),
      healthHost: o.host,
      healthPort,
      env: { ...serviceEnv(service, settings, c), ...o.serviceEnv?.[service] },
      nodeArgs: ['--enable-source-maps'],
    };
  };
  const specs = [spec('job-manager', 0, 1), spec('accounting', 0, 1)];
  for (let i = 0; i < o.validators; i++) specs.push(spec('share-validator', i, o.validators));
  for (let i = 0; i < o.gateways; i++) specs.push(spec('stratum-gateway', i, o.gateways));
  specs.push(spec('stats-web', 0, 1));
  return specs;
}
