import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { CaptureError } from './errors.ts';
import { deflateZeros, writeDeflatedZip } from './test-support/zip-bomb.ts';
import { DEFAULT_ZIP_LIMITS, readZip, writeZip } from './zip.ts';

const files = [
  { path: 'archive/data.warc.gz', bytes: new Uint8Array([1, 2, 3, 250]) },
  { path: 'pages/pages.jsonl', bytes: Buffer.from('{"format":"json-pages-1.0"}\n') },
  { path: 'attachments/名前.txt', bytes: new Uint8Array(0) },
];

/** True when Info-ZIP's unzip runs; otherwise skips the test, or fails it under SEALCHAIN_REQUIRE_TOOLS=1. */
function haveUnzip(t: TestContext): boolean {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    const message = 'unzip not found: install the Debian package unzip';
    if (process.env['SEALCHAIN_REQUIRE_TOOLS'] === '1')
      throw new Error(`SEALCHAIN_REQUIRE_TOOLS=1 and ${message}`);
    t.skip(message);
    return false;
  }
}

describe('writeZip and readZip', () => {
  it('round-trips files, names and bytes', () => {
    const zip = writeZip(files, new Date('2026-03-04T05:06:08Z'));
    assert.deepEqual(
      readZip(zip).map((f) => ({ path: f.path, bytes: Buffer.from(f.bytes) })),
      files.map((f) => ({ path: f.path, bytes: Buffer.from(f.bytes) })),
    );
  });

  it('writes an archive that Info-ZIP tests clean', (t) => {
    if (!haveUnzip(t)) return;
    const dir = mkdtempSync(join(tmpdir(), 'sealchain-zip-'));
    try {
      writeFileSync(join(dir, 'a.zip'), writeZip(files, new Date()));
      const listing = execFileSync('unzip', ['-t', join(dir, 'a.zip')], { encoding: 'utf8' });
      assert.match(listing, /No errors detected/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a DEFLATEd entry', () => {
    const zip = Buffer.from(writeZip([{ path: 'a.json', bytes: Buffer.from('{}') }], new Date()));
    const deflated = deflateRawSync(Buffer.from('{}'));
    assert.equal(deflated.length, 4);
    const rebuilt = Buffer.concat([zip.subarray(0, 36), deflated, zip.subarray(38)]);
    rebuilt.writeUInt16LE(8, 8);
    rebuilt.writeUInt32LE(4, 18);
    const central = rebuilt.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    rebuilt.writeUInt16LE(8, central + 10);
    rebuilt.writeUInt32LE(4, central + 20);
    const end = rebuilt.length - 22;
    rebuilt.writeUInt32LE(central, end + 16);
    assert.equal(Buffer.from(readZip(rebuilt)[0]!.bytes).toString(), '{}');
  });

  it('rejects a flipped byte in a file through its CRC-32', () => {
    const zip = Buffer.from(writeZip(files, new Date()));
    const at = 30 + 'archive/data.warc.gz'.length + 1;
    zip[at] = zip[at]! ^ 1;
    assert.throws(
      () => readZip(zip),
      (error: unknown) =>
        error instanceof CaptureError &&
        error.code === 'PACKAGE_INVALID' &&
        error.details['file'] === 'archive/data.warc.gz',
    );
  });

  it('rejects what is not a ZIP archive, and unsafe names', () => {
    assert.throws(() => readZip(Buffer.from('plain text, not a zip archive at all')), CaptureError);
    assert.throws(
      () => readZip(writeZip([{ path: '../escape', bytes: new Uint8Array(1) }], new Date())),
      /unsafe file name/,
    );
    const twice = writeZip([files[0]!, files[0]!], new Date());
    assert.throws(() => readZip(twice), /appears twice/);
  });
});

describe('readZip within its limits', () => {
  const hasCode = (code: string, limit?: string) => (error: unknown) =>
    error instanceof CaptureError &&
    error.code === code &&
    (limit === undefined || error.details['limit'] === limit);

  it('refuses more files than maxEntries before reading any', () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ path: `f${i}`, bytes: new Uint8Array(1) }));
    const zip = writeZip(many, new Date());
    assert.equal(readZip(zip, { ...DEFAULT_ZIP_LIMITS, maxEntries: 11 }).length, 11);
    assert.throws(
      () => readZip(zip, { ...DEFAULT_ZIP_LIMITS, maxEntries: 10 }),
      hasCode('ARCHIVE_TOO_MANY_ENTRIES'),
    );
  });

  it('refuses a file over maxEntryBytes and files over maxTotalBytes together', () => {
    const zip = writeZip(files, new Date());
    assert.throws(
      () => readZip(zip, { ...DEFAULT_ZIP_LIMITS, maxEntryBytes: 3 }),
      hasCode('ARCHIVE_TOO_LARGE', 'maxEntryBytes'),
    );
    assert.throws(
      () => readZip(zip, { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 20 }),
      hasCode('ARCHIVE_TOO_LARGE', 'maxTotalBytes'),
    );
  });

  it('refuses a deflate bomb by its declared ratio, and stops inflating one that understates its size', () => {
    const zeros = deflateZeros(4);
    const honest = writeDeflatedZip([
      { path: 'bomb', deflated: zeros.deflated, declaredBytes: zeros.inflatedBytes, crc: zeros.crc },
    ]);
    assert.throws(() => readZip(honest), hasCode('ARCHIVE_RATIO_TOO_HIGH'));
    const lying = writeDeflatedZip([
      { path: 'bomb', deflated: zeros.deflated, declaredBytes: 1000, crc: zeros.crc },
    ]);
    assert.throws(() => readZip(lying), hasCode('ARCHIVE_TOO_LARGE', 'declaredBytes'));
  });
});
