#!/usr/bin/env node
import { loadConfigOrExit } from '@rxpool/config';
import { runService } from '@rxpool/service-kit';
import { readJobManagerConfig } from './config.js';
import { JobManagerModule } from './job-manager.module.js';

const config = loadConfigOrExit(readJobManagerConfig);
await runService({ common: config.common, appModule: (kit) => JobManagerModule.forRoot(kit, config) });
