/**
 * Test helpers: real shares (hashed with a light RandomX context), template
 * events that announce seeds, and reading back what JetStream stored.
 */
import { randomBytes } from 'node:crypto';
import {
  decodeJson,
  decodeValidateReply,
  encodeJson,
  type MessageNames,
  type TemplateEvent,
  type ValidateReply,
  type ValidateRequest,
} from '@rxpool/messages';
import type { RandomXContext } from '@rxpool/randomx';
import { shareIdOf } from '@rxpool/share-id';
import type { JetStreamClient, JetStreamManager, NatsConnection } from 'nats';

export const TEST_MINER =
  '42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfJJQAWDm';

let counter = 0;

/** A validation request for a 76-byte blob and its real hash; its share id is unique in this process. */
export function shareRequest(
  blob: Uint8Array,
  hash: Uint8Array,
  seedHex: string,
  over: Partial<ValidateRequest> = {},
): ValidateRequest {
  const n = ++counter;
  const nonce = Buffer.from(blob.subarray(39, 43)).toString('hex');
  return {
    shareId: shareIdOf(process.pid, n, nonce),
    miner: TEST_MINER,
    worker: 'rig1',
    jobId: `job-${n}`,
    templateId: '100-1',
    height: 100,
    reserved: '0000000100000002',
    nonce,
    scheme: 'pplns',
    hashingBlob: Buffer.from(blob).toString('hex'),
    seedHash: seedHex,
    result: Buffer.from(hash).toString('hex'),
    jobDifficulty: 1,
    networkDifficulty: (2n ** 120n).toString(),
    receivedAt: Date.now(),
    ...over,
  };
}

/** Shares for the context's seed whose claimed result is the real hash, unless overridden. */
export async function makeShares(
  ctx: RandomXContext,
  count: number,
  over: Partial<ValidateRequest> = {},
): Promise<ValidateRequest[]> {
  const blobs = Array.from({ length: count }, () => randomBytes(76));
  const hashes = await ctx.hashBatch(blobs);
  return blobs.map((blob, i) => shareRequest(blob, hashes[i] as Buffer, ctx.seedHex, over));
}

export function templateEvent(seedHash: string, nextSeedHash = '', height = 100): TemplateEvent {
  return {
    templateId: `${height}-1`,
    height,
    prevHash: '11'.repeat(32),
    seedHash,
    nextSeedHash,
    networkDifficulty: '1000000',
    blob: '10'.repeat(80),
    reservedOffset: 40,
    reserveSize: 16,
    expectedReward: '600000000000',
    createdAt: Date.now(),
  };
}

export async function publishTemplate(
  js: JetStreamClient,
  names: MessageNames,
  event: TemplateEvent,
): Promise<void> {
  await js.publish(names.subjects.template, encodeJson(event));
}

export async function requestValidation(
  nc: NatsConnection,
  names: MessageNames,
  request: ValidateRequest,
  timeout = 10_000,
): Promise<ValidateReply> {
  const msg = await nc.request(names.subjects.validate, encodeJson(request), { timeout });
  return decodeJson(msg.data, decodeValidateReply);
}

/** Every message stored in a stream, decoded, in order. */
export async function readStream<T>(
  jsm: JetStreamManager,
  stream: string,
  decode: (value: unknown) => T,
): Promise<Array<{ subject: string; msgId: string | undefined; value: T }>> {
  const info = await jsm.streams.info(stream);
  const out: Array<{ subject: string; msgId: string | undefined; value: T }> = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq });
    out.push({ subject: m.subject, msgId: m.header?.get('Nats-Msg-Id'), value: decodeJson(m.data, decode) });
  }
  return out;
}
