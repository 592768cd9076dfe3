import type { TSchema } from '@sinclair/typebox';
import { ApiError } from './api-error.js';

/**
 * Checks a route's integer query parameters as text before Ajv coerces
 * them: Ajv would take '1e2', '0x10' or ' 5' as numbers, the API takes
 * decimal digits only. An empty or absent value leaves the default; a
 * repeated one counts once (the first). Refusals name the parameter and
 * its range.
 */
export function checkIntegerQuery(query: Record<string, unknown>, params: Record<string, TSchema>): void {
  for (const [name, schema] of Object.entries(params)) {
    const value = query[name];
    const raw = Array.isArray(value) ? value[0] : value;
    if (raw === undefined || raw === '') {
      delete query[name];
      continue;
    }
    const problem = integerProblem(name, String(raw), schema);
    if (problem) throw ApiError.badRequest(problem);
    query[name] = raw;
  }
}

/** Why `raw` is not a whole number within the schema's bounds, or undefined when it is. */
export function integerProblem(name: string, raw: string, schema: TSchema): string | undefined {
  const minimum = typeof schema.minimum === 'number' ? schema.minimum : 0;
  const maximum = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  const n = Number(raw);
  if (/^\d+$/.test(raw) && n >= minimum && n <= (maximum ?? Number.MAX_SAFE_INTEGER)) return undefined;
  return `${name} must be a whole number in ${minimum}..${maximum ?? 'any'}, got ${JSON.stringify(raw)}`;
}
