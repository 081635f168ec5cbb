import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { checkCapturePackage, type CaptureVerificationReport } from './package-check.ts';
import { deflateZeros, writeDeflatedZip } from './test-support/zip-bomb.ts';
import { writeZip, type ZipFile } from './zip.ts';

const run = promisify(execFile);
const CHILD = new URL('./test-support/check-package-child.ts', import.meta.url).pathname;
/** Peak memory allowed to a child checking a bomb; a clean child checking nothing uses ~95 MiB. */
const MAX_CHILD_RSS_KIB = 256 << 10;

const sha256 = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

const CONTENT: ZipFile[] = [
  { path: 'archive/data.warc.gz', bytes: Buffer.from('WARC/1.1\r\nWARC-Type: response\r\n\r\n') },
  { path: 'indexes/index.cdx', bytes: Buffer.from('1,0,0,127)/ 20260101000000 {"status":"200"}\n') },
  { path: 'pages/pages.jsonl', bytes: Buffer.from('{"format":"json-pages-1.0"}\n') },
];

// A WACZ 1.1.1 package as the verifier reads it: every file listed with its hash in
// datapackage.json, and datapackage.json hashed in datapackage-digest.json.
function buildPackage(
  files: readonly ZipFile[],
  title = 'Fixture page',
): { files: ZipFile[]; datapackage: ZipFile } {
  const datapackage = {
    profile: 'data-package',
    wacz_version: '1.1.1',
    resources: files.map((file) => ({
      name: file.path,
      path: file.path,
      hash: sha256(file.bytes),
      bytes: file.bytes.length,
    })),
    sealchain: { requestedUrl: 'https://example.org/', title },
  };
  const datapackageFile = { path: 'datapackage.json', bytes: Buffer.from(JSON.stringify(datapackage)) };
  const digest = { path: 'datapackage.json', hash: sha256(datapackageFile.bytes) };
  return {
    datapackage: datapackageFile,
    files: [
      ...files,
      datapackageFile,
      { path: 'datapackage-digest.json', bytes: Buffer.from(JSON.stringify(digest)) },
    ],
  };
}

const failedChecks = (report: CaptureVerificationReport) =>
  report.checks.filter((check) => !check.ok).map((check) => ({ id: check.id, file: check.file }));

describe('checkCapturePackage against tampering that keeps the ZIP sound', () => {
  const modified = new Date('2026-05-06T07:08:09Z');

  it('verifies an untouched package', async () => {
    const report = await checkCapturePackage(writeZip(buildPackage(CONTENT).files, modified));
    assert.equal(report.ok, true, JSON.stringify(failedChecks(report)));
  });

  it('names a file changed after packaging even when the ZIP is rebuilt with its CRC-32 and size', async () => {
    const packaged = buildPackage(CONTENT).files;
    const changed = packaged.map((file) =>
      file.path === 'indexes/index.cdx'
        ? { path: file.path, bytes: Buffer.from(Buffer.from(file.bytes).toString().replace('200', '404')) }
        : file,
    );
    assert.equal(changed[1]!.bytes.length, CONTENT[1]!.bytes.length);
    const report = await checkCapturePackage(writeZip(changed, modified));
    assert.equal(report.ok, false);
    assert.deepEqual(failedChecks(report), [{ id: 'file', file: 'indexes/index.cdx' }]);
  });

  it('refuses an altered datapackage.json that no longer matches datapackage-digest.json', async () => {
    const original = buildPackage(CONTENT);
    const altered = buildPackage(CONTENT, 'A title the capture never had');
    const files = original.files.map((file) =>
      file.path === 'datapackage.json' ? altered.datapackage : file,
    );
    const report = await checkCapturePackage(writeZip(files, modified));
    assert.equal(report.ok, false);
    assert.deepEqual(failedChecks(report), [{ id: 'datapackage-digest', file: 'datapackage.json' }]);
    assert.equal(report.capture?.title, 'A title the capture never had');
  });
});

describe('checkCapturePackage against archive bombs', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sealchain-bomb-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function checkInChild(name: string, zip: Uint8Array) {
    const path = join(dir, name);
    await writeFile(path, zip);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', CHILD, path], { timeout: 120_000 });
    return JSON.parse(stdout) as {
      ok: boolean;
      failed: { id: string; details?: Record<string, unknown> }[];
      maxRssKiB: number;
    };
  }

  it('refuses a 1 MB package of 1 GiB of zeros by its ratio, in bounded memory', async () => {
    const zeros = deflateZeros(16);
    const files = [0, 1, 2, 3].map((i) => ({
      path: `archive/part${i}.warc`,
      deflated: zeros.deflated,
      declaredBytes: zeros.inflatedBytes,
      crc: zeros.crc,
    }));
    const zip = writeDeflatedZip(files);
    assert.ok(zip.length < 2 << 20 && files.length * zeros.inflatedBytes === 2 ** 30);
    const result = await checkInChild('honest.wacz', zip);
    assert.equal(result.ok, false);
    assert.equal(result.failed[0]?.details?.['code'], 'ARCHIVE_RATIO_TOO_HIGH');
    assert.ok(result.maxRssKiB < MAX_CHILD_RSS_KIB, `peak RSS ${result.maxRssKiB} KiB`);
  });

  it('stops inflating a file that declares 1 MiB but holds 512 MiB, in bounded memory', async () => {
    const zeros = deflateZeros(32);
    const zip = writeDeflatedZip([
      { path: 'archive/data.warc', deflated: zeros.deflated, declaredBytes: 1 << 20, crc: zeros.crc },
    ]);
    const result = await checkInChild('lying.wacz', zip);
    assert.equal(result.ok, false);
    assert.equal(result.failed[0]?.details?.['code'], 'ARCHIVE_TOO_LARGE');
    assert.equal(result.failed[0]?.details?.['limit'], 'declaredBytes');
    assert.ok(result.maxRssKiB < MAX_CHILD_RSS_KIB, `peak RSS ${result.maxRssKiB} KiB`);
  });
});
