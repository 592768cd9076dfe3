import type { ColumnType } from 'kysely';

/**
 * int8 columns are read as bigint (createDb installs the parser) and may be
 * written as bigint, number or decimal text. Atomic units live in int8: one
 * amount or one account's balance is far below 2^63 (9.2M XMR); sums over
 * many rows are numeric in Postgres and come back as decimal text.
 */
export type Int8 = ColumnType<bigint, bigint | number | string, bigint | number | string>;
/** numeric(…,0): 128-bit difficulties and window weights, read as decimal text. */
export type Numeric = ColumnType<string, bigint | string, bigint | string>;
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type RewardSchemeColumn = 'pplns' | 'pps' | 'solo';
