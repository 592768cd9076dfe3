#!/usr/bin/env node
import { loadConfigOrExit } from '@rxpool/config';
import { runService } from '@rxpool/service-kit';
import { readValidatorConfig } from './config.js';
import { ValidatorModule } from './validator.module.js';

const config = loadConfigOrExit(readValidatorConfig);
await runService({ common: config.common, appModule: (kit) => ValidatorModule.forRoot(kit, config) });
