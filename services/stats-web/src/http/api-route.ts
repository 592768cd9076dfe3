import {
  type Static,
  type TInteger,
  type TObject,
  type TOptional,
  type TSchema,
  type TString,
  Type,
} from '@sinclair/typebox';

/** An integer query parameter: optional, with the default it takes when absent. */
export function intQuery(description: string, minimum: number, maximum: number, fallback: number) {
  return Type.Optional(Type.Integer({ description, minimum, maximum, default: fallback }));
}

type PathParams = Record<string, TString>;
type QueryParams = Record<string, TOptional<TInteger>>;

/** What a handler gets: the path's `{name}` parts and the query with every default applied. */
export interface RouteRequest<P extends PathParams, Q extends QueryParams> {
  params: Static<TObject<P>>;
  query: Required<Static<TObject<Q>>>;
}

/**
 * A GET route of the public API. Its schemas feed Fastify (validation of
 * the path and query) and, through @fastify/swagger, the OpenAPI document;
 * `handle` is typed by the same schemas.
 */
export interface ApiRoute<P extends PathParams = PathParams, Q extends QueryParams = QueryParams> {
  /** OpenAPI style, as the document shows it: /api/miners/{address} */
  path: string;
  /** Cache-Control max-age and the server-side cache lifetime. */
  maxAgeSeconds: number;
  operationId: string;
  summary: string;
  params?: P;
  query?: Q;
  /** A named schema (with $id) of api-schema.ts. */
  response: TSchema;
  handle(req: RouteRequest<P, Q>): Promise<unknown>;
}

/** One route, its handler checked against its own schemas, kept in a list of routes of any shape. */
export function apiRoute<P extends PathParams, Q extends QueryParams, R extends TSchema>(
  route: Omit<ApiRoute<P, Q>, 'response' | 'handle'> & {
    response: R;
    handle(req: RouteRequest<P, Q>): Promise<Static<R>>;
  },
): ApiRoute {
  // Fastify validates params and query against these same schemas before `handle` runs.
  return route as unknown as ApiRoute;
}
