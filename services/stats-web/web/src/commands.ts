import type { ConnectView } from '../../src/api/schema/api-schema.js';

export interface MinerInput {
  host: string;
  /** The miner's payout address, as typed (checked by addressProblem). */
  miner: string;
  worker: string;
}

/** Characters no POSIX shell gives a meaning to (shlex's set: no globs, no brackets). */
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * One shell word, as Python's shlex.quote makes it: left as it is when nothing in it
 * means anything to a shell (a valid address, so Windows shells get it verbatim too),
 * else in single quotes, each ' written '\''.
 */
export function shellQuote(value: string): string {
  if (SHELL_SAFE.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * An XMRig line from the API's template, with the miner's own values where given, each
 * shell-quoted: the line is for pasting into a shell. Check the address first
 * (addressProblem): quoting keeps the shell out, not a wrong address.
 */
export function fillCommand(
  template: string,
  placeholders: ConnectView['placeholders'],
  v: MinerInput,
): string {
  const worker = v.worker.trim().replace(/\s+/g, '_');
  return template
    .replaceAll(placeholders.host, shellQuote(v.host))
    .replaceAll(placeholders.miner, shellQuote(v.miner.trim() || placeholders.miner))
    .replaceAll(placeholders.worker, shellQuote(worker || placeholders.worker));
}
