#!/usr/bin/env node
import 'reflect-metadata';
import { loadConfigOrExit } from '@rxpool/config';
import { runService } from '@rxpool/service-kit';
import { readStatsWebConfig } from './config.js';
import { StatsWebModule } from './stats-web.module.js';

const config = loadConfigOrExit(readStatsWebConfig);
await runService({ common: config.common, appModule: (kit) => StatsWebModule.forRoot(kit, config) });
