import { crc32, inflateRawSync } from 'node:zlib';
import { CaptureError } from './errors.ts';

// ZIP, as far as WACZ needs it (PKWARE APPNOTE.TXT 6.3.10): written with STORE only, so every
// file's bytes sit unchanged at a fixed offset (WACZ 1.1.1 "Zip Compression"); read with STORE and
// DEFLATE, checking every CRC-32 and size, for packages made by other tools too, within ZipLimits
// (OWASP: bound entry count, inflated size and ratio, and stop inflating at the bound). No ZIP64: a
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

/** Bounds on what reading an archive may cost, checked before and while inflating. */
export interface ZipLimits {
  /** Most files an archive may hold. */
  maxEntries: number;
  /** Most bytes one file may inflate to. */
  maxEntryBytes: number;
  /** Most bytes all files together may inflate to. */
  maxTotalBytes: number;
  /** Largest inflated-to-compressed ratio of a DEFLATEd file larger than ratioGraceBytes. */
  maxRatio: number;
  /** Size in bytes below which a file's compression ratio is not limited. */
  ratioGraceBytes: number;
}

// A WACZ holds a handful of files and stays under 4 GiB (no ZIP64). Text deflates 3–20 times and
// a WARC.gz not at all; a deflate bomb reaches ~1,000 times.
export const DEFAULT_ZIP_LIMITS: Readonly<ZipLimits> = Object.freeze({
  maxEntries: 10_000,
  maxEntryBytes: 2 ** 32 - 1,
  maxTotalBytes: 2 ** 32,
  maxRatio: 100,
  ratioGraceBytes: 1 << 20,
});

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

/** Where a file's bytes lie in the archive and what its central directory entry declares. */
export interface ZipDirectoryEntry {
  path: string;
  /** 0 (STORE) or 8 (DEFLATE). */
  method: 0 | 8;
  expectedCrc: number;
  compressedSize: number;
  /** The inflated size the entry declares; inflation stops one byte past it. */
  size: number;
  dataStart: number;
}

function tooLarge(message: string, details: Record<string, unknown>): CaptureError {
  return new CaptureError('ARCHIVE_TOO_LARGE', `the archive is refused: ${message}`, { details });
}

// Refuses an archive bomb from its central directory alone, before anything is inflated: too many
// files, a file or a total over the bounds, or a DEFLATEd file whose declared ratio is too high.
function checkDeclaredSizes(entries: readonly ZipDirectoryEntry[], limits: ZipLimits): void {
  let total = 0;
  for (const entry of entries) {
    const file = entry.path;
    if (entry.size > limits.maxEntryBytes) {
      throw tooLarge(`${file} inflates to ${entry.size} bytes, over the ${limits.maxEntryBytes} allowed`, {
        file,
        limit: 'maxEntryBytes',
        maxBytes: limits.maxEntryBytes,
        declaredBytes: entry.size,
      });
    }
    total += entry.size;
    if (total > limits.maxTotalBytes) {
      throw tooLarge(`its files inflate to more than ${limits.maxTotalBytes} bytes in all`, {
        file,
        limit: 'maxTotalBytes',
        maxBytes: limits.maxTotalBytes,
      });
    }
    if (entry.method === 8 && entry.size > limits.ratioGraceBytes) {
      const ratio = entry.size / Math.max(1, entry.compressedSize);
      if (ratio > limits.maxRatio) {
        throw new CaptureError(
          'ARCHIVE_RATIO_TOO_HIGH',
          `the archive is refused: ${file} would inflate ${Math.round(ratio)} times, over the ${limits.maxRatio} allowed`,
          { details: { file, ratio, maxRatio: limits.maxRatio } },
        );
      }
    }
  }
}

/**
 * The central directory of a ZIP archive, checked against `limits` before any file is inflated.
 * Throws PACKAGE_INVALID (malformed, ZIP64, encrypted, unsafe or duplicate names, unknown
 * compression), ARCHIVE_TOO_MANY_ENTRIES, ARCHIVE_TOO_LARGE or ARCHIVE_RATIO_TOO_HIGH.
 */
export function listZipEntries(
  input: Uint8Array,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): ZipDirectoryEntry[] {
  const zip = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (zip.length < 22) throw invalid('the file is too short to be a ZIP archive');
  const end = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  const directorySize = zip.readUInt32LE(end + 12);
  const directoryOffset = zip.readUInt32LE(end + 16);
  if (directoryOffset === MAX_32 || count === 0xffff) throw invalid('ZIP64 archives are not read');
  if (count > limits.maxEntries) {
    throw new CaptureError(
      'ARCHIVE_TOO_MANY_ENTRIES',
      `the archive is refused: it holds ${count} files, over the ${limits.maxEntries} allowed`,
      { details: { entries: count, maxEntries: limits.maxEntries } },
    );
  }
  if (directoryOffset + directorySize > end) throw invalid('the central directory lies outside the file');
  const entries: ZipDirectoryEntry[] = [];
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
    if (method !== 0 && method !== 8)
      throw invalid(`${path} uses compression method ${method}`, { file: path });
    if (method === 0 && compressedSize !== size) {
      throw invalid(`${path} holds ${compressedSize} bytes, not the ${size} its entry says`, { file: path });
    }
    entries.push({ path, method, expectedCrc, compressedSize, size, dataStart });
  }
  checkDeclaredSizes(entries, limits);
  return entries;
}

/** The error for a file that inflates past the size its entry declares (inflation stopped there). */
export function overrunError(entry: ZipDirectoryEntry): CaptureError {
  return tooLarge(`${entry.path} inflates past the ${entry.size} bytes its entry declares`, {
    file: entry.path,
    limit: 'declaredBytes',
    declaredBytes: entry.size,
  });
}

function inflateEntry(zip: Uint8Array, entry: ZipDirectoryEntry): Uint8Array {
  const stored = zip.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  if (entry.method === 0) return stored;
  let bytes: Uint8Array;
  try {
    // zlib stops as soon as its output passes maxOutputLength (ERR_BUFFER_TOO_LARGE).
    bytes = inflateRawSync(stored, { maxOutputLength: Math.max(1, entry.size) });
  } catch (cause) {
    if ((cause as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw overrunError(entry);
    throw new CaptureError('PACKAGE_INVALID', `${entry.path} does not inflate`, {
      cause,
      details: { file: entry.path },
    });
  }
  if (bytes.length !== entry.size) {
    throw invalid(`${entry.path} holds ${bytes.length} bytes, not the ${entry.size} its entry says`, {
      file: entry.path,
    });
  }
  return bytes;
}

/** Every file of a ZIP archive, checked as readZip does, except that CRC-32 mismatches are only reported. */
export function readZipEntries(input: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntry[] {
  return listZipEntries(input, limits).map((entry) => {
    const bytes = inflateEntry(input, entry);
    return { path: entry.path, bytes, expectedCrc: entry.expectedCrc, computedCrc: crc32(bytes) };
  });
}

/**
 * Every file of a ZIP archive with its bytes, in central-directory order. Rejects encryption,
 * ZIP64, duplicate or unsafe names, unknown compression, and any CRC-32 or size mismatch.
 */
export function readZip(input: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipFile[] {
  return readZipEntries(input, limits).map(({ path, bytes, expectedCrc, computedCrc }) => {
    if (computedCrc !== expectedCrc)
      throw invalid(`${path} fails its CRC-32`, { file: path, expectedCrc, computedCrc });
    return { path, bytes };
  });
}
