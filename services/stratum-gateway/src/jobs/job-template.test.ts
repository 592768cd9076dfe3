import { hexToBytes, prepareTemplate } from '@rxpool/cryptonote';
import { reservedBytes } from '@rxpool/share-id';
import { beforeAll, describe, expect, it } from 'vitest';
import { templateEvent } from '../testing/fixtures.js';
import { JobTemplate, TemplateRejectedError } from './job-template.js';
import { Keccak256 } from './keccak.js';

let keccak: Keccak256;
beforeAll(async () => {
  keccak = await Keccak256.create();
});

describe('Keccak256', () => {
  it('is Keccak-256 with the original padding (cn_fast_hash)', () => {
    expect(Buffer.from(keccak.hash(new Uint8Array(0))).toString('hex')).toBe(
      'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    );
    expect(Buffer.from(keccak.hash(Uint8Array.of(0))).toString('hex')).toBe(
      'bc36789e7a1e281436464229828f817d6612f7b477d66591ff96a9e064bcc98a',
    );
  });
});

describe('JobTemplate', () => {
  it.each([undefined, 1, 2, 3, 4, 5, 8, 13, 100])(
    'gives the hashing blob cryptonote gives (%s extra txs)',
    (txs) => {
      const event = templateEvent({ txs });
      const template = new JobTemplate(event, 1, 0, keccak);
      const reference = prepareTemplate(hexToBytes(event.blob), event.reservedOffset, event.reserveSize);
      for (const [id, counter] of [
        [1, 0],
        [0xdeadbeef, 7],
        [42, 0xffffffff],
      ] as const) {
        const reserved = reservedBytes(id, counter, event.reserveSize);
        expect(Buffer.from(template.hashingBlob(reserved)).toString('hex')).toBe(
          Buffer.from(reference.hashingBlob(reserved)).toString('hex'),
        );
      }
    },
  );

  it('matches the published vector with bytes 01000000 in the reserved space', () => {
    const event = templateEvent();
    const template = new JobTemplate(event, 1, 0, keccak);
    expect(Buffer.from(template.hashingBlob(Uint8Array.of(1, 0, 0, 0))).toString('hex')).toBe(
      '1010f4bae0b4069d648e741d85ca0e7acb4501f051b27e9b107d3cd7a3f03aa7f776089117c81a0000000057039268c1248513bf2338ce899e1296a54c6cd11d83645ee518afdb8ba6009c01',
    );
  });

  it('writes the nonce at offset 39 when given', () => {
    const template = new JobTemplate(templateEvent(), 1, 0, keccak);
    const blob = template.hashingBlob(reservedBytes(1, 2, 16), Uint8Array.of(0x78, 0x56, 0x34, 0x12));
    expect(Buffer.from(blob.subarray(39, 43)).toString('hex')).toBe('78563412');
    expect(template.nonceOffset).toBe(39);
  });

  it('refuses a template without room for instance id and counter', () => {
    expect(() => new JobTemplate({ ...templateEvent(), reserveSize: 4 }, 1, 0, keccak)).toThrow(
      TemplateRejectedError,
    );
  });

  it('refuses a template whose blob does not parse', () => {
    expect(() => new JobTemplate({ ...templateEvent(), blob: '0011' }, 1, 0, keccak)).toThrow(
      TemplateRejectedError,
    );
  });

  it('refuses reserved bytes longer than the reserve size', () => {
    const template = new JobTemplate({ ...templateEvent(), reserveSize: 8 }, 1, 0, keccak);
    expect(() => template.hashingBlob(new Uint8Array(9))).toThrow(RangeError);
  });
});
