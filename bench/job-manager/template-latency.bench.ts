/**
 * P5: time from monerod's new block to our published template, p50 and p99.
 *
 * Run: npm run bench -- job-manager   or   npx tsx bench/job-manager/template-latency.bench.ts
 * (from the repository root; builds the job-manager first). Writes bench/results/P5.json.
 *
 * A private regtest monerod (ZMQ publisher on) and nats-server; the compiled job-manager runs as
 * its own process with default settings (ZMQ + 1 s polling, 10 s refresh). For each of 100 blocks
 * the bench calls generateblocks and records, in this process:
 *   - when monerod's ZMQ json-minimal-chain_main message for the block reaches our own subscriber,
 *   - when the TemplateEvent built on that block reaches our NATS subscriber (core subscription on
 *     pool.template.v1, the JetStream publish path the job-manager uses).
 * P5 = p99 of (template arrival − ZMQ arrival); P5-p50 its median. P5-rpc-p99 also counts from the
 * generateblocks call (it includes monerod mining and storing the block). The job-manager's own
 * histogram (ZMQ receipt → publish acknowledged) is printed for comparison.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { TEST_WALLET, waitFor } from '@rxpool/devstack';
import { Subscriber } from 'zeromq';
import {
  buildService,
  startChild,
  startStack,
  templates,
} from '../../services/job-manager/src/testing/stack.js';

const BLOCKS = Number(process.env.P5_BLOCKS ?? 100);
const WARMUP = 3;
const PAUSE_MS = 250;

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
const round = (ms: number) => Math.round(ms * 100) / 100;

buildService();
const stack = await startStack('bench-template-latency');
const zmqUrl = stack.monerod.zmqUrl;
if (!zmqUrl) throw new Error('monerod has no ZMQ publisher');
const zmqSeen = new Map<string, number>();
const zmq = new Subscriber();
zmq.connect(zmqUrl);
zmq.subscribe('json-minimal-chain_main');
void (async () => {
  for await (const [frame] of zmq) {
    const at = performance.now();
    const text = frame?.toString('utf8') ?? '';
    const body = JSON.parse(text.slice(text.indexOf(':') + 1)) as { ids: string[] };
    for (const id of body.ids) zmqSeen.set(id, at);
  }
})();

const tpl = templates(stack.bus);
const child = await startChild(stack, 'job-manager-bench', { LOG_LEVEL: 'warn' });
await waitFor(
  'job-manager leading',
  async () => (await child.metric('rxpool_job_manager_leader')) === 1,
  20_000,
  100,
);

const fromZmq: number[] = [];
const fromRpc: number[] = [];
console.log(`P5: ${BLOCKS} blocks (+${WARMUP} warm-up) through generateblocks`);
for (let i = 0; i < WARMUP + BLOCKS; i++) {
  const from = tpl.events.length;
  const calledAt = performance.now();
  const r = await stack.monerod.rpc<{ blocks: string[] }>('generateblocks', {
    amount_of_blocks: 1,
    wallet_address: TEST_WALLET.address,
  });
  const top = r.blocks.at(-1) as string;
  await tpl.next((e) => e.prevHash === top, 15_000, from);
  const arrived = tpl.events.slice(from).find((e) => e.event.prevHash === top)?.at as number;
  await waitFor('ZMQ message', async () => zmqSeen.has(top), 5_000, 5);
  if (i >= WARMUP) {
    fromZmq.push(arrived - (zmqSeen.get(top) as number));
    fromRpc.push(arrived - calledAt);
  }
  if ((i + 1) % 20 === 0) process.stdout.write(`  ${i + 1}/${WARMUP + BLOCKS}\n`);
  await new Promise((res) => setTimeout(res, PAUSE_MS));
}

const metricsText = await child.metrics();
const sumCount = (name: string, label = '') => {
  const pick = (suffix: string) =>
    Number(
      metricsText
        .split('\n')
        .find((l) => l.startsWith(`${name}_${suffix}{`) && l.includes(label))
        ?.split(' ')
        .at(-1) ?? Number.NaN,
    );
  return `${round((pick('sum') / pick('count')) * 1000)} ms mean over ${pick('count')}`;
};
const own = [
  `ZMQ receipt → published ${sumCount('rxpool_job_manager_new_block_to_template_seconds')}`,
  `get_block_template ${sumCount('rxpool_job_manager_monerod_call_seconds', 'method="get_block_template"')}`,
];
const zs = [...fromZmq].sort((a, b) => a - b);
const rs = [...fromRpc].sort((a, b) => a - b);
const p50 = quantile(zs, 0.5);
const p99 = quantile(zs, 0.99);
console.log(
  `ZMQ → template: p50 ${round(p50)} ms, p99 ${round(p99)} ms, max ${round(zs.at(-1) as number)} ms`,
);
console.log(
  `generateblocks call → template: p50 ${round(quantile(rs, 0.5))} ms, p99 ${round(quantile(rs, 0.99))} ms`,
);
console.log(`job-manager's own histogram: ${own.join('; ')}`);
if (process.env.P5_DEBUG) {
  console.log(
    metricsText
      .split('\n')
      .filter((l) => /^rxpool_job_manager_(monerod_calls|stale_template_retries)_total/.test(l))
      .join('\n'),
  );
  console.log(`ZMQ → template, each block: ${fromZmq.map(round).join(' ')}`);
}

const load = loadavg()[0]?.toFixed(1);
const how = `load average ${load} on this 2-vCPU machine while measuring; regtest monerod (ZMQ on) + nats-server + compiled job-manager in its own process (defaults); ${BLOCKS} blocks by generateblocks; time from monerod's json-minimal-chain_main ZMQ message reaching a subscriber in the bench process to the TemplateEvent built on that block reaching a NATS subscriber in the same process`;
const figures = {
  P5: { value: round(p99), unit: 'ms', how: `p99; ${how}` },
  'P5-p50': { value: round(p50), unit: 'ms', how: `median; ${how}` },
  'P5-rpc-p99': {
    value: round(quantile(rs, 0.99)),
    unit: 'ms',
    how: `p99 from the generateblocks RPC call (includes monerod mining and storing the block) to the TemplateEvent arriving; same ${BLOCKS} blocks`,
  },
};
const resultsDir = path.join(import.meta.dirname, '..', 'results');
mkdirSync(resultsDir, { recursive: true });
const file = path.join(resultsDir, 'P5.json');
writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
console.log(`wrote ${file}: ${readFileSync(file, 'utf8').length} bytes`);

tpl.close();
zmq.close();
await child.process.stop();
await stack.close();
