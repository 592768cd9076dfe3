import { type Static, type TSchema, Type } from '@sinclair/typebox';

/**
 * The JSON the public API answers with, as TypeBox schemas: the same
 * objects give the OpenAPI document (each named schema is a component) and,
 * through `Static<>`, the TypeScript types the service and the dashboard use.
 * Atomic units (1 XMR = 10^12) and 128-bit figures are decimal text; times
 * are ms since the epoch; hashrates are hashes per second.
 */

/** A reference to a named schema that keeps its TypeScript type (TypeBox 0.34's documented idiom). */
function ref<T extends TSchema>(schema: T) {
  if (schema.$id === undefined) throw new Error('only a named schema (with $id) can be referred to');
  return Type.Unsafe<Static<T>>(Type.Ref(schema.$id));
}

/** A string out of a fixed list, written as JSON Schema's `enum` (TypeBox's own enums are anyOf of consts). */
function stringEnum<const V extends readonly string[]>(values: V, description?: string) {
  return Type.Unsafe<V[number]>({
    type: 'string',
    enum: [...values],
    ...(description ? { description } : {}),
  });
}

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const atomic = () => Type.String({ description: 'Atomic units (1 XMR = 10^12), decimal text.' });
const ms = () => Type.Integer({ description: 'ms since the epoch.' });

/** Blocks the public sees: found by the pool (not mere candidates or rejected submissions). */
export const FOUND_STATUSES = ['accepted', 'pending', 'unlocked', 'orphaned'] as const;
export type FoundStatus = (typeof FOUND_STATUSES)[number];
export const isFoundStatus = (s: string): s is FoundStatus =>
  (FOUND_STATUSES as readonly string[]).includes(s);

export const ErrorSchema = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String() }) },
  { $id: 'Error' },
);

export const HashrateSchema = Type.Object(
  { '10m': Type.Number(), '1h': Type.Number(), '24h': Type.Number() },
  { $id: 'Hashrate', description: 'Hashes per second averaged over 10 minutes, 1 hour and 24 hours.' },
);

export const BlockSchema = Type.Object(
  {
    id: Type.String(),
    height: Type.Integer(),
    hash: nullable(Type.String()),
    status: stringEnum(FOUND_STATUSES),
    scheme: stringEnum(['pplns', 'pps', 'solo']),
    reward: atomic(),
    confirmations: Type.Integer(),
    foundAt: ms(),
  },
  { $id: 'Block' },
);

export const BlockListSchema = Type.Object({ blocks: Type.Array(ref(BlockSchema)) }, { $id: 'BlockList' });

export const NetworkSchema = Type.Object({
  height: Type.Integer(),
  difficulty: Type.String({ description: 'Decimal text.' }),
  hashrate: Type.Number({ description: 'difficulty ÷ 120 s.' }),
  reward: atomic(),
  updatedAt: ms(),
});

export const PoolStatsSchema = Type.Object(
  {
    pool: Type.Object({
      name: Type.String(),
      fee: Type.Object({ basisPoints: Type.Integer(), percent: Type.Number() }),
      defaultScheme: Type.String(),
      schemes: Type.Array(Type.String()),
      pplnsK: Type.String({ description: 'PPLNS window = k × network difficulty of shares.' }),
      payoutThreshold: atomic(),
      unlockDepth: Type.Integer({ description: 'Confirmations before a block is credited.' }),
    }),
    hashrate: ref(HashrateSchema),
    miners: Type.Integer({ description: 'Miners with a share in the last 10 minutes.' }),
    workers: Type.Integer({ description: 'Workers with a share in the last 10 minutes.' }),
    network: nullable(NetworkSchema),
    blocks: Type.Object({
      found: Type.Integer(),
      pending: Type.Integer(),
      unlocked: Type.Integer(),
      orphaned: Type.Integer(),
      lastHeight: nullable(Type.Integer()),
      lastFoundAt: nullable(ms()),
    }),
    latestBlocks: Type.Array(ref(BlockSchema)),
    paid: atomic(),
    updatedAt: ms(),
  },
  { $id: 'PoolStats' },
);

/** One series for the pool (worker ''), or one per worker; points are [bucket start, hashrate]. */
export const ChartSchema = Type.Object(
  {
    bucketSeconds: Type.Integer(),
    series: Type.Array(
      Type.Object({
        worker: Type.String({ description: "The worker's name; '' for the pool." }),
        // prefixItems (JSON Schema 2020-12, as OpenAPI 3.1 has it), not TypeBox's draft-07 tuple.
        points: Type.Array(
          Type.Unsafe<[number, number]>({
            type: 'array',
            prefixItems: [ms(), Type.Number({ description: 'Hashes per second.' })],
            minItems: 2,
            maxItems: 2,
          }),
        ),
      }),
    ),
  },
  { $id: 'Chart' },
);

/** Payout statuses are spelled as the database and the admin API spell them. */
const PAYOUT_STATUS_TEXT =
  'As stored: planned, signed, submitting, submitted, confirmed, failed or needs_review.';

export const PaymentSchema = Type.Object(
  {
    id: Type.String(),
    amount: atomic(),
    fee: atomic(),
    status: Type.String({ description: PAYOUT_STATUS_TEXT }),
    txHash: nullable(Type.String()),
    txKey: nullable(Type.String({ description: 'Proves the payment: monero-wallet-cli check_tx_key.' })),
    createdAt: ms(),
    confirmedAt: nullable(ms()),
  },
  { $id: 'Payment' },
);

