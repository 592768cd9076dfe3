import { BANS_MAX_AGE_MS } from '@rxpool/bus';
import { type CommonConfig, type EnvReader, readCommonConfig } from '@rxpool/config';
import { REWARD_SCHEMES, type RewardScheme } from '@rxpool/messages';
import { isCidr } from './abuse/ip-address.js';

/** Everything the gateway reads from the environment, validated once (see README). */
export interface GatewayConfig {
  common: CommonConfig;
  listen: {
    host: string;
    /** Plain TCP ports. */
    ports: number[];
    /** Ports that speak TLS from the first byte. */
    tlsPorts: number[];
    /** Plain ports also accept a TLS client (first byte 0x16). */
    tlsAutodetect: boolean;
    /** Ports whose miners get a fixed nonce byte (nicehash mode). */
    nicehashPorts: number[];
    /** PROXY protocol v1/v2 from these CIDRs (a load balancer); undefined = off. */
    proxyTrustedCidrs: string[] | undefined;
  };
  tls: { certFile: string | undefined; keyFile: string | undefined; stateDir: string };
  /** Worker processes (node:cluster) sharing the listening sockets; 1 = no cluster. */
  workers: number;
  difficulty: { start: number; min: number; max: number };
  vardiff: VardiffConfig;
  jobs: {
    /** Jobs of one miner that stay valid (the newest ones). */
    maxJobsPerMiner: number;
    /** How long shares for a replaced job are still accepted (new template). */
    templateGraceMs: number;
    /** Width of the job counter under one instance id; spent, a new id is leased. */
    counterBits: number;
  };
  limits: LimitsConfig;
  bans: BanConfig;
  validateTimeoutMs: number;
  leaseTtlMs: number;
  defaultScheme: RewardScheme;
  /** Schemes a login may pick (STRATUM_SCHEMES). */
  schemes: RewardScheme[];
  /** On SIGTERM: how long in-flight submits may take before connections close anyway. */
  drainTimeoutMs: number;
}

export interface VardiffConfig {
  /** Seconds between shares the difficulty aims at. */
  targetShareSeconds: number;
  /** Relative change below which the difficulty is left alone (0.3 = ±30 %). */
  deadband: number;
  /** Least time between two retargets of one miner. */
  retargetSeconds: number;
  /** Largest factor of one retarget, up or down. */
  maxStep: number;
  /** Shares for the job replaced by a retarget are accepted this long. */
  retargetGraceMs: number;
}

export interface LimitsConfig {
  maxLineBytes: number;
  maxConnectionsPerIp: number;
  loginTimeoutMs: number;
  idleTimeoutMs: number;
  loginBurst: number;
  loginPerSecond: number;
  submitBurst: number;
  submitPerSecond: number;
  maxInFlightSubmits: number;
  /** Unparseable requests tolerated on one connection before it is closed. */
  maxProtocolErrors: number;
  /** Connections of this process; 0 = from its open-file limit. */
  maxConnections: number;
  /** From accept to a finished PROXY header and TLS handshake (and a refused login's answer). */
  handshakeTimeoutMs: number;
  /** Limits and bans count an IPv6 address by this prefix (IPv4 per address). */
  ipv6GroupPrefix: number;
  /** Malformed requests before login from one address group before its new connections wait… */
  preloginErrorLimit: number;
  /** …the count halving this often. */
  preloginErrorHalfLifeMs: number;
}

export interface BanConfig {
  /** Invalid shares / checked shares above which an IP is banned. */
  invalidRatio: number;
  /** Shares to look at before the ratio counts. */
  minShares: number;
  durationMs: number;
  /** IPs or CIDR ranges never banned nor limited. */
  allowlist: string[];
}

const MAX_DIFFICULTY = Number.MAX_SAFE_INTEGER;

