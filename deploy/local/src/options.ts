import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** Everything `npm run pool` can be told, by flag or environment variable. */
export interface PoolOptions {
  stateDir: string;
  /** Address every endpoint binds to and is announced on. */
  host: string;
  stratumPort: number;
  stratumTlsPort: number;
  adminGrpcPort: number;
  /** The stats API and dashboard. */
  webPort: number;
  natsPort: number;
  /** nats-servers: 1, or a JetStream cluster of 3 to 5 whose streams get that many replicas. */
  natsCluster: number;
  /** Admin URL of a Postgres to use; undefined: 127.0.0.1:5432 when it answers, else a private cluster. */
  postgresUrl: string | undefined;
  postgresPort: number;
  database: string;
  monerodRpcPort: number;
  monerodZmqPort: number;
  walletRpcPort: number;
  /** monerod's --fixed-difficulty: a block every few minutes for one light-mode CPU thread. */
  blockDifficulty: number;
  /** The gateway's lowest (and starting) share difficulty: a share every few seconds. */
  shareDifficulty: number;
  /** Blocks mined at start when the chain is shorter, so the pool wallet has unlocked funds. */
  initialBlocks: number;
  gateways: number;
  validators: number;
  /** First health/metrics port; each service process takes the next one. */
  healthPortBase: number;
  logLevel: string;
  /**
   * Extra environment per service (folder name, e.g. accounting), over the
   * plan's: for programs that drive the pool (tests with short intervals). No flag.
   */
  serviceEnv?: Partial<Record<string, Record<string, string>>>;
}

export class OptionsError extends Error {
  override name = 'OptionsError';
}

interface Spec {
  key: keyof PoolOptions;
  flag: string;
  env: string;
  kind: 'string' | 'port' | 'count';
  fallback: string;
  help: string;
}

const SPECS: readonly Spec[] = [
  {
    key: 'stateDir',
    flag: 'state-dir',
    env: 'RXPOOL_STATE_DIR',
    kind: 'string',
    fallback: '.local/pool',
    help: 'state folder (kept between runs)',
  },
  {
    key: 'host',
    flag: 'host',
    env: 'RXPOOL_HOST',
    kind: 'string',
    fallback: '127.0.0.1',
    help: 'address the endpoints bind to',
  },
  {
    key: 'stratumPort',
    flag: 'stratum-port',
    env: 'RXPOOL_STRATUM_PORT',
    kind: 'port',
    fallback: '3333',
    help: 'stratum (TCP) port of the first gateway; gateway i adds 10·i',
  },
  {
    key: 'stratumTlsPort',
    flag: 'stratum-tls-port',
    env: 'RXPOOL_STRATUM_TLS_PORT',
    kind: 'port',
    fallback: '3334',
    help: 'stratum over TLS port of the first gateway; gateway i adds 10·i',
  },
  {
    key: 'adminGrpcPort',
    flag: 'admin-grpc-port',
    env: 'RXPOOL_ADMIN_GRPC_PORT',
    kind: 'port',
    fallback: '50051',
    help: 'accounting admin gRPC port',
  },
  {
    key: 'webPort',
    flag: 'web-port',
    env: 'RXPOOL_WEB_PORT',
    kind: 'port',
    fallback: '8080',
    help: 'stats API and web dashboard (HTTP)',
  },
  {
    key: 'natsPort',
    flag: 'nats-port',
    env: 'RXPOOL_NATS_PORT',
    kind: 'port',
    fallback: '14222',
    help: "the pool's own nats-server (JetStream)",
  },
  {
    key: 'natsCluster',
    flag: 'nats-cluster',
    env: 'RXPOOL_NATS_CLUSTER',
    kind: 'count',
    fallback: '1',
    help: 'nats-servers: 1, or a cluster of 3-5 (node i: --nats-port + 3i, route +1, monitoring +2)',
  },
  {
    key: 'postgresUrl',
    flag: 'postgres-url',
    env: 'RXPOOL_POSTGRES_URL',
    kind: 'string',
    fallback: '',
    help: 'admin URL of an existing Postgres (default: 127.0.0.1:5432 when it answers, else a private cluster)',
  },
  {
    key: 'postgresPort',
    flag: 'postgres-port',
    env: 'RXPOOL_POSTGRES_PORT',
    kind: 'port',
    fallback: '15432',
    help: 'port of the private Postgres cluster, when one is needed',
  },
  {
    key: 'database',
    flag: 'database',
    env: 'RXPOOL_DATABASE',
    kind: 'string',
    fallback: 'rxpool',
    help: 'database name (created once)',
  },
  {
    key: 'monerodRpcPort',
    flag: 'monerod-rpc-port',
    env: 'RXPOOL_MONEROD_RPC_PORT',
    kind: 'port',
    fallback: '28081',
    help: 'regtest monerod RPC port',
  },
  {
    key: 'monerodZmqPort',
    flag: 'monerod-zmq-port',
    env: 'RXPOOL_MONEROD_ZMQ_PORT',
    kind: 'port',
    fallback: '28083',
    help: 'regtest monerod ZMQ pub port',
  },
  {
    key: 'walletRpcPort',
    flag: 'wallet-rpc-port',
    env: 'RXPOOL_WALLET_RPC_PORT',
    kind: 'port',
    fallback: '28088',
    help: 'monero-wallet-rpc port',
  },
  {
    key: 'blockDifficulty',
    flag: 'block-difficulty',
    env: 'RXPOOL_BLOCK_DIFFICULTY',
    kind: 'count',
    fallback: '2400',
    help: "monerod's fixed difficulty (~2 min a block at 20 H/s)",
  },
  {
    key: 'shareDifficulty',
    flag: 'share-difficulty',
    env: 'RXPOOL_SHARE_DIFFICULTY',
    kind: 'count',
    fallback: '100',
    help: 'lowest and starting share difficulty (~5 s a share at 20 H/s)',
  },
  {
    key: 'initialBlocks',
    flag: 'initial-blocks',
    env: 'RXPOOL_INITIAL_BLOCKS',
    kind: 'count',
    fallback: '70',
    help: 'chain height to reach at start, mined to the pool wallet',
  },
  {
    key: 'gateways',
    flag: 'gateways',
    env: 'RXPOOL_GATEWAYS',
    kind: 'count',
    fallback: '1',
    help: 'number of stratum gateways',
  },
  {
    key: 'validators',
    flag: 'validators',
    env: 'RXPOOL_VALIDATORS',
    kind: 'count',
    fallback: '1',
    help: 'number of share validators',
  },
  {
    key: 'healthPortBase',
    flag: 'health-port-base',
    env: 'RXPOOL_HEALTH_PORT_BASE',
    kind: 'port',
    fallback: '9100',
    help: 'first /health port; each service process takes the next',
  },
  {
    key: 'logLevel',
    flag: 'log-level',
    env: 'RXPOOL_LOG_LEVEL',
    kind: 'string',
    fallback: 'info',
    help: "services' LOG_LEVEL (their logs go to <state>/logs)",
  },
];