export const PaymentBatchSchema = Type.Object(
  {
    id: Type.String(),
    status: Type.String({ description: PAYOUT_STATUS_TEXT }),
    txHash: nullable(Type.String()),
    payees: Type.Integer(),
    amount: atomic(),
    fee: atomic(),
    createdAt: ms(),
    confirmedAt: nullable(ms()),
  },
  { $id: 'PaymentBatch' },
);

export const PaymentBatchListSchema = Type.Object(
  { payments: Type.Array(ref(PaymentBatchSchema)) },
  { $id: 'PaymentBatchList' },
);

export const MinerBlockSchema = Type.Object(
  {
    blockId: Type.String(),
    height: Type.Integer(),
    hash: nullable(Type.String()),
    status: Type.String(),
    confirmations: Type.Integer(),
    scheme: Type.String(),
    reward: atomic(),
    fee: atomic(),
    feeBasisPoints: Type.Integer(),
    windowTotal: nullable(Type.String()),
    windowShares: nullable(Type.Integer()),
    weight: Type.String({ description: "This miner's counted share difficulty in the PPLNS window." }),
    sharePercent: Type.Number({ description: 'weight ÷ window total, in percent (SOLO: 100).' }),
    amount: atomic(),
    digest: Type.String({ description: 'sha256 of the canonical split text (see getBlockSplit).' }),
    credited: Type.Boolean(),
  },
  { $id: 'MinerBlock' },
);

export const MinerSchema = Type.Object(
  {
    miner: Type.String({ description: "The miner's payout address (its login)." }),
    balance: atomic(),
    paid: atomic(),
    payoutFees: atomic(),
    payoutThreshold: atomic(),
    hashrate: ref(HashrateSchema),
    lastShareAt: nullable(ms()),
    workers: Type.Array(
      Type.Object({ worker: Type.String(), hashrate: ref(HashrateSchema), lastShareAt: nullable(ms()) }),
    ),
    chart: ref(ChartSchema),
    payments: Type.Array(ref(PaymentSchema)),
    blocks: Type.Array(ref(MinerBlockSchema)),
    updatedAt: ms(),
  },
  { $id: 'Miner' },
);

export const SplitSchema = Type.Object(
  {
    blockId: Type.String(),
    height: Type.Integer(),
    hash: Type.String(),
    status: Type.String(),
    scheme: Type.String(),
    reward: atomic(),
    fee: atomic(),
    feeBasisPoints: Type.Integer(),
    window: nullable(
      Type.Object({
        size: Type.String(),
        total: Type.String(),
        shares: Type.Integer(),
        newestShare: nullable(Type.String()),
        oldestShare: nullable(Type.String()),
        edgeCounted: Type.String(),
      }),
    ),
    entries: Type.Array(
      Type.Object({
        role: stringEnum(['miner', 'fee']),
        account: Type.String(),
        weight: Type.String(),
        amount: atomic(),
      }),
    ),
    digest: Type.String(),
    canonicalText: Type.String({ description: 'sha256 of this text is the digest.' }),
    digestVerified: Type.Boolean({ description: 'The rebuilt text hashes to the stored digest.' }),
    credited: Type.Boolean(),
  },
  { $id: 'Split' },
);

export const ConnectSchema = Type.Object(
  {
    host: nullable(Type.String({ description: 'null: the host this page was reached on.' })),
    ports: Type.Array(Type.Integer()),
    tlsPorts: Type.Array(Type.Integer()),
    tlsFingerprint: nullable(Type.String({ description: 'SHA-256 of the certificate, hex.' })),
    xmrig: Type.Object({ plain: nullable(Type.String()), tls: nullable(Type.String()) }),
    network: stringEnum(['mainnet', 'testnet', 'stagenet'], 'Whose addresses the pool takes.'),
    placeholders: Type.Object({ host: Type.String(), miner: Type.String(), worker: Type.String() }),
  },
  { $id: 'Connect' },
);

/** The OpenAPI document itself: any object. */
export const OpenApiSchema = Type.Unsafe<Record<string, unknown>>({ $id: 'OpenApi', type: 'object' });

/** Every named schema: the components of the OpenAPI document. */
export const API_SCHEMAS = [
  ErrorSchema,
  HashrateSchema,
  BlockSchema,
  BlockListSchema,
  PoolStatsSchema,
  ChartSchema,
  PaymentSchema,
  PaymentBatchSchema,
  PaymentBatchListSchema,
  MinerBlockSchema,
  MinerSchema,
  SplitSchema,
  ConnectSchema,
  OpenApiSchema,
] as const;

export type HashrateView = Static<typeof HashrateSchema>;
export type BlockView = Static<typeof BlockSchema>;
export type NetworkView = Static<typeof NetworkSchema>;
export type PoolStatsView = Static<typeof PoolStatsSchema>;
export type ChartView = Static<typeof ChartSchema>;
export type PaymentView = Static<typeof PaymentSchema>;
export type PaymentBatchView = Static<typeof PaymentBatchSchema>;
export type MinerBlockView = Static<typeof MinerBlockSchema>;
export type MinerView = Static<typeof MinerSchema>;
export type SplitView = Static<typeof SplitSchema>;
export type ConnectView = Static<typeof ConnectSchema>;
export type ApiErrorBody = Static<typeof ErrorSchema>;
