/**
 * P0-parse: submit lines framed and parsed per second, on one core.
 *
 * Run: npx tsx bench/stratum/parse.bench.ts   (from the repository root)
 * Writes bench/results/P0-parse.json.
 *
 * 10,000 distinct XMRig-style submit lines are concatenated and cut into 16 KiB chunks
 * (socket-sized reads, so lines straddle chunks); each round frames them with
 * LineFramer and parses every line with parseRequest (all field checks, nonce and
 * result lower-cased). Median of 5 runs of ~2 s each, after a warm-up.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LineFramer, parseRequest } from '../../packages/stratum/src/index.js';

const LINES = 10_000;
const CHUNK_BYTES = 16 * 1024;
const RUNS = 5;
const RUN_MS = 2_000;

function submitLines(count: number): string[] {
  const session = randomUUID();
  const jobs = Array.from({ length: 8 }, () => randomBytes(18).toString('base64'));
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      id: i + 2,
      jsonrpc: '2.0',
      method: 'submit',
      params: {
        id: session,
        job_id: jobs[i % jobs.length],
        nonce: randomBytes(4).toString('hex'),
        result: randomBytes(32).toString('hex'),
        algo: 'rx/0',
      },
    }),
  );
}

function chunked(lines: string[]): Buffer[] {
  const stream = Buffer.from(`${lines.join('\n')}\n`);
  const chunks: Buffer[] = [];
  for (let at = 0; at < stream.length; at += CHUNK_BYTES) chunks.push(stream.subarray(at, at + CHUNK_BYTES));
  return chunks;
}

/** Frames and parses all chunks once; returns the number of submits parsed. */
function round(chunks: Buffer[]): number {
  const framer = new LineFramer();
  let parsed = 0;
  for (const chunk of chunks) {
    for (const framed of framer.push(chunk)) {
      if (framed.line === undefined) throw framed.error;
      if (parseRequest(framed.line).method === 'submit') parsed++;
    }
  }
  return parsed;
}

function run(chunks: Buffer[]): number {
  let lines = 0;
  const start = process.hrtime.bigint();
  let elapsedNs = 0n;
  while (elapsedNs < BigInt(RUN_MS) * 1_000_000n) {
    lines += round(chunks);
    elapsedNs = process.hrtime.bigint() - start;
  }
  return (lines * 1e9) / Number(elapsedNs);
}

const lines = submitLines(LINES);
const chunks = chunked(lines);
const avgBytes = Math.round(chunks.reduce((n, c) => n + c.length, 0) / LINES);
console.log(
  `P0-parse: ${LINES} submit lines (~${avgBytes} bytes each) in ${chunks.length} chunks of ${CHUNK_BYTES} bytes`,
);
if (round(chunks) !== LINES) throw new Error('not every line parsed as a submit');
run(chunks); // warm-up
const rates: number[] = [];
for (let i = 0; i < RUNS; i++) {
  rates.push(run(chunks));
  console.log(`  run ${i + 1}/${RUNS}: ${Math.round(rates[i] ?? 0).toLocaleString('en')} lines/s`);
}
const median = Math.round([...rates].sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? 0);
console.log(`P0-parse median: ${median.toLocaleString('en')} lines/s`);

const out = path.resolve(import.meta.dirname, '../results/P0-parse.json');
mkdirSync(path.dirname(out), { recursive: true });
const how =
  `${LINES} distinct XMRig submit lines (~${avgBytes} B) in ${CHUNK_BYTES / 1024} KiB chunks, ` +
  `LineFramer + parseRequest with all field checks, one core, median of ${RUNS} × ${RUN_MS / 1000} s runs`;
writeFileSync(out, `${JSON.stringify({ 'P0-parse': { value: median, unit: 'lines/s', how } }, null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), out)}`);
