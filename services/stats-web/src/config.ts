import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type CommonConfig, type EnvReader, readCommonConfig } from '@rxpool/config';
import {
  ATOMIC_UNITS_PER_XMR,
  parseRatio,
  percentToBasisPoints,
  type RewardScheme,
  SCHEMES,
} from '@rxpool/rewards';

export const DEFAULT_HEALTH_PORT = 9105;
export const DEFAULT_WEB_PORT = 8080;

/** What the connect page tells miners: where the gateways listen, as seen from outside. */
export interface StratumEndpoint {
  /** '' → the host the browser reached the dashboard on. */
  host: string;
  ports: number[];
  tlsPorts: number[];
  /** SHA-256 of the gateway certificate, lower-case hex, as XMRig's --tls-fingerprint takes it; '' unknown. */
  tlsFingerprint: string;
}

/** Pool facts shown to miners; the writers (accounting, gateway) read the same variables. */
export interface PoolFacts {
  name: string;
  feeBasisPoints: number;
  defaultScheme: RewardScheme;
  /** PPLNS window factor k as text ("2": the last 2 × network difficulty of shares). */
  pplnsK: string;
  payoutThreshold: bigint;
  unlockDepth: number;
}

export interface StatsWebConfig {
  common: CommonConfig;
  databaseUrl: string;
  dbPoolSize: number;
  http: {
    host: string;
    port: number;
    /** Take the client address from X-Forwarded-For (only behind a proxy that sets it). */
    trustProxy: boolean;
    ratePerSecond: number;
    rateBurst: number;
  };
  stratum: StratumEndpoint;
  pool: PoolFacts;
}

/** The default payout threshold: 0.1 XMR. */
const DEFAULT_PAYOUT_THRESHOLD = ATOMIC_UNITS_PER_XMR / 10n;

/** Reads and checks every setting; a bad value is reported by name (see @rxpool/config). */
export function readStatsWebConfig(env: EnvReader): StatsWebConfig {
  const common = readCommonConfig(env, 'stats-web', DEFAULT_HEALTH_PORT);
  return {
    common,
    databaseUrl: env.url('DATABASE_URL', undefined, ['postgres', 'postgresql']),
    dbPoolSize: env.int('DB_POOL_SIZE', 5, { min: 1, max: 100 }),
    http: {
      host: env.string('WEB_HOST', '0.0.0.0'),
      port: env.port('WEB_PORT', DEFAULT_WEB_PORT),
      trustProxy: env.bool('WEB_TRUST_PROXY', false),
      ratePerSecond: env.number('WEB_RATE_PER_SECOND', 5, { min: 0.01, max: 100_000 }),
      rateBurst: env.int('WEB_RATE_BURST', 40, { min: 1, max: 100_000 }),
    },
    stratum: readStratum(env),
    pool: readPoolFacts(env),
  };
}

function readStratum(env: EnvReader): StratumEndpoint {
  const host = env.string('STRATUM_PUBLIC_HOST', '');
  env.check('STRATUM_PUBLIC_HOST', /^[\w.:[\]-]*$/.test(host), 'must be a host name or an IP address');
  let tlsFingerprint = env.string('STRATUM_TLS_FINGERPRINT', '').replaceAll(':', '').toLowerCase();
  env.check(
    'STRATUM_TLS_FINGERPRINT',
    tlsFingerprint === '' || /^[0-9a-f]{64}$/.test(tlsFingerprint),
    'must be a SHA-256 fingerprint (64 hex digits, colons allowed)',
  );
  const certFile = env.optionalString('STRATUM_TLS_CERT_FILE');
  if (certFile !== undefined && tlsFingerprint === '') {
    try {
      tlsFingerprint = new X509Certificate(readFileSync(certFile)).fingerprint256
        .replaceAll(':', '')
        .toLowerCase();
    } catch (err) {
      env.check('STRATUM_TLS_CERT_FILE', false, `cannot be read as a certificate: ${(err as Error).message}`);
    }
  }
  return {
    host,
    ports: ports(env, 'STRATUM_PUBLIC_PORTS', ['3333']),
    tlsPorts: ports(env, 'STRATUM_PUBLIC_TLS_PORTS', ['3334']),
    tlsFingerprint,
  };
}

function readPoolFacts(env: EnvReader): PoolFacts {
  let feeBasisPoints = 0;
  const percent = env.optionalString('POOL_FEE_PERCENT');
  if (env.optionalString('POOL_FEE_BASIS_POINTS') !== undefined) {
    feeBasisPoints = env.int('POOL_FEE_BASIS_POINTS', 0, { min: 0, max: 10_000 });
  } else if (percent !== undefined) {
    try {
      feeBasisPoints = percentToBasisPoints(percent, 'POOL_FEE_PERCENT');
    } catch (err) {
      env.check('POOL_FEE_PERCENT', false, (err as Error).message.replace(/^POOL_FEE_PERCENT /, ''));
    }
  }
  const pplnsK = env.string('PPLNS_K', '2');
  try {
    parseRatio(pplnsK, 'PPLNS_K');
  } catch (err) {
    env.check('PPLNS_K', false, (err as Error).message.replace(/^PPLNS_K /, ''));
  }
  const threshold = env.string('PAYOUT_THRESHOLD', String(DEFAULT_PAYOUT_THRESHOLD));
  env.check('PAYOUT_THRESHOLD', /^\d{1,20}$/.test(threshold), 'must be atomic units (a whole number)');
  return {
    name: env.string('POOL_NAME', 'rxpool'),
    feeBasisPoints,
    defaultScheme: env.oneOf('STRATUM_DEFAULT_SCHEME', SCHEMES, 'pplns'),
    pplnsK,
    payoutThreshold: /^\d{1,20}$/.test(threshold) ? BigInt(threshold) : DEFAULT_PAYOUT_THRESHOLD,
    unlockDepth: env.int('UNLOCK_DEPTH', 60, { min: 1, max: 10_000 }),
  };
}

/** A comma-separated port list; 'none' for an empty one. */
function ports(env: EnvReader, name: string, fallback: string[]): number[] {
  const raw = env.list(name, fallback);
  if (raw.length === 1 && raw[0] === 'none') return [];
  const out: number[] = [];
  for (const item of raw) {
    const n = Number(item);
    if (/^\d+$/.test(item) && n >= 1 && n <= 65_535) out.push(n);
    else env.check(name, false, `has ${JSON.stringify(item)}, not a TCP port`);
  }
  return out;
}
