/**
 * Hostile input for a stratum gateway, as its own process:
 *
 *   node --import tsx test/fuzz/stratum-fuzzer.ts '<FuzzerOptions as JSON>'
 *
 * - garbage: `lines` generated lines (see line-generator.ts) over many short
 *   connections from rotating loopback addresses 127.<garbageNet>.x.y, paced
 *   at `linesPerSecond`, `concurrency` connections at a time; scripts come
 *   from a worker thread;
 * - abusers: a few addresses log in with a valid address and flood invalid
 *   shares until the gateway bans them, then check that a new connection is
 *   refused as banned;
 * - flood: one address opens `connections` connections at once, `rounds` times.
 *
 * Prints a JSON line {"type":"progress",…} now and then and one
 * {"type":"report",…} at the end (FuzzReport).
 */
import { runAbusers, runFloods } from './abusive-connections.js';
import { emptyReport, type FuzzerOptions } from './fuzz-report.js';
import { sendGarbage } from './garbage-connections.js';

const o = JSON.parse(process.argv[2] ?? '{}') as FuzzerOptions;
const started = Date.now();
const report = emptyReport();

const progress = setInterval(() => {
  process.stdout.write(
    `${JSON.stringify({ type: 'progress', ms: Date.now() - started, linesSent: report.linesSent, connections: report.connections, repliesReceived: report.repliesReceived })}\n`,
  );
}, o.progressEveryMs);

await Promise.all([sendGarbage(o, report), runAbusers(o, report), runFloods(o, report)]);
clearInterval(progress);
report.durationMs = Date.now() - started;
const top = Object.entries(report.replyMessages)
  .sort((a, b) => b[1] - a[1])
  .slice(0, 30);
report.replyMessages = Object.fromEntries(top);
process.stdout.write(`${JSON.stringify({ type: 'report', ...report })}\n`);
process.exit(0);
