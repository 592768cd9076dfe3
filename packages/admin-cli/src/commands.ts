import {
  type AdminClient,
  type AdminMethodName,
  type AdminRequestInput,
  type Hashrate,
  isPayoutOutcome,
  PAYOUT_OUTCOMES,
  type Payment,
  type PayoutControl,
} from '@rxpool/proto';
import { type CliArgs, UsageError } from './args.js';
import { hashrate, pairs, table, time, xmr } from './table.js';

export interface CommandResult {
  /** The API's answer, printed as is with --json. */
  response: unknown;
  /** The readable form. */
  text: string;
}

type Run = (client: AdminClient, a: CliArgs) => Promise<CommandResult>;

const arg = (a: CliArgs, i: number, what: string): string => {
  const v = a.positionals[i];
  if (v === undefined || v === '') throw new UsageError(`${a.command} needs ${what}`);
  return v;
};

async function call<M extends AdminMethodName>(
  client: AdminClient,
  method: M,
  request: AdminRequestInput<M>,
) {
  return client.call(method, request);
}

// A message field the server left unset reads as the message's defaults (proto3), so zero here.
const rates = (h: Hashrate | null): Hashrate => h ?? { h10m: 0, h1h: 0, h24h: 0 };
/** 10 min, 1 h, 24 h. */
const rateCells = (h: Hashrate | null) => {
  const r = rates(h);
  return [r.h10m, r.h1h, r.h24h].map(hashrate);
};
const allRates = (h: Hashrate | null) => rateCells(h).join(' / ');
const payoutsText = (p: PayoutControl | null) =>
  p ? `${p.status}${p.detail ? ` (${p.detail})` : ''}${p.held ? ` — held: ${p.heldReason}` : ''}` : '-';

const paymentsTable = (payments: readonly Payment[], keys: boolean) =>
  table(
    [
      'ID',
      'BATCH',
      'ADDRESS',
      'AMOUNT XMR',
      'FEE XMR',
      'STATUS',
      'TX HASH',
      ...(keys ? ['TX KEY'] : []),
      'CREATED',
    ],
    payments.map((p) => [
      p.id,
      p.batchId,
      p.address,
      xmr(p.amount),
      xmr(p.fee),
      p.status,
      p.txHash || '-',
      ...(keys ? [p.txKey || '-'] : []),
      time(p.createdAtMs),
    ]),
  );

