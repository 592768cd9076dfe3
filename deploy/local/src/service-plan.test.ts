import { describe, expect, it } from 'vitest';
import { type PoolOptions, parseOptions } from './options.js';
import { planServices, type ServiceContext } from './service-plan.js';

const context: ServiceContext = {
  repoRoot: '/repo',
  natsUrl: 'nats://127.0.0.1:14222',
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/rxpool',
  monerodRpcUrl: 'http://127.0.0.1:28081',
  monerodZmqUrl: 'tcp://127.0.0.1:28083',
  walletRpcUrl: 'http://127.0.0.1:28088',
  walletAddress: '4address',
  adminToken: 'token-token-token',
  tlsCertFile: '/state/tls/cert.pem',
  tlsKeyFile: '/state/tls/key.pem',
};

function options(argv: string[]): PoolOptions {
  const o = parseOptions(argv, {}, '/repo');
  if (o === 'help') throw new Error('unexpected help');
  return o;
}

describe('service plan', () => {
  it('runs each instance on its own health port, gateways on their own stratum ports', () => {
    const specs = planServices(options(['--gateways', '2', '--validators', '2']), context);
    expect(specs.map((s) => s.name)).toEqual([
      'job-manager',
      'accounting',
      'share-validator-1',
      'share-validator-2',
      'stratum-gateway-1',
      'stratum-gateway-2',
      'stats-web',
    ]);
    expect(specs.map((s) => s.healthPort)).toEqual([9100, 9101, 9102, 9103, 9104, 9105, 9106]);
    expect(specs.map((s) => s.env.HEALTH_PORT)).toEqual([
      '9100',
      '9101',
      '9102',
      '9103',
      '9104',
      '9105',
      '9106',
    ]);
    const gateways = specs.filter((s) => s.service === 'stratum-gateway');
    expect(gateways.map((g) => [g.env.STRATUM_PORTS, g.env.STRATUM_TLS_PORTS])).toEqual([
      ['3333', '3334'],
      ['3343', '3344'],
    ]);
    expect(gateways[1]?.env.GATEWAY_STATE_DIR).toBe('/repo/.local/pool/stratum-gateway-2');
    expect(specs[0]?.entry).toBe('/repo/services/job-manager/dist/main.js');
  });

  it('gives each service what it needs: regtest addresses, light validation, the share difficulty floor', () => {
    const specs = planServices(options(['--share-difficulty', '150']), context);
    const env = (service: string) => specs.find((s) => s.service === service)!.env;
    expect(env('job-manager')).toMatchObject({
      MONERO_NETWORK: 'mainnet',
      MONEROD_URLS: 'http://127.0.0.1:28081',
      MONEROD_ZMQ_URL: 'tcp://127.0.0.1:28083',
      POOL_WALLET_ADDRESS: '4address',
    });
    expect(env('accounting')).toMatchObject({
      NODE_OPTIONS: '--max-semi-space-size=64',
      DATABASE_URL: context.databaseUrl,
      ADMIN_GRPC_PORT: '50051',
      ADMIN_TOKEN: context.adminToken,
      WALLET_RPC_URL: context.walletRpcUrl,
    });
    expect(env('share-validator').VALIDATOR_MODE).toBe('light');
    expect(env('stratum-gateway')).toMatchObject({
      STRATUM_MIN_DIFFICULTY: '150',
      STRATUM_START_DIFFICULTY: '150',
    });
    expect(env('stats-web')).toMatchObject({
      DATABASE_URL: context.databaseUrl,
      WEB_PORT: '8080',
      STRATUM_PUBLIC_PORTS: '3333',
      STRATUM_PUBLIC_TLS_PORTS: '3334',
      STRATUM_TLS_CERT_FILE: context.tlsCertFile,
    });
    for (const s of specs) expect(s.env.NATS_URL).toBe(context.natsUrl);
    for (const s of specs) expect(s.env.NATS_STREAM_REPLICAS).toBe('1');
  });

  it('points every service at every server of a NATS cluster, with its stream replicas', () => {
    const cluster = {
      ...context,
      natsUrl: 'nats://127.0.0.1:14222,nats://127.0.0.1:14225',
      natsStreamReplicas: 3,
    };
    for (const s of planServices(options(['--nats-cluster', '3']), cluster)) {
      expect(s.env).toMatchObject({ NATS_URL: cluster.natsUrl, NATS_STREAM_REPLICAS: '3' });
    }
  });
});
