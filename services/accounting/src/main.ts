#!/usr/bin/env node
import 'reflect-metadata';
import { loadConfigOrExit } from '@rxpool/config';
import { runService } from '@rxpool/service-kit';
import { AccountingModule } from './accounting.module.js';
import { readAccountingConfig } from './config.js';

const config = loadConfigOrExit(readAccountingConfig);
await runService({ common: config.common, appModule: (kit) => AccountingModule.forRoot(kit, config) });
