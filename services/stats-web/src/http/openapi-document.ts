import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { type TSchema, Type } from '@sinclair/typebox';
import type { FastifySchema } from 'fastify';
import { ErrorSchema } from '../api/schema/api-schema.js';
import type { ApiRoute } from './api-route.js';

/** A $ref to a named schema of api-schema.ts (a component of the document). */
function refTo(schema: TSchema) {
  if (schema.$id === undefined) throw new Error('an answer must be a named schema (with $id)');
  return Type.Ref(schema.$id);
}

const errorResponse = (description: string) => ({ description, ...refTo(ErrorSchema) });

/**
 * @fastify/swagger builds the OpenAPI 3.1 document from the routes'
 * schemas; each named schema (addSchema) is a component under its $id.
 */
export function openApiOptions(version: string): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'rxpool public stats API',
        version,
        description:
          'Read-only pool statistics. Amounts are atomic units as decimal text, times ms since the epoch, ' +
          'hashrates hashes per second. Each client address has a request budget (HTTP 429 with Retry-After).',
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  };
}

/** A route's schema for Fastify: path and query to validate, and every answer for the document. */
export function routeSchema(route: ApiRoute): FastifySchema {
  const hasParameters = Object.keys(route.params ?? {}).length + Object.keys(route.query ?? {}).length > 0;
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.params ? { params: Type.Object(route.params) } : {}),
    ...(route.query ? { querystring: Type.Object(route.query) } : {}),
    response: {
      200: {
        description: `OK; Cache-Control: public, max-age=${route.maxAgeSeconds}`,
        headers: { ETag: { type: 'string' } },
        ...refTo(route.response),
      },
      ...(hasParameters ? { 400: errorResponse('A parameter is malformed.') } : {}),
      ...(route.params ? { 404: errorResponse('Not found.') } : {}),
      429: {
        ...errorResponse('Rate limited.'),
        headers: { 'Retry-After': { type: 'integer', description: 'Seconds to wait.' } },
      },
    },
  };
}
