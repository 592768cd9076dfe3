import type { MinerBlockView, SplitView } from '../../src/api/schema/api-schema.js';

export interface AuditResult {
  ok: boolean;
  /** What was checked, or what failed. */
  detail: string;
}

/** sha256 of UTF-8 text, hex; undefined where the browser offers no WebCrypto (plain HTTP off localhost). */
export async function sha256Hex(text: string): Promise<string | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined;
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A miner's share of a block holds when: the stored split's canonical text
 * hashes to the digest (here, in the browser, when it can hash, and on the
 * server), the digest is the one the miner's row names, and the text has the
 * miner's line with the same weight and amount.
 */
export function checkSplit(
  split: SplitView,
  block: MinerBlockView,
  address: string,
  localDigest: string | undefined,
): AuditResult {
  if (split.digest !== block.digest) return { ok: false, detail: 'the split has another digest' };
  if (!split.digestVerified) return { ok: false, detail: 'the stored split does not hash to its digest' };
  if (localDigest !== undefined && localDigest !== split.digest) {
    return { ok: false, detail: 'the split text does not hash to its digest here' };
  }
  const line = `\nminer ${address} ${block.weight} ${block.amount}\n`;
  if (!split.canonicalText.includes(line)) return { ok: false, detail: 'your line is not in the split' };
  const how = localDigest === undefined ? 'checked by the pool' : 'sha256 checked in this browser';
  return { ok: true, detail: `${split.entries.length} entries, ${how}` };
}
