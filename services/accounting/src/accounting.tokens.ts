/** Injection tokens of the accounting module. */
export const ACCOUNTING_CONFIG = Symbol('accounting.config');
export const DATABASE = Symbol('accounting.database');
