import { gunzipSync } from 'node:zlib';

/** Reads one regular file out of a .tgz held in memory (ustar, as npm packs). */
export class TarFormatError extends Error {
  override name = 'TarFormatError';
}

const BLOCK = 512;

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const nul = raw.indexOf(0);
  return raw.toString('utf8', 0, nul === -1 ? length : nul);
}

export function readTgzEntry(tgz: Buffer, name: string): Buffer {
  const tar = gunzipSync(tgz);
  let at = 0;
  while (at + BLOCK <= tar.length) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) break;
    const prefix = field(header, 345, 155);
    const entryName = prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100);
    const size = Number.parseInt(field(header, 124, 12).trim() || '0', 8);
    if (!Number.isFinite(size)) throw new TarFormatError(`bad size in header at ${at}`);
    const dataStart = at + BLOCK;
    if (entryName === name) return Buffer.from(tar.subarray(dataStart, dataStart + size));
    at = dataStart + Math.ceil(size / BLOCK) * BLOCK;
  }
  throw new TarFormatError(`no entry named ${name}`);
}
