/**
 * Job ids and share ids. A job id is the hex of reserved bytes 0–7 (instance id ‖ job
 * counter); a share is identified by its job and its nonce, so its id is the job id and
 * the 4 nonce bytes as the miner sent them: 24 hex characters, unique in the cluster.
 * Accounting stores shares under it and drops repeats as duplicates.
 */

export function u32Hex(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

/** The job id sent to the miner: hex(instance id u32 BE ‖ counter u32 BE). */
export function jobIdOf(instanceId: number, counter: number): string {
  return `${u32Hex(instanceId)}${u32Hex(counter)}`;
}

const JOB_ID = /^[0-9a-f]{16}$/;

/** The instance id and counter a job id names, or undefined when it is not one of ours. */
export function parseJobId(id: string): { instanceId: number; counter: number } | undefined {
  if (!JOB_ID.test(id)) return undefined;
  return { instanceId: Number.parseInt(id.slice(0, 8), 16), counter: Number.parseInt(id.slice(8), 16) };
}

/** What every message carrying a share id checks it against. */
export const SHARE_ID_PATTERN = /^[0-9a-f]{24}$/;

/** hex(instance id u32 BE ‖ counter u32 BE ‖ the 4 nonce bytes as sent): 24 hex characters. */
export function shareIdOf(instanceId: number, counter: number, nonceHex: string): string {
  return `${u32Hex(instanceId)}${u32Hex(counter)}${nonceHex}`;
}
