/** Conversions between the admin API's values and the database's, shared by its handlers. */

const MAX_BIGINT = 9_223_372_036_854_775_807n;

/**
 * A row id given as decimal text; undefined when it is above any bigint id
 * (no such row), so the handler answers NOT_FOUND rather than a database error.
 * Throws `invalid` when it is not a number.
 */
export function parseRowId(text: string, invalid: () => Error): bigint | undefined {
  const t = text.trim();
  if (!/^\d+$/.test(t)) throw invalid();
  const id = BigInt(t);
  return id <= MAX_BIGINT ? id : undefined;
}
