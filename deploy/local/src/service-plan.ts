import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PoolOptions } from './options.js';
import type { ServiceSpec } from './service-process.js';

/** What the services need to know about the parts under them. */
export interface ServiceContext {
  repoRoot: string;
  natsUrl: string;
  databaseUrl: string;
  monerodRpcUrl: string;
  monerodZmqUrl: string;
  walletRpcUrl: string;
  walletAddress: string;
  adminToken: string;
  tlsCertFile: string;
  tlsKeyFile: string;
}

export const SERVICES = ['job-manager', 'accounting', 'share-validator', 'stratum-gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

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

/**
 * Every service process of the pool, in start order, with its environment.
 * Health ports count up from `healthPortBase` in that order.
 */
export function planServices(o: PoolOptions, c: ServiceContext): ServiceSpec[] {
  let nextHealthPort = o.healthPortBase;
  const spec = (service: ServiceName, name: string, env: Record<string, string>): ServiceSpec => {
    const healthPort = nextHealthPort++;
    return {
      name,
      service,
      entry: serviceEntry(c.repoRoot, service),
      healthHost: o.host,
      healthPort,
      env: {
        NATS_URL: c.natsUrl,
        HEALTH_HOST: o.host,
        HEALTH_PORT: String(healthPort),
        LOG_LEVEL: o.logLevel,
        // Regtest takes mainnet addresses.
        MONERO_NETWORK: 'mainnet',
        ...env,
      },
    };
  };
  const specs: ServiceSpec[] = [
    spec('job-manager', 'job-manager', {
      MONEROD_URLS: c.monerodRpcUrl,
      MONEROD_ZMQ_URL: c.monerodZmqUrl,
      POOL_WALLET_ADDRESS: c.walletAddress,
    }),
    spec('accounting', 'accounting', {
      DATABASE_URL: c.databaseUrl,
      ADMIN_GRPC_HOST: o.host,
      ADMIN_GRPC_PORT: String(o.adminGrpcPort),
      ADMIN_TOKEN: c.adminToken,
      WALLET_RPC_URL: c.walletRpcUrl,
    }),
  ];
  for (let i = 0; i < o.validators; i++) {
    specs.push(
      spec('share-validator', instanceName('share-validator', i, o.validators), {
        VALIDATOR_MODE: 'light',
      }),
    );
  }
  for (let i = 0; i < o.gateways; i++) {
    const ports = gatewayPorts(o, i);
    specs.push(
      spec('stratum-gateway', instanceName('stratum-gateway', i, o.gateways), {
        STRATUM_HOST: o.host,
        STRATUM_PORT: String(ports.stratum),
        STRATUM_TLS_PORT: String(ports.tls),
        TLS_CERT_FILE: c.tlsCertFile,
        TLS_KEY_FILE: c.tlsKeyFile,
        MIN_DIFFICULTY: String(o.shareDifficulty),
        START_DIFFICULTY: String(o.shareDifficulty),
      }),
    );
  }
  return specs;
}

function instanceName(service: string, i: number, count: number): string {
  return count === 1 ? service : `${service}-${i + 1}`;
}
