import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { isSealchainError } from '../src/errors/index.ts';
import { BlobStore } from '../src/store/blob-store.ts';

function hasCode(code: string) {
  return (error: unknown) => isSealchainError(error) && error.code === code;
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('BlobStore', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sealchain-blobs-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('stores content under sha256/ab/cd/<hex> and streams it back', async () => {
    const store = new BlobStore({ rootDir: root });
    const content = new Uint8Array(200_000).map((_, i) => (i * 31) & 255);
    const stored = await store.writeBlob(chunksOf(content, 4096));
    const hex = sha256Hex(content);
    assert.deepEqual(stored, { sha256: hex, sizeBytes: content.length, created: true });
    const path = join(root, 'sha256', hex.slice(0, 2), hex.slice(2, 4), hex);
    assert.deepEqual(new Uint8Array(readFileSync(path)), content);
    assert.deepEqual(new Uint8Array(await buffer(await store.openBlobStream(hex))), content);
    assert.deepEqual(await store.statBlob(hex), { sizeBytes: content.length });
  });

  it('keeps one copy of identical content and reports the second write as not created', async () => {
    const store = new BlobStore({ rootDir: root });
    const content = new TextEncoder().encode('the same evidence twice');
    await store.writeBlob(chunksOf(content, 5));
    const second = await store.writeBlob(Readable.from([Buffer.from(content)]));
    assert.equal(second.created, false);
    assert.equal(listFiles(root).length, 1);
  });

  it('aborts at the size limit and leaves no file behind', async () => {
    const store = new BlobStore({ rootDir: root, maxBlobBytes: 10_000 });
    let pulled = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      for (;;) {
        pulled++;
        yield new Uint8Array(1000);
      }
    }
    await assert.rejects(store.writeBlob(endless()), hasCode('BLOB_TOO_LARGE'));
    assert.equal(pulled, 11, 'the write stops at the first chunk past the limit');
    assert.deepEqual(listFiles(root), []);
  });

  it('accepts a blob of exactly the size limit', async () => {
    const store = new BlobStore({ rootDir: root, maxBlobBytes: 4096 });
    const stored = await store.writeBlob(chunksOf(new Uint8Array(4096).fill(7), 1000));
    assert.equal(stored.sizeBytes, 4096);
  });

  it('stores nothing when the source fails part-way', async () => {
    const store = new BlobStore({ rootDir: root });
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(100);
      throw new Error('connection reset');
    }
    await assert.rejects(store.writeBlob(failing()), hasCode('BLOB_WRITE_FAILED'));
    assert.deepEqual(listFiles(root), []);
  });

  it('rejects content that does not hash to the expected digest and stores nothing', async () => {
    const store = new BlobStore({ rootDir: root });
    const expected = sha256Hex(new TextEncoder().encode('promised'));
    await assert.rejects(
      store.writeBlob(chunksOf(new TextEncoder().encode('delivered'), 3), { expectedSha256: expected }),
      (error: unknown) =>
        hasCode('BLOB_DIGEST_MISMATCH')(error) &&
        (error as { details: Record<string, unknown> }).details.expectedSha256 === expected,
    );
    assert.deepEqual(listFiles(root), []);
  });

  it('refuses addresses that are not 64 lower-case hex digits before touching the disk', async () => {
    const store = new BlobStore({ rootDir: root });
    for (const address of ['../../etc/passwd', 'A'.repeat(64), 'ab'.repeat(31), `${'0'.repeat(63)}/`]) {
      await assert.rejects(store.openBlobStream(address), hasCode('BLOB_ADDRESS_INVALID'), address);
      assert.throws(() => store.locateBlob(address), hasCode('BLOB_ADDRESS_INVALID'));
    }
  });

  it('reports a missing blob as BLOB_NOT_FOUND', async () => {
    const store = new BlobStore({ rootDir: root });
    await assert.rejects(store.openBlobStream('0'.repeat(64)), hasCode('BLOB_NOT_FOUND'));
    assert.equal(await store.statBlob('0'.repeat(64)), undefined);
  });

  it('rejects an unknown option key', () => {
    assert.throws(
      () => new BlobStore({ rootDir: root, maxBytes: 1 } as never),
      hasCode('STORE_OPTIONS_INVALID'),
    );
  });
});