/** A comma-separated port list; "none" for no port of that kind. */
function ports(env: EnvReader, name: string, fallback: number[]): number[] {
  const raw = env.list(name, fallback.map(String));
  if (raw.length === 1 && raw[0] === 'none') return [];
  const out: number[] = [];
  for (const p of raw) {
    const n = Number(p);
    env.check(name, /^\d+$/.test(p) && n > 0 && n < 65536, `has ${JSON.stringify(p)}, not a TCP port`);
    out.push(n);
  }
  return out;
}

/** STRATUM_PROXY_TRUSTED_CIDRS when STRATUM_PROXY_PROTOCOL is on: whose PROXY header is believed. */
function proxyTrusted(env: EnvReader): string[] | undefined {
  if (!env.bool('STRATUM_PROXY_PROTOCOL', false)) return undefined;
  const cidrs = env.list('STRATUM_PROXY_TRUSTED_CIDRS', []);
  env.check('STRATUM_PROXY_TRUSTED_CIDRS', cidrs.length > 0, 'is required with STRATUM_PROXY_PROTOCOL=true');
  for (const c of cidrs)
    env.check('STRATUM_PROXY_TRUSTED_CIDRS', isCidr(c), `has ${JSON.stringify(c)}, not an IP or CIDR`);
  return cidrs;
}

