/**
 * The per-job bytes written into the template's reserved space (ARCHITECTURE.md):
 * 0–3 gateway instance id (u32 BE), 4–7 job counter (u32 BE), 8–15 zero. A share is
 * identified by (instance id, job counter, nonce): that is its share id.
 */
export const RESERVED_BYTES = 16;
export const MAX_COUNTER = 0xffff_ffff;

export function reservedBytes(instanceId: number, counter: number, reserveSize: number): Uint8Array {
  const out = new Uint8Array(Math.min(RESERVED_BYTES, reserveSize));
  const view = new DataView(out.buffer);
  view.setUint32(0, instanceId >>> 0, false);
  view.setUint32(4, counter >>> 0, false);
  return out;
}

export function u32Hex(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

/** hex(instance id u32 BE ‖ counter u32 BE ‖ the 4 nonce bytes as sent): 24 hex characters. */
export function shareIdOf(instanceId: number, counter: number, nonceHex: string): string {
  return `${u32Hex(instanceId)}${u32Hex(counter)}${nonceHex}`;
}

/** The job id sent to the miner: hex of reserved bytes 0–7 (instance id ‖ counter). */
export function jobIdOf(instanceId: number, counter: number): string {
  return `${u32Hex(instanceId)}${u32Hex(counter)}`;
}

const JOB_ID = /^[0-9a-f]{16}$/;

/** The instance id and counter a job id names, or undefined when it is not one of ours. */
export function parseJobId(id: string): { instanceId: number; counter: number } | undefined {
  if (!JOB_ID.test(id)) return undefined;
  return { instanceId: Number.parseInt(id.slice(0, 8), 16), counter: Number.parseInt(id.slice(8), 16) };
}
