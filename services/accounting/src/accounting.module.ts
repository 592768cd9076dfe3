import { type DynamicModule, Module } from '@nestjs/common';
import type { NatsBus } from '@rxpool/bus';
import { createDb, type Database, PostgresHealthProbe } from '@rxpool/db';
import type { HealthRegistry, Logger, Registry } from '@rxpool/observability';
import { BUS, HEALTH, LOGGER, METRICS, runtimeLifecycle } from '@rxpool/service-kit';
import { ACCOUNTING_CONFIG, DATABASE, READ_DATABASE } from './accounting.tokens.js';
import { AccountingRuntime } from './accounting-runtime.js';
import { payoutAdminProviders } from './admin/admin.providers.js';
import type { AccountingConfig } from './config.js';
import { NO_PAYOUT_FAULTS, type PayoutFaultPoints } from './payouts/payout-fault-points.js';

/** What a test harness may hand in; production passes none. */
export interface AccountingOptions {
  /** Told at each point of the payout sequence (a crash test exits there). */
  payoutFaults?: PayoutFaultPoints;
}

/** Composes the accounting service around the service kit (logger, metrics, health, bus). */
@Module({})
export class AccountingModule {
  static forRoot(
    kit: DynamicModule,
    config: AccountingConfig,
    options: AccountingOptions = {},
  ): DynamicModule {
    return {
      module: AccountingModule,
      imports: [kit],
      providers: [
        { provide: ACCOUNTING_CONFIG, useValue: config },
        {
          provide: DATABASE,
          inject: [LOGGER],
          useFactory: (log: Logger): Database =>
            createDb(config.databaseUrl, {
              max: config.dbPoolSize,
              applicationName: 'rxpool-accounting',
              onIdleError: (err) => log.warn({ err: err.message }, 'idle postgres connection lost'),
            }),
        },
        {
          // A replica lags the primary by a little; only the admin API's listings read it.
          provide: READ_DATABASE,
          inject: [DATABASE, LOGGER],
          useFactory: (primary: Database, log: Logger): Database =>
            config.databaseReadUrl === undefined
              ? primary
              : createDb(config.databaseReadUrl, {
                  max: Math.max(2, Math.floor(config.dbPoolSize / 2)),
                  applicationName: 'rxpool-accounting-read',
                  onIdleError: (err) =>
                    log.warn({ err: err.message }, 'idle postgres replica connection lost'),
                }),
        },
        {
          provide: PostgresHealthProbe,
          inject: [DATABASE, HEALTH, LOGGER],
          useFactory: (db: Database, health: HealthRegistry, log: Logger) =>
            new PostgresHealthProbe(db.pool, health, log),
        },
        {
          provide: AccountingRuntime,
          inject: [DATABASE, BUS, PostgresHealthProbe, LOGGER, METRICS],
          useFactory: (
            db: Database,
            bus: NatsBus,
            probe: PostgresHealthProbe,
            log: Logger,
            metrics: Registry,
          ) => new AccountingRuntime(config, db, bus, probe, log, metrics),
        },
        runtimeLifecycle(AccountingRuntime),
        ...payoutAdminProviders(options.payoutFaults ?? NO_PAYOUT_FAULTS),
      ],
      exports: [AccountingRuntime, DATABASE, ACCOUNTING_CONFIG],
    };
  }
}