export function readGatewayConfig(env: EnvReader): GatewayConfig {
  const common = readCommonConfig(env, 'stratum-gateway', 9101);
  const portList = ports(env, 'STRATUM_PORTS', [3333]);
  const tlsPorts = ports(env, 'STRATUM_TLS_PORTS', [3334]);
  const min = env.int('STRATUM_MIN_DIFFICULTY', 1_000, { min: 1, max: MAX_DIFFICULTY });
  const max = env.int('STRATUM_MAX_DIFFICULTY', 1_000_000_000_000, { min: 1, max: MAX_DIFFICULTY });
  const start = env.int('STRATUM_START_DIFFICULTY', 10_000, { min: 1, max: MAX_DIFFICULTY });
  env.check('STRATUM_MIN_DIFFICULTY', min <= max, 'must not exceed STRATUM_MAX_DIFFICULTY');
  env.check('STRATUM_START_DIFFICULTY', start >= min && start <= max, 'must lie within min and max');
  for (const p of tlsPorts) {
    env.check('STRATUM_TLS_PORTS', !portList.includes(p), `port ${p} is also a plain port`);
  }
  const scheme = env.oneOf('STRATUM_DEFAULT_SCHEME', REWARD_SCHEMES, 'pplns');
  const offered = env.list('STRATUM_SCHEMES', ['pplns', 'solo']);
  for (const s of offered) {
    env.check(
      'STRATUM_SCHEMES',
      (REWARD_SCHEMES as readonly string[]).includes(s),
      `has unknown scheme "${s}"`,
    );
  }
  env.check('STRATUM_DEFAULT_SCHEME', offered.includes(scheme), 'must be one of STRATUM_SCHEMES');
  // A PPS credit is the pool's money until a PPS block repays it: someone must receive those blocks.
  env.check(
    'PPS_REWARD_ADDRESS',
    !offered.includes('pps') || env.optionalString('PPS_REWARD_ADDRESS') !== undefined,
    'is required when STRATUM_SCHEMES offers pps (the account that receives PPS block rewards)',
  );
  return {
    common,
    listen: {
      host: env.string('STRATUM_HOST', '0.0.0.0'),
      ports: portList,
      tlsPorts,
      tlsAutodetect: env.bool('STRATUM_TLS_AUTODETECT', true),
      nicehashPorts: ports(env, 'STRATUM_NICEHASH_PORTS', []),
      proxyTrustedCidrs: proxyTrusted(env),
    },
    tls: {
      certFile: env.optionalString('TLS_CERT_FILE'),
      keyFile: env.optionalString('TLS_KEY_FILE'),
      stateDir: env.string('GATEWAY_STATE_DIR', '.local/stratum-gateway'),
    },
    workers: env.int('GATEWAY_WORKERS', 1, { min: 1, max: 64 }),
    difficulty: { start, min, max },
    vardiff: {
      targetShareSeconds: env.number('VARDIFF_TARGET_SECONDS', 30, { min: 1, max: 3600 }),
      deadband: env.number('VARDIFF_DEADBAND', 0.3, { min: 0, max: 0.9 }),
      retargetSeconds: env.number('VARDIFF_RETARGET_SECONDS', 60, { min: 1, max: 86_400 }),
      maxStep: env.number('VARDIFF_MAX_STEP', 4, { min: 1.1, max: 1000 }),
      retargetGraceMs: env.int('VARDIFF_RETARGET_GRACE_MS', 10_000, { min: 0, max: 600_000 }),
    },
    jobs: {
      maxJobsPerMiner: env.int('STRATUM_JOBS_PER_MINER', 4, { min: 1, max: 16 }),
      templateGraceMs: env.int('STRATUM_TEMPLATE_GRACE_MS', 3_000, { min: 0, max: 120_000 }),
      counterBits: env.int('STRATUM_JOB_COUNTER_BITS', 32, { min: 8, max: 32 }),
    },
    limits: {
      maxLineBytes: env.int('STRATUM_MAX_LINE_BYTES', 8_192, { min: 512, max: 65_536 }),
      maxConnectionsPerIp: env.int('STRATUM_MAX_CONNECTIONS_PER_IP', 256, { min: 1 }),
      loginTimeoutMs: env.int('STRATUM_LOGIN_TIMEOUT_MS', 15_000, { min: 100 }),
      idleTimeoutMs: env.int('STRATUM_IDLE_TIMEOUT_MS', 600_000, { min: 1_000 }),
      loginBurst: env.int('STRATUM_LOGIN_BURST', 20, { min: 1 }),
      loginPerSecond: env.number('STRATUM_LOGIN_PER_SECOND', 5, { min: 0.001 }),
      submitBurst: env.int('STRATUM_SUBMIT_BURST', 100, { min: 1 }),
      submitPerSecond: env.number('STRATUM_SUBMIT_PER_SECOND', 20, { min: 0.001 }),
      maxInFlightSubmits: env.int('STRATUM_MAX_INFLIGHT_SUBMITS', 32, { min: 1 }),
      maxProtocolErrors: env.int('STRATUM_MAX_PROTOCOL_ERRORS', 10, { min: 0 }),
      maxConnections: env.int('STRATUM_MAX_CONNECTIONS', 0, { min: 0 }),
      handshakeTimeoutMs: env.int('STRATUM_TLS_HANDSHAKE_TIMEOUT_MS', 5_000, { min: 100, max: 120_000 }),
      ipv6GroupPrefix: env.int('STRATUM_IPV6_GROUP_PREFIX', 64, { min: 16, max: 128 }),
      preloginErrorLimit: env.int('STRATUM_PRELOGIN_ERROR_LIMIT', 10, { min: 1 }),
      preloginErrorHalfLifeMs: env.int('STRATUM_PRELOGIN_ERROR_HALF_LIFE_MS', 10_000, { min: 100 }),
    },
    bans: {
      invalidRatio: env.number('BAN_INVALID_RATIO', 0.5, { min: 0.01, max: 1 }),
      minShares: env.int('BAN_MIN_SHARES', 20, { min: 1 }),
      durationMs: env.int('BAN_DURATION_MS', 600_000, { min: 1_000, max: BANS_MAX_AGE_MS }),
      allowlist: env.list('BAN_ALLOWLIST', []),
    },
    validateTimeoutMs: env.int('VALIDATE_TIMEOUT_MS', 10_000, { min: 100 }),
    leaseTtlMs: env.int('INSTANCE_LEASE_TTL_MS', 30_000, { min: 3_000 }),
    defaultScheme: scheme,
    schemes: offered as RewardScheme[],
    drainTimeoutMs: env.int('GATEWAY_DRAIN_TIMEOUT_MS', 10_000, { min: 0 }),
  };
}
