import type { Route } from '../http/router.js';

type Schema = Record<string, unknown>;

const str = (description?: string): Schema => ({ type: 'string', ...(description ? { description } : {}) });
const int = (description?: string): Schema => ({ type: 'integer', ...(description ? { description } : {}) });
const num = (description?: string): Schema => ({ type: 'number', ...(description ? { description } : {}) });
const nullable = (s: Schema): Schema => ({ anyOf: [s, { type: 'null' }] });
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const array = (items: Schema): Schema => ({ type: 'array', items });
const atomic = str('Atomic units (1 XMR = 10^12), decimal text.');
const ms = int('ms since the epoch.');
/** An object whose every property is required. */
const obj = (properties: Record<string, Schema>): Schema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
});

const SCHEMAS: Record<string, Schema> = {
  Error: obj({ error: obj({ code: str(), message: str() }) }),
  Hashrate: {
    ...obj({ '10m': num(), '1h': num(), '24h': num() }),
    description: 'Hashes per second averaged over 10 minutes, 1 hour and 24 hours.',
  },
  Block: obj({
    id: str(),
    height: int(),
    hash: nullable(str()),
    status: { enum: ['accepted', 'pending', 'unlocked', 'orphaned'] },
    scheme: { enum: ['pplns', 'pps', 'solo'] },
    reward: atomic,
    confirmations: int(),
    foundAt: ms,
  }),
  BlockList: obj({ blocks: array(ref('Block')) }),
  PoolStats: obj({
    pool: obj({
      name: str(),
      fee: obj({ basisPoints: int(), percent: num() }),
      defaultScheme: str(),
      schemes: array(str()),
      pplnsK: str('PPLNS window = k × network difficulty of shares.'),
      payoutThreshold: atomic,
      unlockDepth: int('Confirmations before a block is credited.'),
    }),
    hashrate: ref('Hashrate'),
    miners: int('Miners with a share in the last 10 minutes.'),
    workers: int('Workers with a share in the last 10 minutes.'),
    network: nullable(
      obj({
        height: int(),
        difficulty: str('Decimal text.'),
        hashrate: num('difficulty ÷ 120 s.'),
        reward: atomic,
        updatedAt: ms,
      }),
    ),
    blocks: obj({
      found: int(),
      pending: int(),
      unlocked: int(),
      orphaned: int(),
      lastHeight: nullable(int()),
      lastFoundAt: nullable(ms),
    }),
    latestBlocks: array(ref('Block')),
    paid: atomic,
    updatedAt: ms,
  }),
  Chart: obj({
    bucketSeconds: int(),
    series: array(
      obj({
        name: str("Worker name; '' for the pool."),
        points: array({
          type: 'array',
          prefixItems: [ms, num('Hashes per second.')],
          minItems: 2,
          maxItems: 2,
        }),
      }),
    ),
  }),
  Payment: obj({
    id: str(),
    amount: atomic,
    fee: atomic,
    status: str(),
    txHash: nullable(str()),
    txKey: nullable(str('Proves the payment: monero-wallet-cli check_tx_key.')),
    createdAt: ms,
    confirmedAt: nullable(ms),
  }),
  PaymentBatch: obj({
    id: str(),
    status: str(),
    txHash: nullable(str()),
    payees: int(),
    amount: atomic,
    fee: atomic,
    createdAt: ms,
    confirmedAt: nullable(ms),
  }),
  PaymentBatchList: obj({ payments: array(ref('PaymentBatch')) }),
  MinerBlock: obj({
    blockId: str(),
    height: int(),
    hash: nullable(str()),
    status: str(),
    confirmations: int(),
    scheme: str(),
    reward: atomic,
    fee: atomic,
    feeBasisPoints: int(),
    windowTotal: nullable(str()),
    windowShares: nullable(int()),
    weight: str("This miner's counted share difficulty in the PPLNS window."),
    sharePercent: num(),
    amount: atomic,
    digest: str('sha256 of the canonical split text (see getBlockSplit).'),
    credited: { type: 'boolean' },
  }),
  Miner: obj({
    address: str(),
    balance: atomic,
    paid: atomic,
    payoutFees: atomic,
    payoutThreshold: atomic,
    hashrate: ref('Hashrate'),
    lastShareAt: nullable(ms),
    workers: array(obj({ name: str(), hashrate: ref('Hashrate'), lastShareAt: nullable(ms) })),
    chart: ref('Chart'),
    payments: array(ref('Payment')),
    blocks: array(ref('MinerBlock')),
    updatedAt: ms,
  }),
  Split: obj({
    blockId: str(),
    height: int(),
    hash: str(),
    status: str(),
    scheme: str(),
    reward: atomic,
    fee: atomic,
    feeBasisPoints: int(),
    window: nullable(
      obj({
        size: str(),
        total: str(),
        shares: int(),
        newestShare: nullable(str()),
        oldestShare: nullable(str()),
        edgeCounted: str(),
      }),
    ),
    entries: array(obj({ role: { enum: ['miner', 'fee'] }, account: str(), weight: str(), amount: atomic })),
    digest: str(),
    canonicalText: str('sha256 of this text is the digest.'),
    digestVerified: { type: 'boolean' },
    credited: { type: 'boolean' },
  }),
  Connect: obj({
    host: nullable(str('null: the host this page was reached on.')),
    ports: array(int()),
    tlsPorts: array(int()),
    tlsFingerprint: nullable(str('SHA-256 of the certificate, hex.')),
    xmrig: obj({ plain: nullable(str()), tls: nullable(str()) }),
    network: { enum: ['mainnet', 'testnet', 'stagenet'], description: 'Whose addresses the pool takes.' },
    placeholders: obj({ host: str(), address: str(), worker: str() }),
  }),
  OpenApi: { type: 'object' },
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});

/** The OpenAPI 3.1 document of the routes, served at /api/openapi.json. */
export function openApiDocument(routes: readonly Route[], version: string): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const r of routes) {
    const parameters = [
      ...Object.entries(r.doc.pathParams ?? {}).map(([name, description]) => ({
        name,
        in: 'path',
        required: true,
        description,
        schema: { type: 'string' },
      })),
      ...(r.doc.query ?? []).map((q) => ({
        name: q.name,
        in: 'query',
        required: false,
        description: q.description,
        schema: { type: 'integer', minimum: q.minimum, maximum: q.maximum, default: q.default },
      })),
    ];
    paths[r.path] = {
      get: {
        operationId: r.doc.operationId,
        summary: r.doc.summary,
        ...(parameters.length > 0 ? { parameters } : {}),
        responses: {
          '200': {
            description: `OK; Cache-Control: public, max-age=${r.maxAgeSeconds}`,
            headers: { ETag: { schema: { type: 'string' } } },
            content: { 'application/json': { schema: ref(r.doc.response) } },
          },
          ...(parameters.length > 0 ? { '400': errorResponse('A parameter is malformed.') } : {}),
          ...(r.doc.pathParams ? { '404': errorResponse('Not found.') } : {}),
          '429': {
            ...errorResponse('Rate limited.'),
            headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } },
          },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'rxpool public stats API',
      version,
      description:
        'Read-only pool statistics. Amounts are atomic units as decimal text, times ms since the epoch, ' +
        'hashrates hashes per second. Each client address has a request budget (HTTP 429 with Retry-After).',
    },
    paths,
    components: { schemas: SCHEMAS },
  };
}

export { SCHEMAS as OPENAPI_SCHEMAS };
