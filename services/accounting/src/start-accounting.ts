import { ConfigError, loadConfigOrExit } from '@rxpool/config';
import { runService } from '@rxpool/service-kit';
import { AccountingModule, type AccountingOptions } from './accounting.module.js';
import { readAccountingConfig } from './config.js';
import { checkDatabaseAnswers } from './database-startup-check.js';

/**
 * The accounting process: configuration from the environment, a database
 * that answers, then the Nest application until SIGTERM. main.ts runs it
 * as is; a test entry (src/testing/) may pass options that production never sets.
 */
export async function startAccounting(options: AccountingOptions = {}): Promise<void> {
  const config = loadConfigOrExit(readAccountingConfig);
  const unreachable = await checkDatabaseAnswers(config.databaseUrl, config.dbStartupTimeoutMs);
  if (unreachable !== undefined) {
    const shown = new URL(config.databaseUrl);
    shown.password = '';
    const problem = `DATABASE_URL=${JSON.stringify(shown.toString())} does not answer within ${config.dbStartupTimeoutMs} ms (${unreachable})`;
    process.stderr.write(`${new ConfigError([problem]).message}\n`);
    process.exit(78);
  }
  await runService({
    common: config.common,
    appModule: (kit) => AccountingModule.forRoot(kit, config, options),
  });
}
