import type { EnvReader } from './env-reader.js';

/** Settings every service shares: identity, NATS, health port, logging. */
export interface CommonConfig {
  serviceName: string;
  natsUrl: string;
  natsNamespace: string;
  natsUser: string | undefined;
  natsPassword: string | undefined;
  natsToken: string | undefined;
  natsCredsFile: string | undefined;
  natsTlsCaFile: string | undefined;
  /** Replicas of every JetStream stream and KV bucket the pool creates (3 on a three-node cluster). */
  natsStreamReplicas: number;
  healthHost: string;
  healthPort: number;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  network: 'mainnet' | 'testnet' | 'stagenet';
}

export function readCommonConfig(
  env: EnvReader,
  serviceName: string,
  defaultHealthPort: number,
): CommonConfig {
  return {
    serviceName,
    natsUrl: env.url('NATS_URL', 'nats://127.0.0.1:4222', ['nats', 'tls']),
    natsNamespace: env.string('NATS_NAMESPACE', ''),
    natsUser: env.optionalString('NATS_USER'),
    natsPassword: env.optionalString('NATS_PASSWORD'),
    natsToken: env.optionalString('NATS_TOKEN'),
    natsCredsFile: env.optionalString('NATS_CREDS_FILE'),
    natsTlsCaFile: env.optionalString('NATS_TLS_CA_FILE'),
    // JetStream allows 1 to 5 replicas; more than the cluster has nodes fails at stream creation.
    natsStreamReplicas: env.int('NATS_STREAM_REPLICAS', 1, { min: 1, max: 5 }),
    healthHost: env.string('HEALTH_HOST', '0.0.0.0'),
    healthPort: env.port('HEALTH_PORT', defaultHealthPort),
    logLevel: env.oneOf('LOG_LEVEL', ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const, 'info'),
    network: env.oneOf('MONERO_NETWORK', ['mainnet', 'testnet', 'stagenet'] as const, 'mainnet'),
  };
}
