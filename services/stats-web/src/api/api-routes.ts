import { ApiError } from '../http/api-error.js';
import { intParam, type QueryParamDoc, type Route } from '../http/router.js';
import { openApiDocument } from './openapi.js';
import type { StatsService } from './stats.service.js';

const LIMIT = (fallback: number, max: number): QueryParamDoc & { default: number } => ({
  name: 'limit',
  description: 'How many rows to return.',
  minimum: 1,
  maximum: max,
  default: fallback,
});
const HOURS: QueryParamDoc & { default: number } = {
  name: 'hours',
  description: 'Chart span in hours, ending now (10-minute buckets).',
  minimum: 1,
  maximum: 24,
  default: 24,
};
const BEFORE: QueryParamDoc & { default: number } = {
  name: 'before',
  description: 'Only blocks below this height (paging); 0 for the newest.',
  minimum: 0,
  maximum: 2 ** 31 - 1,
  default: 0,
};
const BLOCK_ID: QueryParamDoc & { default: number } = {
  name: 'id',
  description: "The pool's block id, when it found more than one block at this height (orphans).",
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
  default: 0,
};

/** Every route of the public API: one line of decoding, one call. */
export function apiRoutes(stats: StatsService, version: string): Route[] {
  const routes: Route[] = [
    {
      path: '/api/stats',
      maxAgeSeconds: 10,
      doc: {
        operationId: 'getPoolStats',
        summary: 'Pool hashrate, miners, blocks, network, fee and scheme',
        response: 'PoolStats',
      },
      handle: () => stats.poolStats(),
    },
    {
      path: '/api/stats/hashrate',
      maxAgeSeconds: 60,
      doc: {
        operationId: 'getPoolHashrateChart',
        summary: "The pool's hashrate chart",
        response: 'Chart',
        query: [HOURS],
      },
      handle: ({ query }) => stats.poolChart(intParam(query, HOURS)),
    },
    {
      path: '/api/blocks',
      maxAgeSeconds: 30,
      doc: {
        operationId: 'listBlocks',
        summary: 'Blocks the pool found, newest first',
        response: 'BlockList',
        query: [LIMIT(20, 100), BEFORE],
      },
      handle: ({ query }) => stats.blocks(intParam(query, LIMIT(20, 100)), intParam(query, BEFORE)),
    },
    {
      path: '/api/blocks/{height}/split',
      maxAgeSeconds: 60,
      doc: {
        operationId: 'getBlockSplit',
        summary: "A block's stored reward split, its canonical text and digest check",
        response: 'Split',
        pathParams: { height: 'Block height.' },
        query: [BLOCK_ID],
      },
      handle: ({ params, query }) => {
        const id = intParam(query, BLOCK_ID);
        return stats.blockSplit(heightParam(params.height), id === 0 ? undefined : BigInt(id));
      },
    },
    {
      path: '/api/payments',
      maxAgeSeconds: 30,
      doc: {
        operationId: 'listPayments',
        summary: 'Payout transactions, newest first',
        response: 'PaymentBatchList',
        query: [LIMIT(20, 100)],
      },
      handle: ({ query }) => stats.payments(intParam(query, LIMIT(20, 100))),
    },
    {
      path: '/api/miners/{address}',
      maxAgeSeconds: 30,
      doc: {
        operationId: 'getMiner',
        summary: 'A miner: balance, paid, hashrate per worker with chart, payments, its share of each block',
        response: 'Miner',
        pathParams: { address: "The miner's Monero address (its login)." },
        query: [LIMIT(20, 100)],
      },
      handle: ({ params, query }) => stats.miner(params.address ?? '', intParam(query, LIMIT(20, 100))),
    },
    {
      path: '/api/connect',
      maxAgeSeconds: 300,
      doc: {
        operationId: 'getConnectInfo',
        summary: 'Stratum address, ports, TLS fingerprint and XMRig command lines',
        response: 'Connect',
      },
      handle: async () => stats.connect(),
    },
  ];
  routes.push({
    path: '/api/openapi.json',
    maxAgeSeconds: 3600,
    doc: { operationId: 'getOpenApi', summary: 'This document (OpenAPI 3.1)', response: 'OpenApi' },
    handle: async () => document,
  });
  const document = openApiDocument(routes, version);
  return routes;
}

function heightParam(raw: string | undefined): number {
  const n = Number(raw);
  if (!raw || !/^\d+$/.test(raw) || n < 1 || n > 2 ** 31 - 1) {
    throw ApiError.badRequest(`height must be a block height, got ${JSON.stringify(raw ?? '')}`);
  }
  return n;
}
