#!/usr/bin/env node
import cluster from 'node:cluster';
import { loadConfigOrExit } from '@rxpool/config';
import { readGatewayConfig } from './config.js';

const config = loadConfigOrExit(readGatewayConfig);
if (config.workers > 1 && cluster.isPrimary) {
  const { runPrimary } = await import('./cluster/primary.js');
  await runPrimary(config);
} else {
  const { runWorker } = await import('./cluster/worker.js');
  await runWorker(config);
}
