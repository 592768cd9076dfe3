/**
 * Merges every bench/results/*.json (but latest.json) into
 * bench/results/latest.json: one entry per figure id,
 * `{"value": number, "unit": "…", "how": "one line"}`, ids in natural order.
 *
 * Run: npx tsx bench/collect.ts   (npm run bench calls it after the benchmarks)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Figures, mergeFigures, missingFigureIds } from './collect.figures.js';

/** The figures the issues name; later issues add theirs to this list. */
const EXPECTED = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'P10'];

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), 'results');
const files = readdirSync(resultsDir)
  .filter((f) => f.endsWith('.json') && f !== 'latest.json')
  .sort();
const inputs = files.map((f) => ({
  file: f,
  body: JSON.parse(readFileSync(join(resultsDir, f), 'utf8')) as unknown,
}));
const { figures, problems } = mergeFigures(inputs);
for (const p of problems) process.stderr.write(`collect: ${p}\n`);
writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(figures, null, 2)}\n`);
print(figures);
const missing = missingFigureIds(figures, EXPECTED);
if (missing.length > 0) process.stdout.write(`collect: no figure yet for ${missing.join(', ')}\n`);
process.stdout.write(
  `collect: ${Object.keys(figures).length} figures from ${files.length} files → bench/results/latest.json\n`,
);
process.exit(problems.length > 0 ? 1 : 0);

function print(all: Figures): void {
  for (const [id, f] of Object.entries(all))
    process.stdout.write(`  ${id}: ${f.value} ${f.unit} — ${f.how}\n`);
}
