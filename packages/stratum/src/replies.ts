import type { RequestId } from './errors.js';
import type { StratumJob } from './job.js';
import { JSONRPC_VERSION, ReplyStatus, StratumNotifications } from './methods.js';
import { type Rejection, Rejections } from './rejections.js';

/**
 * Serialized replies and notifications, each one line ending in '\n', ready for the
 * socket. Built with template strings: job lines go to every miner on every template.
 * Shapes follow the seed protocol document and what XMRig parses.
 */

const q = JSON.stringify;

function id(value: RequestId | null): string {
  return value === null ? 'null' : q(value);
}

/** The job object's JSON (no line ending). */
export function jobJson(job: StratumJob): string {
  const next = job.next_seed_hash === undefined ? '' : `,"next_seed_hash":${q(job.next_seed_hash)}`;
  return (
    `{"blob":${q(job.blob)},"job_id":${q(job.job_id)},"target":${q(job.target)},"algo":${q(job.algo)},` +
    `"height":${Math.trunc(job.height)},"seed_hash":${q(job.seed_hash)}${next}}`
  );
}

export function loginOkLine(
  requestId: RequestId,
  sessionId: string,
  job: StratumJob,
  extensions: readonly string[],
): string {
  return (
    `{"id":${id(requestId)},"jsonrpc":"${JSONRPC_VERSION}","error":null,"result":{"id":${q(sessionId)},` +
    `"job":${jobJson(job)},"extensions":${q(extensions)},"status":"${ReplyStatus.Ok}"}}\n`
  );
}

/** A `job` notification: deliberately without `id`, which XMRig would read as a reply. */
export function jobLine(job: StratumJob): string {
  return `{"jsonrpc":"${JSONRPC_VERSION}","method":"${StratumNotifications.Job}","params":${jobJson(job)}}\n`;
}

/** Reply to `getjob`: the job object is the result. */
export function getJobReplyLine(requestId: RequestId, job: StratumJob): string {
  return `{"id":${id(requestId)},"jsonrpc":"${JSONRPC_VERSION}","error":null,"result":${jobJson(job)}}\n`;
}

export function okLine(requestId: RequestId): string {
  return `{"id":${id(requestId)},"jsonrpc":"${JSONRPC_VERSION}","error":null,"result":{"status":"${ReplyStatus.Ok}"}}\n`;
}

export function keepalivedLine(requestId: RequestId): string {
  return `{"id":${id(requestId)},"jsonrpc":"${JSONRPC_VERSION}","error":null,"result":{"status":"${ReplyStatus.Keepalived}"}}\n`;
}

/**
 * An error reply. `requestId` is null when the request's id could not be read.
 * `detail`, when given, is appended after the catalogue message ("Invalid params: …"),
 * so the message still starts with the catalogue text XMRig matches on.
 */
export function errorLine(requestId: RequestId | null, rejection: Rejection, detail?: string): string {
  return errorMessageLine(
    requestId,
    rejection,
    detail === undefined ? rejection.message : `${rejection.message}: ${detail}`,
  );
}

/** An error reply with a whole message of the caller's (e.g. `banMessage`); it should start with the rejection's own. */
export function errorMessageLine(requestId: RequestId | null, rejection: Rejection, message: string): string {
  return `{"id":${id(requestId)},"jsonrpc":"${JSONRPC_VERSION}","error":{"code":${Math.trunc(rejection.code)},"message":${q(message)}}}\n`;
}

/**
 * What a banned miner reads: "your IP is banned until 2026-12-04T20:00:00Z: <reason>".
 * XMRig prints a login error and, on this prefix, reconnects later (see rejections.ts).
 * `untilMs` 0 (entries from before bans expired) reads "until further notice".
 */
export function banMessage(untilMs: number, reason: string): string {
  const until =
    untilMs === 0
      ? 'until further notice'
      : `until ${new Date(untilMs).toISOString().replace(/\.\d{3}Z$/, 'Z')}`;
  return `${Rejections.Banned.message} ${until}: ${reason}`;
}

/** Asks XMRig to connect elsewhere (`client.reconnect`, params exactly [host, port] as strings). */
export function reconnectLine(host: string, port: number): string {
  return `{"jsonrpc":"${JSONRPC_VERSION}","method":"${StratumNotifications.Reconnect}","params":[${q(host)},${q(String(port))}]}\n`;
}
