import type {
  BlockView,
  ChartView,
  PaymentBatchView,
  PoolStatsView,
} from '../../src/api/schema/api-schema.js';
import { getJson } from './api.js';
import { renderChart } from './chart.js';
import { byId, code, el, refreshEvery, renderTable, setField, showError } from './dom.js';
import {
  formatAgo,
  formatDifficulty,
  formatHashrate,
  formatPercent,
  formatTime,
  formatXmr,
  shortHex,
} from './format.js';

/** The front page: pool figures, the hashrate chart, latest blocks and payouts. */
async function load(): Promise<void> {
  const error = byId('error');
  try {
    const [stats, chart, payments] = await Promise.all([
      getJson<PoolStatsView>('/api/stats'),
      getJson<ChartView>('/api/stats/hashrate'),
      getJson<{ payments: PaymentBatchView[] }>('/api/payments?limit=10'),
    ]);
    error.hidden = true;
    showStats(stats);
    renderChart(byId('chart'), chart.series, 'Pool hashrate over the last 24 hours');
    renderBlocks(stats.latestBlocks, stats.pool.unlockDepth, stats.updatedAt);
    renderPayments(payments.payments);
  } catch (err) {
    showError(error, err);
  }
}

function showStats(s: PoolStatsView): void {
  setField('pool-name', s.pool.name);
  setField('hashrate-10m', formatHashrate(s.hashrate['10m']));
  setField('hashrate-1h', formatHashrate(s.hashrate['1h']));
  setField('hashrate-24h', formatHashrate(s.hashrate['24h']));
  setField('miners', String(s.miners));
  setField('workers', String(s.workers));
  setField('network-height', s.network ? String(s.network.height) : '–');
  setField(
    'network-difficulty',
    s.network ? formatDifficulty(s.network.difficulty) : '–',
    s.network?.difficulty,
  );
  setField('network-hashrate', s.network ? formatHashrate(s.network.hashrate) : '–');
  setField('fee', formatPercent(s.pool.fee.percent));
  setField('scheme', s.pool.defaultScheme.toUpperCase());
  setField('blocks-found', String(s.blocks.found));
  setField(
    'last-block',
    s.blocks.lastFoundAt === null ? 'none yet' : formatAgo(s.blocks.lastFoundAt, s.updatedAt),
  );
  setField('paid', formatXmr(s.paid));
  setField('threshold', formatXmr(s.pool.payoutThreshold));
  setField('updated', formatTime(s.updatedAt));
}

function renderBlocks(blocks: readonly BlockView[], unlockDepth: number, now: number): void {
  renderTable(
    byId('blocks'),
    ['Height', 'Found', 'Status', 'Reward', 'Hash'],
    blocks.map((b) => ({
      key: String(b.height),
      cells: [
        String(b.height),
        el('span', { title: formatTime(b.foundAt) }, formatAgo(b.foundAt, now)),
        el('span', { className: `status ${b.status}` }, statusText(b, unlockDepth)),
        formatXmr(b.reward),
        b.hash ? code(b.hash, shortHex(b.hash)) : '–',
      ],
    })),
    'The pool has not found a block yet.',
  );
}

function statusText(b: BlockView, unlockDepth: number): string {
  if (b.status === 'pending' || b.status === 'accepted') return `pending ${b.confirmations}/${unlockDepth}`;
  return b.status;
}

function renderPayments(payments: readonly PaymentBatchView[]): void {
  renderTable(
    byId('payments'),
    ['Sent', 'Amount', 'Miners', 'Fee', 'Status', 'Transaction'],
    payments.map((p) => ({
      key: p.id,
      cells: [
        formatTime(p.createdAt),
        formatXmr(p.amount),
        String(p.payees),
        formatXmr(p.fee),
        el('span', { className: `status ${p.status}` }, p.status),
        p.txHash ? code(p.txHash, shortHex(p.txHash)) : '–',
      ],
    })),
    'No payouts yet.',
  );
}

refreshEvery(30_000, load);
