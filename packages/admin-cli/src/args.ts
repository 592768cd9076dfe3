import { parseArgs } from 'node:util';

export const USAGE = `usage: rxpool-admin [--addr host:port] [--token T] [--json] [tls options] <command> [args]

commands:
  stats                                   pool hashrate, blocks, balances, payout status
  miners [--limit N] [--offset N]         miners by balance
  miner <address>                         one miner: balance, paid, hashrate, workers, payments
  blocks [--limit N] [--before H] [--status S]
  rewards <height> [--block-id ID]        a block's stored reward split
  payments [--miner ADDRESS] [--status S] [--limit N] [--keys]
  ban <address|ip|miner> <target> [--reason R] [--duration SECONDS]
                                          (miner: <address>@<ip>; an IPv6 ip bans its /64;
                                          at most, and by default, 7 days)
  unban <address|ip|miner> <target>
  bans [address|ip|miner] [--limit N]     the bans in force: why, until when, by whom
  hold [--reason R]                       stop payouts (signing and relaying)
  resume                                  let payouts run again
  resolve <batch-id> <paid|not-paid> --reason R [--tx-hash H]
                                          settle a needs_review payout batch once:
                                          paid → confirmed (debits stay), not-paid →
                                          failed and refunded; check the tx first
                                          (wallet get_transfers / check_tx_key)
  recheck <block-id>                      look at one block against the chain now (an
                                          orphaned block in the main chain again reopens)

connection (flags, else environment):
  --addr      RXPOOL_ADMIN_ADDR    default 127.0.0.1:50051
  --token     RXPOOL_ADMIN_TOKEN   bearer token (required)
  --tls-ca FILE [--tls-cert FILE --tls-key FILE]   TLS / mTLS
  --json      machine-readable output (the API's messages as JSON)`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CliArgs {
  addr: string;
  token: string;
  json: boolean;
  tls: { ca: string | undefined; cert: string | undefined; key: string | undefined } | undefined;
  command: string;
  positionals: string[];
  limit: number;
  offset: number;
  before: number;
  status: string;
  /** Only this miner's payments (its payout address); '' for all. */
  miner: string;
  blockId: string;
  reason: string;
  duration: number;
  keys: boolean;
  txHash: string;
}

const count = (name: string, raw: string | undefined, fallback: number): number => {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} takes a whole number, got ${JSON.stringify(raw)}`);
  return Number(raw);
};

export function parseCliArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CliArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  const [command, ...positionals] = parsed.positionals;
  if (v.help || command === undefined || command === 'help') throw new UsageError('');
  const token = v.token ?? env.RXPOOL_ADMIN_TOKEN ?? '';
  if (token === '') throw new UsageError('a token is required: --token or RXPOOL_ADMIN_TOKEN');
  if ((v['tls-cert'] === undefined) !== (v['tls-key'] === undefined)) {
    throw new UsageError('--tls-cert and --tls-key go together');
  }
  const tlsWanted = v['tls-ca'] !== undefined || v['tls-cert'] !== undefined || v.tls === true;
  return {
    addr: v.addr ?? env.RXPOOL_ADMIN_ADDR ?? '127.0.0.1:50051',
    token,
    json: v.json === true,
    tls: tlsWanted ? { ca: v['tls-ca'], cert: v['tls-cert'], key: v['tls-key'] } : undefined,
    command,
    positionals,
    limit: count('limit', v.limit, 0),
    offset: count('offset', v.offset, 0),
    before: count('before', v.before, 0),
    status: v.status ?? '',
    miner: v.miner ?? '',
    blockId: v['block-id'] ?? '',
    reason: v.reason ?? '',
    duration: count('duration', v.duration, 0),
    keys: v.keys === true,
    txHash: v['tx-hash'] ?? '',
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      addr: { type: 'string' },
      token: { type: 'string' },
      json: { type: 'boolean' },
      tls: { type: 'boolean' },
      'tls-ca': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
      before: { type: 'string' },
      status: { type: 'string' },
      miner: { type: 'string' },
      'block-id': { type: 'string' },
      reason: { type: 'string' },
      duration: { type: 'string' },
      keys: { type: 'boolean' },
      'tx-hash': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
