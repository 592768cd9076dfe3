/**
 * Worker thread of the fuzzer: generates connection scripts ahead of the
 * sockets, so generation never delays the writing. Asked with a count,
 * answers with that many scripts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ScriptGenerator } from './connection-script.js';

const port = parentPort;
if (!port) throw new Error('script-worker runs as a worker thread');
const generator = new ScriptGenerator((workerData as { seed: number }).seed);

port.on('message', (count: number) => {
  const scripts = Array.from({ length: count }, () => generator.next());
  port.postMessage(scripts);
});