export function usage(): string {
  const rows = SPECS.map(
    (s) => `  --${s.flag.padEnd(18)} ${s.env.padEnd(26)} ${s.help}${s.fallback ? ` [${s.fallback}]` : ''}`,
  );
  return [
    'Usage: npm run pool -- [options]',
    '',
    'Runs a complete local pool (nats-server, Postgres, regtest monerod, wallet-rpc and the',
    'services) in the foreground; Ctrl-C stops what it started. Each option is a flag or an',
    'environment variable (the flag wins):',
    '',
    ...rows,
  ].join('\n');
}

/** Flags win over environment variables, which win over defaults. Throws OptionsError (one line). */
export function parseOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): PoolOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(SPECS.map((s) => [s.flag, { type: 'string' as const }])),
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new OptionsError(`${(err as Error).message} (see --help)`);
  }
  if (values.help) return 'help';
  const out: Record<string, string | number | undefined> = {};
  for (const s of SPECS) {
    const flagValue = values[s.flag];
    const raw = typeof flagValue === 'string' ? flagValue : (env[s.env] ?? s.fallback);
    const source = typeof flagValue === 'string' ? `--${s.flag}` : env[s.env] !== undefined ? s.env : '';
    out[s.key] = convert(s, raw, source);
  }
  const options = out as unknown as PoolOptions;
  options.stateDir = resolve(cwd, options.stateDir);
  if (options.gateways < 1 || options.validators < 1) {
    throw new OptionsError('--gateways and --validators must be at least 1');
  }
  if (options.natsCluster !== 1 && (options.natsCluster < 3 || options.natsCluster > 5)) {
    // Two nodes lose their quorum with either one; JetStream replicates to five at most.
    throw new OptionsError('--nats-cluster must be 1 (one nats-server) or 3 to 5 (a cluster)');
  }
  if (options.shareDifficulty >= options.blockDifficulty) {
    throw new OptionsError(
      `the share difficulty (${options.shareDifficulty}) must be below the block difficulty (${options.blockDifficulty})`,
    );
  }
  return options;
}

function convert(s: Spec, raw: string, source: string): string | number | undefined {
  const name = source || s.env;
  if (s.kind === 'string') return raw === '' ? (s.key === 'postgresUrl' ? undefined : raw) : raw;
  if (!/^\d+$/.test(raw.trim())) {
    throw new OptionsError(`${name}=${JSON.stringify(raw)} must be a whole number`);
  }
  const n = Number(raw.trim());
  if (s.kind === 'port' && (n < 1 || n > 65535)) {
    throw new OptionsError(`${name}=${JSON.stringify(raw)} must be a TCP port number (1-65535)`);
  }
  return n;
}
