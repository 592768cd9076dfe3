import { describe, expect, it } from 'vitest';
import { MAX_COUNTER, RESERVED_BYTES, reservedBytes, writeJobIdentity } from './reserved-bytes.js';
import { jobIdOf, parseJobId, SHARE_ID_PATTERN, shareIdOf, u32Hex } from './share-id.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('reserved bytes', () => {
  it('lay instance id and job counter big-endian into bytes 0–7, the rest zero', () => {
    expect(hex(reservedBytes(0x0a0b0c0d, 0x01020304))).toBe('0a0b0c0d010203040000000000000000');
    expect(reservedBytes(1, 2).length).toBe(RESERVED_BYTES);
    expect(hex(reservedBytes(1, 2, 8))).toBe('0000000100000002');
    expect(hex(reservedBytes(1, MAX_COUNTER, 60))).toBe('00000001ffffffff0000000000000000');
  });

  it('are the job id’s bytes, whether made fresh or written into a reused buffer', () => {
    const buffer = new Uint8Array(RESERVED_BYTES);
    writeJobIdentity(new DataView(buffer.buffer), 0xdeadbeef, 7);
    expect(hex(buffer)).toBe(hex(reservedBytes(0xdeadbeef, 7)));
    expect(hex(buffer.subarray(0, 8))).toBe(jobIdOf(0xdeadbeef, 7));
  });
});

describe('job ids and share ids', () => {
  it('round-trip a job id and refuse what is not one', () => {
    expect(jobIdOf(0xa, 0xff)).toBe('0000000a000000ff');
    expect(parseJobId(jobIdOf(0xdeadbeef, MAX_COUNTER))).toEqual({
      instanceId: 0xdeadbeef,
      counter: MAX_COUNTER,
    });
    for (const bad of ['', '0000000a000000f', '0000000a000000ffx', '0000000A000000FF', 'job-1']) {
      expect(parseJobId(bad)).toBeUndefined();
    }
  });

  it('make a share id of the job id and the nonce as sent', () => {
    const id = shareIdOf(1, 2, '0a0b0c0d');
    expect(id).toBe('00000001000000020a0b0c0d');
    expect(id).toBe(`${jobIdOf(1, 2)}0a0b0c0d`);
    expect(SHARE_ID_PATTERN.test(id)).toBe(true);
    expect(SHARE_ID_PATTERN.test(`${id}00`)).toBe(false);
    expect(u32Hex(-1)).toBe('ffffffff');
  });
});
