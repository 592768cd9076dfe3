/** Injection tokens of the accounting module. */
export const ACCOUNTING_CONFIG = Symbol('accounting.config');
export const DATABASE = Symbol('accounting.database');
/** Where read-only queries go: the read replica when one is configured, else DATABASE itself. */
export const READ_DATABASE = Symbol('accounting.read-database');
