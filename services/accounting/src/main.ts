#!/usr/bin/env node
import 'reflect-metadata';
import { ConfigError, loadConfigOrExit } from '@rxpool/config';
import { runService } from '@rxpool/service-kit';
import { AccountingModule } from './accounting.module.js';
import { readAccountingConfig } from './config.js';
import { checkDatabaseAnswers } from './database-startup-check.js';

const config = loadConfigOrExit(readAccountingConfig);
const unreachable = await checkDatabaseAnswers(config.databaseUrl, config.dbStartupTimeoutMs);
if (unreachable !== undefined) {
  const shown = new URL(config.databaseUrl);
  shown.password = '';
  const problem = `DATABASE_URL=${JSON.stringify(shown.toString())} does not answer within ${config.dbStartupTimeoutMs} ms (${unreachable})`;
  process.stderr.write(`${new ConfigError([problem]).message}\n`);
  process.exit(78);
}
await runService({ common: config.common, appModule: (kit) => AccountingModule.forRoot(kit, config) });
