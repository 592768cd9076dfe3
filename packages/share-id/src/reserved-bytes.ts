/**
 * The per-job bytes a gateway writes into the template's reserved space:
 * 0–3 gateway instance id (u32 BE), 4–7 job counter (u32 BE), 8–15 zero (room for a
 * proxy). Instance ids are leased cluster-wide, so no two jobs anywhere share a blob. The
 * job manager asks monerod for RESERVED_BYTES of reserved space.
 */
export const RESERVED_BYTES = 16;
/** A template needs room for the instance id and the job counter at least. */
export const MIN_RESERVE_SIZE = 8;
export const MAX_COUNTER = 0xffff_ffff;

const INSTANCE_ID_AT = 0;
const COUNTER_AT = 4;

/** Writes instance id and job counter into reserved bytes 0–7 of `view` (a buffer reused per job). */
export function writeJobIdentity(view: DataView, instanceId: number, counter: number): void {
  view.setUint32(INSTANCE_ID_AT, instanceId >>> 0, false);
  view.setUint32(COUNTER_AT, counter >>> 0, false);
}

/** The reserved bytes of a job: RESERVED_BYTES, or fewer when the template reserves fewer. */
export function reservedBytes(instanceId: number, counter: number, reserveSize = RESERVED_BYTES): Uint8Array {
  const out = new Uint8Array(Math.min(RESERVED_BYTES, reserveSize));
  writeJobIdentity(new DataView(out.buffer), instanceId, counter);
  return out;
}
