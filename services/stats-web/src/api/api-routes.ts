import { Type } from '@sinclair/typebox';
import { ApiError } from '../http/api-error.js';
import { type ApiRoute, apiRoute, intQuery } from '../http/api-route.js';
import {
  BlockListSchema,
  ChartSchema,
  ConnectSchema,
  MinerSchema,
  PaymentBatchListSchema,
  PoolStatsSchema,
  SplitSchema,
} from './schema/api-schema.js';
import type { StatsService } from './stats.service.js';

const LIMIT = intQuery('How many rows to return.', 1, 100, 20);
const HOURS = intQuery('Chart span in hours, ending now (10-minute buckets).', 1, 24, 24);
const BEFORE = intQuery('Only blocks below this height (paging); 0 for the newest.', 0, 2 ** 31 - 1, 0);
const BLOCK_ID = intQuery(
  "The pool's block id, when it found more than one block at this height (orphans).",
  0,
  Number.MAX_SAFE_INTEGER,
  0,
);

/** Every route of the public API (the server adds /api/openapi.json): one line of decoding, one call. */
export function apiRoutes(stats: StatsService): ApiRoute[] {
  return [
    apiRoute({
      path: '/api/stats',
      maxAgeSeconds: 10,
      operationId: 'getPoolStats',
      summary: 'Pool hashrate, miners, blocks, network, fee and scheme',
      response: PoolStatsSchema,
      handle: () => stats.poolStats(),
    }),
    apiRoute({
      path: '/api/stats/hashrate',
      maxAgeSeconds: 60,
      operationId: 'getPoolHashrateChart',
      summary: "The pool's hashrate chart",
      query: { hours: HOURS },
      response: ChartSchema,
      handle: ({ query }) => stats.poolChart(query.hours),
    }),
    apiRoute({
      path: '/api/blocks',
      maxAgeSeconds: 30,
      operationId: 'listBlocks',
      summary: 'Blocks the pool found, newest first',
      query: { limit: LIMIT, before: BEFORE },
      response: BlockListSchema,
      handle: ({ query }) => stats.blocks(query.limit, query.before),
    }),
    apiRoute({
      path: '/api/blocks/{height}/split',
      maxAgeSeconds: 60,
      operationId: 'getBlockSplit',
      summary: "A block's stored reward split, its canonical text and digest check",
      params: { height: Type.String({ description: 'Block height.' }) },
      query: { id: BLOCK_ID },
      response: SplitSchema,
      handle: ({ params, query }) =>
        stats.blockSplit(heightParam(params.height), query.id === 0 ? undefined : BigInt(query.id)),
    }),
    apiRoute({
      path: '/api/payments',
      maxAgeSeconds: 30,
      operationId: 'listPayments',
      summary: 'Payout transactions, newest first',
      query: { limit: LIMIT },
      response: PaymentBatchListSchema,
      handle: ({ query }) => stats.payments(query.limit),
    }),
    apiRoute({
      path: '/api/miners/{miner}',
      maxAgeSeconds: 30,
      operationId: 'getMiner',
      summary: 'A miner: balance, paid, hashrate per worker with chart, payments, its share of each block',
      params: { miner: Type.String({ description: "The miner's Monero payout address (its login)." }) },
      query: { limit: LIMIT },
      response: MinerSchema,
      handle: ({ params, query }) => stats.miner(params.miner, query.limit),
    }),
    apiRoute({
      path: '/api/connect',
      maxAgeSeconds: 300,
      operationId: 'getConnectInfo',
      summary: 'Stratum address, ports, TLS fingerprint and XMRig command lines',
      response: ConnectSchema,
      handle: async () => stats.connect(),
    }),
  ];
}

function heightParam(raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 2 ** 31 - 1) {
    throw ApiError.badRequest(`height must be a block height, got ${JSON.stringify(raw)}`);
  }
  return n;
}
