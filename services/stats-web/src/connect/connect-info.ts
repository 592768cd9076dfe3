import type { MoneroNetwork } from '@rxpool/cryptonote';
import type { ConnectView } from '../api/schema/api-schema.js';
import type { StratumEndpoint } from '../config.js';

/** Placeholders the dashboard fills in (the host only when none is configured). */
export const PLACEHOLDERS = {
  host: 'POOL_HOST',
  miner: 'YOUR_MONERO_ADDRESS',
  worker: 'WORKER_NAME',
} as const;

export function xmrigCommand(o: {
  host: string;
  port: number;
  /** The miner's payout address: XMRig's user. */
  miner: string;
  worker: string;
  tlsFingerprint?: string | null;
  tls?: boolean;
}): string {
  const parts = [
    'xmrig',
    '-o',
    `${hostPort(o.host)}:${o.port}`,
    '-u',
    o.miner,
    '-p',
    o.worker,
    '--coin',
    'monero',
  ];
  if (o.tls) {
    parts.push('--tls');
    if (o.tlsFingerprint) parts.push('--tls-fingerprint', o.tlsFingerprint);
  }
  return parts.join(' ');
}

/** What the connect page shows: the gateways' public address and ready XMRig lines. */
export function connectInfo(s: StratumEndpoint, network: MoneroNetwork): ConnectView {
  const host = s.host === '' ? PLACEHOLDERS.host : s.host;
  const line = (port: number | undefined, tls: boolean) =>
    port === undefined
      ? null
      : xmrigCommand({
          host,
          port,
          miner: PLACEHOLDERS.miner,
          worker: PLACEHOLDERS.worker,
          tls,
          tlsFingerprint: s.tlsFingerprint,
        });
  return {
    host: s.host === '' ? null : s.host,
    ports: s.ports,
    tlsPorts: s.tlsPorts,
    tlsFingerprint: s.tlsFingerprint === '' ? null : s.tlsFingerprint,
    xmrig: { plain: line(s.ports[0], false), tls: line(s.tlsPorts[0], true) },
    network,
    placeholders: PLACEHOLDERS,
  };
}

/** IPv6 literals take brackets before a port. */
function hostPort(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
