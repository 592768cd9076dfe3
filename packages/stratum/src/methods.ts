/** Wire names of the stratum protocol: methods, extensions, algorithm. */

/** Methods a miner sends. */
export const StratumMethods = {
  Login: 'login',
  GetJob: 'getjob',
  Submit: 'submit',
  Keepalived: 'keepalived',
} as const;

export type StratumMethod = (typeof StratumMethods)[keyof typeof StratumMethods];

/** Notifications the pool sends (no integer `id`: XMRig would take them for replies). */
export const StratumNotifications = {
  Job: 'job',
  Reconnect: 'client.reconnect',
} as const;

/** Login `extensions` XMRig understands (`Client::parseExtensions`); unknown strings are ignored. */
export const StratumExtensions = {
  /** The miner adds `algo` to each submit. */
  Algo: 'algo',
  /** The miner iterates only the low 24 bits of the nonce and keeps blob byte 42. */
  Nicehash: 'nicehash',
  Connect: 'connect',
  Tls: 'tls',
  /** The miner sends `keepalived` after 60 s without sending anything. */
  Keepalive: 'keepalive',
} as const;

export type StratumExtension = (typeof StratumExtensions)[keyof typeof StratumExtensions];

/** Monero's proof of work as XMRig names it. */
export const MONERO_ALGO = 'rx/0';

/** Reply statuses of the seed protocol. */
export const ReplyStatus = {
  Ok: 'OK',
  Keepalived: 'KEEPALIVED',
} as const;

export const JSONRPC_VERSION = '2.0';
