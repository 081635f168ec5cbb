import { constants, crc32, deflateRawSync } from 'node:zlib';

// Deflate bombs made at test time, without ever holding their inflated bytes: a DEFLATE segment of
// 16 MiB of zeros ended by a full flush (byte-aligned, no back-references across it) can be
// repeated, and an empty final block closes the stream (RFC 1951 §3.2.3).

const SEGMENT_BYTES = 16 << 20;

export interface DeflatedFile {
  path: string;
  /** Raw DEFLATE data. */
  deflated: Uint8Array;
  /** The inflated size the archive declares for the file. */
  declaredBytes: number;
  /** The CRC-32 the archive records. */
  crc: number;
}

/** Raw DEFLATE data that inflates to `segments` × 16 MiB of zeros, and the CRC-32 of those bytes. */
export function deflateZeros(segments: number): { deflated: Uint8Array; inflatedBytes: number; crc: number } {
  const zeros = new Uint8Array(SEGMENT_BYTES);
  const segment = deflateRawSync(zeros, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  let crc = 0;
  for (let i = 0; i < segments; i += 1) crc = crc32(zeros, crc);
  const parts: Uint8Array[] = Array.from({ length: segments }, () => segment);
  parts.push(deflateRawSync(new Uint8Array(0)));
  return { deflated: Buffer.concat(parts), inflatedBytes: segments * SEGMENT_BYTES, crc };
}

/** A ZIP archive (APPNOTE 6.3.10) of DEFLATEd files whose headers say what `files` declare. */
export function writeDeflatedZip(files: readonly DeflatedFile[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.path, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(file.crc, 14);
    local.writeUInt32LE(file.deflated.length, 18);
    local.writeUInt32LE(file.declaredBytes, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(file.crc, 16);
    central.writeUInt32LE(file.deflated.length, 20);
    central.writeUInt32LE(file.declaredBytes, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(file.deflated));
    centrals.push(central, name);
    offset += local.length + name.length + file.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
