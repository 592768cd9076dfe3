import { asObject, DECIMAL, HASH_HEX, HEX, int, str } from './decode.js';

/** pool.template.v1 — a block template from monerod, published by the job-manager leader. */
export interface TemplateEvent {
  /** Unique per template: `${height}-${sequence}` of the publishing job-manager. */
  templateId: string;
  height: number;
  prevHash: string;
  seedHash: string;
  /** '' when the seed does not change within the next 64 blocks. */
  nextSeedHash: string;
  /** Network difficulty, 128-bit safe, as decimal text. */
  networkDifficulty: string;
  /** blocktemplate_blob, hex. */
  blob: string;
  reservedOffset: number;
  reserveSize: number;
  /** Expected block reward in atomic units, decimal text. */
  expectedReward: string;
  /** ms since epoch when the job-manager published it. */
  createdAt: number;
}

const S = 'TemplateEvent';

export function decodeTemplateEvent(value: unknown): TemplateEvent {
  const o = asObject(S, value);
  const nextSeedHash = str(S, o, 'nextSeedHash');
  if (nextSeedHash !== '' && !HASH_HEX.test(nextSeedHash))
    throw new Error(`${S}: nextSeedHash must be '' or 64 hex`);
  return {
    templateId: str(S, o, 'templateId', /^[\w.-]{1,64}$/),
    height: int(S, o, 'height'),
    prevHash: str(S, o, 'prevHash', HASH_HEX),
    seedHash: str(S, o, 'seedHash', HASH_HEX),
    nextSeedHash,
    networkDifficulty: str(S, o, 'networkDifficulty', DECIMAL),
    blob: str(S, o, 'blob', HEX),
    reservedOffset: int(S, o, 'reservedOffset'),
    reserveSize: int(S, o, 'reserveSize'),
    expectedReward: str(S, o, 'expectedReward', DECIMAL),
    createdAt: int(S, o, 'createdAt'),
  };
}
