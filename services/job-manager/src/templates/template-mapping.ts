import {
  bytesToHex,
  combineDifficulty,
  hexToBytes,
  type PreparedTemplate,
  parseWideDifficulty,
  prepareTemplate,
} from '@rxpool/cryptonote';
import type { TemplateEvent } from '@rxpool/messages';
import type { MonerodBlockTemplate } from '../monerod/monerod-rpc.js';

/** A template as the job-manager holds it: the event as published and the parsed blob. */
export interface HeldTemplate {
  event: TemplateEvent;
  prepared: PreparedTemplate;
  /** Transaction hashes part of the blob (hex): equal parts mean the same transactions. */
  txSection: string;
}

export class TemplateMappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateMappingError';
  }
}

/** 128-bit network difficulty as decimal text, from wide_difficulty or the two 64-bit words. */
export function networkDifficultyOf(
  t: Pick<MonerodBlockTemplate, 'difficulty' | 'wide_difficulty' | 'difficulty_top64'>,
): string {
  if (t.wide_difficulty) return parseWideDifficulty(t.wide_difficulty).toString();
  return combineDifficulty(BigInt(t.difficulty), BigInt(t.difficulty_top64 ?? 0)).toString();
}

/** Checks a get_block_template answer and turns it into the event we publish. */
export function templateFromMonerod(
  t: MonerodBlockTemplate,
  templateId: string,
  reserveSize: number,
  createdAt: number,
): HeldTemplate {
  if (typeof t.blocktemplate_blob !== 'string')
    throw new TemplateMappingError('template has no blocktemplate_blob');
  if (!/^[0-9a-f]{64}$/.test(t.prev_hash ?? ''))
    throw new TemplateMappingError('template prev_hash is not 64 hex');
  if (!/^[0-9a-f]{64}$/.test(t.seed_hash ?? ''))
    throw new TemplateMappingError('template seed_hash is not 64 hex');
  const next = t.next_seed_hash ?? '';
  if (next !== '' && !/^[0-9a-f]{64}$/.test(next))
    throw new TemplateMappingError('template next_seed_hash is not 64 hex');
  if (!Number.isSafeInteger(t.expected_reward) || t.expected_reward < 0) {
    throw new TemplateMappingError(`template expected_reward ${t.expected_reward} is not a safe integer`);
  }
  const event: TemplateEvent = {
    templateId,
    height: t.height,
    prevHash: t.prev_hash,
    seedHash: t.seed_hash,
    nextSeedHash: next,
    networkDifficulty: networkDifficultyOf(t),
    blob: t.blocktemplate_blob.toLowerCase(),
    reservedOffset: t.reserved_offset,
    reserveSize,
    expectedReward: String(t.expected_reward),
    createdAt,
  };
  const held = holdTemplate(event);
  if (held.prepared.height !== t.height) {
    throw new TemplateMappingError(
      `template blob is for height ${held.prepared.height}, monerod said ${t.height}`,
    );
  }
  return held;
}

/** Parses an event's blob (ours, or one read back from the stream after a failover). */
export function holdTemplate(event: TemplateEvent): HeldTemplate {
  const prepared = prepareTemplate(hexToBytes(event.blob), event.reservedOffset, event.reserveSize);
  const blob = prepared.templateBlob();
  return { event, prepared, txSection: bytesToHex(blob.subarray(prepared.minerTx.end)) };
}

/** True when `next` would give miners nothing new: same parent, same transactions, same reward. */
export function sameWork(current: HeldTemplate | undefined, next: HeldTemplate): boolean {
  return (
    current !== undefined &&
    current.event.prevHash === next.event.prevHash &&
    current.event.expectedReward === next.event.expectedReward &&
    current.txSection === next.txSection
  );
}
