import type { MinerBlockView, MinerView, PaymentView, SplitView } from '../../src/api/schema/api-schema.js';
import { ApiRequestError, getJson } from './api.js';
import { checkSplit, sha256Hex } from './audit.js';
import { renderChart } from './chart.js';
import { byId, code, el, refreshEvery, renderTable, setField, showError } from './dom.js';
import { formatAgo, formatHashrate, formatPercent, formatTime, formatXmr, shortHex } from './format.js';

/** The miner page: balance, hashrate per worker, payouts, and an audit of its share of each block. */
const address = new URLSearchParams(location.search).get('address')?.trim() ?? '';
const audited = new Map<string, HTMLElement>();

async function load(): Promise<void> {
  const error = byId('error');
  try {
    const miner = await getJson<MinerView>(`/api/miners/${encodeURIComponent(address)}?limit=20`);
    error.hidden = true;
    byId('miner').hidden = false;
    showSummary(miner);
    renderChart(byId('chart'), miner.chart.series, 'Hashrate per worker over the last 24 hours');
    renderWorkers(miner);
    renderPayments(miner.payments);
    renderBlocks(miner.blocks);
  } catch (err) {
    byId('miner').hidden = !(err instanceof ApiRequestError && err.status === 0);
    showError(error, err);
  }
}

function showSummary(m: MinerView): void {
  setField('miner', m.miner);
  setField('balance', formatXmr(m.balance));
  setField('paid', formatXmr(m.paid));
  setField('threshold', formatXmr(m.payoutThreshold));
  setField('hashrate-10m', formatHashrate(m.hashrate['10m']));
  setField('hashrate-1h', formatHashrate(m.hashrate['1h']));
  setField('hashrate-24h', formatHashrate(m.hashrate['24h']));
  setField('workers', String(m.workers.length));
  setField('last-share', m.lastShareAt === null ? 'none in 24 h' : formatAgo(m.lastShareAt, m.updatedAt));
}

function renderWorkers(m: MinerView): void {
  renderTable(
    byId('workers'),
    ['Worker', '10 min', '1 hour', '24 hours', 'Last share'],
    m.workers.map((w) => ({
      key: w.worker,
      cells: [
        w.worker,
        formatHashrate(w.hashrate['10m']),
        formatHashrate(w.hashrate['1h']),
        formatHashrate(w.hashrate['24h']),
        w.lastShareAt === null ? '–' : formatAgo(w.lastShareAt, m.updatedAt),
      ],
    })),
    'No shares in the last 24 hours.',
  );
}

function renderPayments(payments: readonly PaymentView[]): void {
  renderTable(
    byId('payments'),
    ['Sent', 'Amount', 'Fee', 'Status', 'Transaction hash', 'Transaction key'],
    payments.map((p) => ({
      key: p.id,
      cells: [
        formatTime(p.createdAt),
        formatXmr(p.amount),
        formatXmr(p.fee),
        el('span', { className: `status ${p.status}` }, p.status),
        p.txHash ? code(p.txHash, shortHex(p.txHash)) : '–',
        p.txKey ? code(p.txKey, shortHex(p.txKey)) : '–',
      ],
    })),
    'No payouts yet: they start once the balance reaches the threshold.',
  );
}

function renderBlocks(blocks: readonly MinerBlockView[]): void {
  renderTable(
    byId('blocks'),
    ['Height', 'Status', 'Block reward', 'Your weight', 'Your share', 'Your amount', 'Split digest', 'Audit'],
    blocks.map((b) => ({
      key: `${b.height}-${b.blockId}`,
      cells: [
        String(b.height),
        el('span', { className: `status ${b.status}` }, b.credited ? `${b.status}, credited` : b.status),
        formatXmr(b.reward),
        b.windowTotal === null ? b.weight : `${b.weight} / ${b.windowTotal}`,
        formatPercent(b.sharePercent),
        formatXmr(b.amount),
        el(
          'a',
          { attrs: { href: `/api/blocks/${b.height}/split?id=${b.blockId}` } },
          code(b.digest, shortHex(b.digest)),
        ),
        auditCell(b),
      ],
    })),
    'No block has a share of yours yet.',
  );
}

/** One audit per block and page view: its cell is kept across refreshes. */
function auditCell(b: MinerBlockView): HTMLElement {
  const key = `${b.blockId}:${b.digest}`;
  const known = audited.get(key);
  if (known) return known;
  const cell = el('span', { className: 'audit', attrs: { 'data-audit': 'checking' } }, 'checking…');
  audited.set(key, cell);
  void (async () => {
    try {
      const split = await getJson<SplitView>(`/api/blocks/${b.height}/split?id=${b.blockId}`);
      const result = checkSplit(split, b, address, await sha256Hex(split.canonicalText));
      cell.dataset.audit = result.ok ? 'verified' : 'failed';
      cell.textContent = result.ok ? '✓ verified' : '✗ mismatch';
      cell.title = result.detail;
    } catch (err) {
      cell.dataset.audit = 'error';
      cell.textContent = 'not checked';
      cell.title = err instanceof Error ? err.message : String(err);
      audited.delete(key);
    }
  })();
  return cell;
}

const input = byId('address-input') as HTMLInputElement;
input.value = address;
if (address === '') {
  byId('miner').hidden = true;
} else {
  for (const a of document.querySelectorAll<HTMLAnchorElement>('a[data-keep-address]')) {
    a.href = `${a.pathname}?address=${encodeURIComponent(address)}`;
  }
  refreshEvery(60_000, load);
}
