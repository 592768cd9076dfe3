import { readFileSync } from 'node:fs';

/** Descriptors kept for everything but miners: NATS, health, logs, TLS files, the event loop. */
const RESERVED_DESCRIPTORS = 512;
const FALLBACK_CONNECTIONS = 100_000;

/** The soft "Max open files" of this process (Linux /proc), or undefined elsewhere. */
export function openFileLimit(limitsText?: string): number | undefined {
  let text = limitsText;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/self/limits', 'utf8');
    } catch {
      return undefined;
    }
  }
  const m = /^Max open files\s+(\d+|unlimited)/m.exec(text);
  if (m === null || m[1] === 'unlimited') return undefined;
  return Number(m[1]);
}

/**
 * STRATUM_MAX_CONNECTIONS, 0 meaning "what the open-file limit allows": past it accept()
 * fails with EMFILE and the process can open nothing else either (not even NATS).
 */
export function connectionCap(configured: number, limit: number | undefined): number {
  if (configured > 0) return configured;
  if (limit === undefined) return FALLBACK_CONNECTIONS;
  return Math.max(64, limit - RESERVED_DESCRIPTORS);
}