export const COMMANDS: Record<string, Run> = {
  async stats(client) {
    const s = await call(client, 'GetPoolStats', {});
    const text = pairs([
      ['hashrate 10m / 1h / 24h', allRates(s.hashrate)],
      ['active miners / workers', `${s.activeMiners} / ${s.activeWorkers}`],
      ['blocks found', String(s.blocksFound)],
      [
        'blocks pending / unlocked / orphaned',
        `${s.blocksPending} / ${s.blocksUnlocked} / ${s.blocksOrphaned}`,
      ],
      ['last block', s.lastBlockHeight > 0 ? `${s.lastBlockHeight} at ${time(s.lastBlockAtMs)}` : '-'],
      ['owed (XMR)', xmr(s.owed)],
      ['paid (XMR)', xmr(s.paid)],
      ['payout fees (XMR)', xmr(s.payoutFees)],
      ['payout threshold (XMR)', xmr(s.payoutThreshold)],
      ['payouts', payoutsText(s.payouts)],
      ['open payout batches', String(s.openBatches)],
      [
        'PPS credited / earned / exposure (XMR)',
        [s.ppsCredited, s.ppsEarned, s.ppsExposure].map(xmr).join(' / '),
      ],
    ]);
    return { response: s, text };
  },

  async miners(client, a) {
    const r = await call(client, 'ListMiners', { limit: a.limit, offset: a.offset });
    const text = table(
      ['MINER', 'BALANCE XMR', 'PAID XMR', 'HASHRATE 1H', 'WORKERS', 'LAST SHARE'],
      r.miners.map((m) => [
        m.miner,
        xmr(m.balance),
        xmr(m.paid),
        hashrate(rates(m.hashrate).h1h),
        String(m.workers),
        time(m.lastShareAtMs),
      ]),
    );
    return { response: r, text: `${text}\n${r.miners.length} of ${r.total} miners` };
  },

  async miner(client, a) {
    const m = await call(client, 'GetMiner', { miner: arg(a, 0, 'an address') });
    const text = [
      pairs([
        ['miner', m.miner],
        ['balance (XMR)', xmr(m.balance)],
        ['paid (XMR)', xmr(m.paid)],
        ['payout fees (XMR)', xmr(m.payoutFees)],
        ['hashrate 10m / 1h / 24h', allRates(m.hashrate)],
        ['banned', m.banned ? 'yes' : 'no'],
      ]),
      '',
      table(
        ['WORKER', 'HASHRATE 10M', 'HASHRATE 1H', 'HASHRATE 24H'],
        m.workers.map((w) => [w.worker, ...rateCells(w.hashrate)]),
      ),
      '',
      paymentsTable(m.recentPayments, a.keys),
    ].join('\n');
    return { response: m, text };
  },

  async blocks(client, a) {
    const r = await call(client, 'ListBlocks', { limit: a.limit, beforeHeight: a.before, status: a.status });
    const text = table(
      ['HEIGHT', 'STATUS', 'SCHEME', 'REWARD XMR', 'CONFIRMATIONS', 'MINER', 'HASH', 'FOUND'],
      r.blocks.map((b) => [
        String(b.height),
        b.status,
        b.scheme,
        xmr(b.reward),
        String(b.confirmations),
        b.miner,
        b.hash || '-',
        time(b.foundAtMs),
      ]),
    );
    return { response: r, text };
  },

  async rewards(client, a) {
    const height = Number(arg(a, 0, 'a block height'));
    if (!Number.isSafeInteger(height) || height <= 0)
      throw new UsageError('rewards needs a block height (a positive number)');
    const r = await call(client, 'GetBlockRewards', { height, blockId: a.blockId });
    const head = pairs([
      ['block', `${r.block?.height ?? height} ${r.block?.hash ?? ''} (${r.block?.status ?? '?'})`],
      ['scheme', r.scheme],
      ['reward (XMR)', xmr(r.reward)],
      ['fee', `${xmr(r.fee)} XMR (${r.feeBps / 100}%)`],
      ['digest', r.digest || '- (not split yet)'],
      [
        'window',
        r.window ? `${r.window.shares} shares, ${r.window.total} of ${r.window.size} difficulty` : '-',
      ],
      ['credited to the ledger', r.credited ? 'yes' : 'no'],
    ]);
    const entries = table(
      ['ROLE', 'ACCOUNT', 'WEIGHT', 'AMOUNT XMR'],
      r.entries.map((e) => [e.role, e.account, e.weight, xmr(e.amount)]),
    );
    return { response: r, text: `${head}\n\n${entries}` };
  },

  async payments(client, a) {
    const r = await call(client, 'ListPayments', { miner: a.miner, status: a.status, limit: a.limit });
    return { response: r, text: paymentsTable(r.payments, a.keys) };
  },

  async ban(client, a) {
    const kind = arg(a, 0, 'a kind (address or ip)');
    const target = arg(a, 1, 'a target');
    const r = await call(client, 'BanMiner', { kind, target, reason: a.reason, durationSeconds: a.duration });
    return {
      response: r,
      text: `banned ${kind} ${target} until ${time(r.untilMs)} (key ${r.key})`,
    };
  },

  async bans(client, a) {
    const r = await call(client, 'ListBans', { kind: a.positionals[0] ?? '', limit: a.limit });
    const text = table(
      ['KIND', 'TARGET', 'REASON', 'UNTIL', 'BY', 'SINCE'],
      r.bans.map((b) => [
        b.kind,
        b.target,
        b.reason,
        b.untilMs === '0' ? 'bucket max age' : time(b.untilMs),
        b.by,
        time(b.createdAtMs),
      ]),
    );
    return { response: r, text: `${text}\n${r.bans.length} of ${r.total} bans in force` };
  },

  async unban(client, a) {
    const kind = arg(a, 0, 'a kind (address or ip)');
    const target = arg(a, 1, 'a target');
    const r = await call(client, 'UnbanMiner', { kind, target });
    return {
      response: r,
      text: r.removed ? `unbanned ${kind} ${target}` : `${kind} ${target} was not banned`,
    };
  },

  async hold(client, a) {
    const r = await call(client, 'HoldPayouts', { reason: a.reason });
    return { response: r, text: `payouts held: ${r.heldReason}` };
  },

  async resume(client) {
    const r = await call(client, 'ResumePayouts', {});
    return { response: r, text: `payouts resumed (status ${r.status})` };
  },

  async resolve(client, a) {
    const batchId = arg(a, 0, 'a payout batch id');
    const outcome = arg(a, 1, `an outcome (${PAYOUT_OUTCOMES.join(' or ')})`);
    if (!isPayoutOutcome(outcome))
      throw new UsageError(
        `resolve needs an outcome: ${PAYOUT_OUTCOMES.join(' or ')}, got ${JSON.stringify(outcome)}`,
      );
    // The note is the record of why money moved (or not): never empty.
    if (a.reason.trim() === '') throw new UsageError('resolve needs --reason: what was checked, and why');
    const r = await call(client, 'ResolvePayout', { batchId, outcome, reason: a.reason, txHash: a.txHash });
    const head = pairs([
      ['batch', `${r.batchId} resolved ${outcome}: now ${r.status}`],
      ['tx hash', r.txHash || '-'],
      ['refunded (XMR)', xmr(r.refunded)],
      ['reason', r.reason],
    ]);
    const payments = table(
      ['ADDRESS', 'AMOUNT XMR', 'FEE XMR', 'REFUNDED XMR'],
      r.payments.map((p) => [p.address, xmr(p.amount), xmr(p.fee), xmr(p.refunded)]),
    );
    return { response: r, text: `${head}\n\n${payments}` };
  },

  async recheck(client, a) {
    const blockId = arg(a, 0, 'a block id (see blocks)');
    const r = await call(client, 'RecheckBlock', { blockId });
    const b = r.block;
    const outcome = `${r.outcome}${r.waitingFor ? ` (waiting: ${r.waitingFor})` : ''}`;
    const text = b
      ? pairs([
          ['block', `${b.id} at height ${b.height}: ${outcome}`],
          ['status', b.status],
          ['hash', b.hash || '-'],
          ['confirmations', String(b.confirmations)],
          ['rival', b.rivalHash ? `${b.rivalHash}, ${b.rivalDepth} deep` : '-'],
          ['reason', b.reason || '-'],
        ])
      : pairs([['block', `${blockId}: ${outcome}`]]);
    return { response: r, text };
  },
};
