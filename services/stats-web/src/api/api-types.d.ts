/**
 * The JSON the public API answers with (described for clients in openapi.ts).
 * Atomic units (1 XMR = 10^12) and 128-bit figures are decimal text; times
 * are ms since the epoch; hashrates are hashes per second.
 */
export type Atomic = string;

export interface HashrateView {
  '10m': number;
  '1h': number;
  '24h': number;
}

export interface BlockView {
  id: string;
  height: number;
  hash: string | null;
  status: string;
  scheme: string;
  reward: Atomic;
  confirmations: number;
  foundAt: number;
}

export interface NetworkView {
  height: number;
  difficulty: string;
  /** difficulty ÷ the 120 s block time. */
  hashrate: number;
  reward: Atomic;
  updatedAt: number;
}

export interface PoolStatsView {
  pool: {
    name: string;
    fee: { basisPoints: number; percent: number };
    defaultScheme: string;
    schemes: string[];
    pplnsK: string;
    payoutThreshold: Atomic;
    unlockDepth: number;
  };
  hashrate: HashrateView;
  /** Active in the last 10 minutes. */
  miners: number;
  workers: number;
  network: NetworkView | null;
  blocks: {
    found: number;
    pending: number;
    unlocked: number;
    orphaned: number;
    lastHeight: number | null;
    lastFoundAt: number | null;
  };
  latestBlocks: BlockView[];
  paid: Atomic;
  updatedAt: number;
}

export interface ChartView {
  bucketSeconds: number;
  /** One series for the pool (name ''), or one per worker; points are [bucket start, hashrate]. */
  series: Array<{ name: string; points: Array<[number, number]> }>;
}

export interface PaymentView {
  id: string;
  amount: Atomic;
  fee: Atomic;
  status: string;
  txHash: string | null;
  /** Proves the payment to this address (monero-wallet-cli check_tx_key). */
  txKey: string | null;
  createdAt: number;
  confirmedAt: number | null;
}

export interface PaymentBatchView {
  id: string;
  status: string;
  txHash: string | null;
  payees: number;
  amount: Atomic;
  fee: Atomic;
  createdAt: number;
  confirmedAt: number | null;
}

export interface MinerBlockView {
  blockId: string;
  height: number;
  hash: string | null;
  status: string;
  confirmations: number;
  scheme: string;
  reward: Atomic;
  fee: Atomic;
  feeBasisPoints: number;
  windowTotal: string | null;
  windowShares: number | null;
  /** This miner's counted share difficulty in the window. */
  weight: string;
  /** weight ÷ window total, in percent (SOLO: 100). */
  sharePercent: number;
  amount: Atomic;
  /** sha256 of the split's canonical text: /api/blocks/{height}/split shows that text. */
  digest: string;
  credited: boolean;
}

export interface MinerView {
  address: string;
  balance: Atomic;
  paid: Atomic;
  payoutFees: Atomic;
  payoutThreshold: Atomic;
  hashrate: HashrateView;
  lastShareAt: number | null;
  workers: Array<{ name: string; hashrate: HashrateView; lastShareAt: number | null }>;
  chart: ChartView;
  payments: PaymentView[];
  blocks: MinerBlockView[];
  updatedAt: number;
}

export interface SplitView {
  blockId: string;
  height: number;
  hash: string;
  status: string;
  scheme: string;
  reward: Atomic;
  fee: Atomic;
  feeBasisPoints: number;
  window: {
    size: string;
    total: string;
    shares: number;
    newestShare: string | null;
    oldestShare: string | null;
    edgeCounted: string;
  } | null;
  entries: Array<{ role: string; account: string; weight: string; amount: Atomic }>;
  digest: string;
  /** The text whose sha256 is the digest, rebuilt from the stored rows. */
  canonicalText: string;
  /** The rebuilt text hashes to the stored digest. */
  digestVerified: boolean;
  credited: boolean;
}

export interface ConnectView {
  /** null: the host the dashboard was reached on. */
  host: string | null;
  ports: number[];
  tlsPorts: number[];
  /** SHA-256 of the gateway certificate, hex; null when unknown. */
  tlsFingerprint: string | null;
  /** Command lines with the placeholders below in place of the miner's values. */
  xmrig: { plain: string | null; tls: string | null };
  /** The network whose addresses the pool takes (regtest takes mainnet's). */
  network: 'mainnet' | 'testnet' | 'stagenet';
  placeholders: { host: string; address: string; worker: string };
}
