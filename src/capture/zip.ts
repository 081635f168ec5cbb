import { crc32, inflateRawSync } from 'node:zlib';
import { CaptureError } from './errors.ts';

// ZIP, as far as WACZ needs it (PKWARE APPNOTE.TXT 6.3.10): written with STORE only, so every
// file's bytes sit unchanged at a fixed offset (WACZ 1.1.1 "Zip Compression"); read with STORE and
// DEFLATE, checking every CRC-32 and size, for packages made by other tools too. No ZIP64: a
// package is kept under 4 GiB and 65,535 files.

export interface ZipFile {
  path: string;
  bytes: Uint8Array;
}

export interface ZipEntry extends ZipFile {
  /** The CRC-32 the archive records for the file. */
  expectedCrc: number;
  /** The CRC-32 of the bytes read. */
  computedCrc: number;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const UTF8_NAMES = 0x0800;
const MAX_32 = 0xffffffff;

function invalid(message: string, details: Record<string, unknown> = {}): CaptureError {
  return new CaptureError('PACKAGE_INVALID', `not a readable WACZ package: ${message}`, { details });
}

// APPNOTE §4.4.6: MS-DOS date and time, local fields taken as UTC here.
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.max(1980, date.getUTCFullYear());
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

/** A ZIP archive holding `files` in order, every one STOREd. */
export function writeZip(files: readonly ZipFile[], modified: Date): Uint8Array {
  const stamp = dosDateTime(modified);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.path, 'utf8');
    const checksum = crc32(file.bytes);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(0, 8);
    local.writeUInt16LE(stamp.time, 10);
    local.writeUInt16LE(stamp.date, 12);
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(file.bytes.length, 18);
    local.writeUInt32LE(file.bytes.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_HEADER, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(UTF8_NAMES, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(stamp.time, 12);
    central.writeUInt16LE(stamp.date, 14);
    central.writeUInt32LE(checksum, 16);
    central.writeUInt32LE(file.bytes.length, 20);
    central.writeUInt32LE(file.bytes.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
    centrals.push(central, name);
    offset += local.length + name.length + file.bytes.length;
    if (offset > MAX_32) throw invalid('the package would exceed 4 GiB');
  }
  if (files.length > 0xffff) throw invalid('the package would hold more than 65,535 files');
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function findEndOfCentralDirectory(zip: Buffer): number {
  const lowest = Math.max(0, zip.length - 22 - 0xffff);
  for (let at = zip.length - 22; at >= lowest; at -= 1) {
    if (zip.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  throw invalid('no ZIP end-of-central-directory record');
}

function checkPath(path: string): void {
  if (path === '' || path.startsWith('/') || path.includes('\\') || path.split('/').includes('..')) {
    throw invalid(`unsafe file name ${JSON.stringify(path)}`, { file: path });
  }
}

/** Every file of a ZIP archive, checked as readZip does, except that CRC-32 mismatches are only reported. */
export function readZipEntries(input: Uint8Array): ZipEntry[] {
  const zip = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (zip.length < 22) throw invalid('the file is too short to be a ZIP archive');
  const end = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  const directorySize = zip.readUInt32LE(end + 12);
  const directoryOffset = zip.readUInt32LE(end + 16);
  if (directoryOffset === MAX_32 || count === 0xffff) throw invalid('ZIP64 archives are not read');
  if (directoryOffset + directorySize > end) throw invalid('the central directory lies outside the file');
  const files: ZipEntry[] = [];
  const seen = new Set<string>();
  let at = directoryOffset;
  for (let i = 0; i < count; i += 1) {
    if (at + 46 > end || zip.readUInt32LE(at) !== CENTRAL_HEADER)
      throw invalid(`central directory entry ${i} is malformed`);
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const expectedCrc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const entryEnd = at + 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    if (entryEnd > end) throw invalid(`central directory entry ${i} overruns the directory`);
    const path = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at = entryEnd;
    checkPath(path);
    if (seen.has(path)) throw invalid(`${path} appears twice`, { file: path });
    seen.add(path);
    if ((flags & 1) !== 0) throw invalid(`${path} is encrypted`, { file: path });
    if (localOffset + 30 > directoryOffset || zip.readUInt32LE(localOffset) !== LOCAL_HEADER) {
      throw invalid(`${path} has no local header`, { file: path });
    }
    const localNameLength = zip.readUInt16LE(localOffset + 26);
    const dataStart = localOffset + 30 + localNameLength + zip.readUInt16LE(localOffset + 28);
    if (zip.toString('utf8', localOffset + 30, localOffset + 30 + localNameLength) !== path) {
      throw invalid(`${path} is named differently in its local header`, { file: path });
    }
    if (dataStart + compressedSize > directoryOffset)
      throw invalid(`${path} overruns the archive`, { file: path });
    const stored = zip.subarray(dataStart, dataStart + compressedSize);
    let bytes: Uint8Array;
    if (method === 0) bytes = stored;
    else if (method === 8) {
      try {
        bytes = inflateRawSync(stored, { maxOutputLength: Math.max(1, size) });
      } catch (cause) {
        throw new CaptureError('PACKAGE_INVALID', `${path} does not inflate`, {
          cause,
          details: { file: path },
        });
      }
    } else throw invalid(`${path} uses compression method ${method}`, { file: path });
    if (bytes.length !== size) {
      throw invalid(`${path} holds ${bytes.length} bytes, not the ${size} its entry says`, { file: path });
    }
    files.push({ path, bytes, expectedCrc, computedCrc: crc32(bytes) });
  }
  return files;
}

/**
 * Every file of a ZIP archive with its bytes, in central-directory order. Rejects encryption,
 * ZIP64, duplicate or unsafe names, unknown compression, and any CRC-32 or size mismatch.
 */
export function readZip(input: Uint8Array): ZipFile[] {
  return readZipEntries(input).map(({ path, bytes, expectedCrc, computedCrc }) => {
    if (computedCrc !== expectedCrc)
      throw invalid(`${path} fails its CRC-32`, { file: path, expectedCrc, computedCrc });
    return { path, bytes };
  });
}
