import type { Provider } from '@nestjs/common';
import { createDb, PostgresHealthProbe } from '@rxpool/db';
import { HEALTH, LOGGER, provider } from '@rxpool/service-kit';
import { ACCOUNTING_CONFIG, DATABASE, READ_DATABASE } from './accounting.tokens.js';

/** The primary database, the read replica (or the primary again) and the readiness probe. */
export const databaseProviders: Provider[] = [
  provider(DATABASE, { config: ACCOUNTING_CONFIG, log: LOGGER }, ({ config, log }) =>
    createDb(config.databaseUrl, {
      max: config.dbPoolSize,
      applicationName: 'rxpool-accounting',
      log,
    }),
  ),
  // A replica lags the primary by a little; only the admin API's listings read it.
  provider(
    READ_DATABASE,
    { config: ACCOUNTING_CONFIG, primary: DATABASE, log: LOGGER },
    ({ config, primary, log }) =>
      config.databaseReadUrl === undefined
        ? primary
        : createDb(config.databaseReadUrl, {
            max: Math.max(2, Math.floor(config.dbPoolSize / 2)),
            applicationName: 'rxpool-accounting-read',
            log,
          }),
  ),
  provider(
    PostgresHealthProbe,
    { database: DATABASE, health: HEALTH, log: LOGGER },
    ({ database, health, log }) => new PostgresHealthProbe(database.db, health, log),
  ),
];
