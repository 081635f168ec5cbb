import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  haveTools,
  listDir,
  makeMedia,
  makeScratchDir,
  melodyExpression,
  toolsInstalled,
} from '../../../test/fixtures/media/media-tools.ts';
import { FingerprintError } from '../errors.ts';
import { decomposeIscc, generateDataCode, generateInstanceCode } from '../iscc/index.ts';
import { pdqFromImageFile } from '../pdq/image-file.ts';
import { hashFile } from './file-hashes.ts';
import { fingerprintFile } from './fingerprint-file.ts';

const PHOTO = new URL('../../../test/fixtures/photos/chelsea.jpg', import.meta.url).pathname;
const ARTICLE = new URL('../../../test/fixtures/media/article.html', import.meta.url).pathname;

function isFingerprintError(code: string) {
  return (error: unknown) => {
    assert.ok(error instanceof FingerprintError, `expected FingerprintError ${code}, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.doesNotMatch(error.message, /\n/, 'one line');
    return true;
  };
}

async function sha256Of(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

describe('fingerprintFile', () => {
  let scratch: Awaited<ReturnType<typeof makeScratchDir>>;
  let tempDir: string;
  const media: Record<string, string> = {};
  before(async () => {
    scratch = await makeScratchDir('fingerprint');
    tempDir = join(scratch.dir, 'tmp');
    await mkdir(tempDir);
    if (!(await toolsInstalled(['ffmpeg', 'ffprobe', 'fpcalc']))) return;
    media.audio = await makeMedia(scratch.dir, 'melody.mp3', ['-f', 'lavfi', '-i', melodyExpression(5, 220)]);
    media.video = await makeMedia(scratch.dir, 'clip.mp4', [
      ...['-f', 'lavfi', '-i', 'testsrc2=d=3:s=320x240:r=25', '-pix_fmt', 'yuv420p', '-g', '25'],
    ]);
  });
  after(() => scratch.remove());

  it('gives an image its instance, data and image codes, the ISCC-CODE of the three, and PDQ', async () => {
    const result = await fingerprintFile(PHOTO, { tempDir });
    assert.equal(result.mediaType, 'image');
    assert.equal(result.format, 'jpeg');
    assert.equal(result.instance.sha256, await sha256Of(PHOTO));
    assert.match(result.instance.iscc, /^ISCC:IA/);
    assert.match(result.data.iscc, /^ISCC:GA/);
    assert.equal(result.content?.kind, 'image');
    assert.match(result.content.iscc, /^ISCC:EE/);
    assert.deepEqual(decomposeIscc(result.iscc), [
      result.content.iscc,
      result.data.iscc,
      result.instance.iscc,
    ]);
    const pdq = await pdqFromImageFile(PHOTO);
    assert.deepEqual(result.pdq, { hash: pdq.hashHex, quality: pdq.quality });
    assert.equal(result.keyframes, undefined);
  });

  it('finds the media type from the content, whatever the extension says', async () => {
    const disguised = join(scratch.dir, 'photo.txt');
    await copyFile(PHOTO, disguised);
    const original = await fingerprintFile(PHOTO);
    assert.deepEqual(await fingerprintFile(disguised), original);
    const page = join(scratch.dir, 'page.mp4');
    await copyFile(ARTICLE, page);
    const text = await fingerprintFile(page, { tempDir });
    assert.deepEqual([text.mediaType, text.format, text.content?.kind], ['text', 'html', 'text']);
  });

  it('gives audio an audio code and video a video code with keyframe PDQs', async (t) => {
    if (!(await haveTools(t, ['ffmpeg', 'ffprobe', 'fpcalc']))) return;
    const audio = await fingerprintFile(media.audio!, { tempDir });
    assert.deepEqual([audio.mediaType, audio.format, audio.content?.kind], ['audio', 'mp3', 'audio']);
    assert.match(audio.content!.iscc, /^ISCC:EI/);
    assert.equal(audio.pdq, undefined);
    const video = await fingerprintFile(media.video!, { tempDir });
    assert.deepEqual([video.mediaType, video.format, video.content?.kind], ['video', 'mp4', 'video']);
    assert.match(video.content!.iscc, /^ISCC:EM/);
    assert.deepEqual(
      video.keyframes?.map((frame) => frame.timeSeconds),
      [0, 1, 2],
    );
    assert.deepEqual(decomposeIscc(video.iscc), [video.content!.iscc, video.data.iscc, video.instance.iscc]);
    assert.deepEqual(await listDir(tempDir), []);
  });

  it('gives other data instance and data codes only, in an ISCC-CODE of the two', async () => {
    const path = join(scratch.dir, 'blob.bin');
    await writeFile(path, randomBytes(5000));
    const result = await fingerprintFile(path);
    assert.deepEqual([result.mediaType, result.format, result.content], ['binary', 'unknown', null]);
    assert.deepEqual(decomposeIscc(result.iscc), [result.data.iscc, result.instance.iscc]);
  });

  it('gives a page without visible text, or a text past the limit, no content code', async () => {
    const page = join(scratch.dir, 'gallery.html');
    await writeFile(page, '<!doctype html><html><body><img src="a.jpg"><script>x()</script></body></html>');
    const gallery = await fingerprintFile(page);
    assert.deepEqual([gallery.mediaType, gallery.format, gallery.content], ['text', 'html', null]);
    const large = await fingerprintFile(ARTICLE, { textMaxBytes: 100 });
    assert.equal(large.content, null);
    assert.deepEqual(decomposeIscc(large.iscc), [large.data.iscc, large.instance.iscc]);
    const latin1 = join(scratch.dir, 'latin1.txt');
    await writeFile(latin1, Buffer.concat([Buffer.alloc(70_000, 0x61), Buffer.from([0xe9])]));
    await assert.rejects(fingerprintFile(latin1), isFingerprintError('TEXT_INVALID'));
  });

  it('handles paths with spaces, a leading dash, quotes, shell syntax, protocol names and non-ASCII letters', async (t) => {
    if (!(await haveTools(t, ['ffmpeg', 'ffprobe', 'fpcalc']))) return;
    const copies: [string, string][] = [
      [media.video!, '-i leading dash |pipe:1 file:x.mp4'],
      [media.audio!, `quote's "and" $(touch x);.mp3`],
      [media.audio!, 'http:'],
      [PHOTO, '视频 file:name.jpg'],
    ];
    const expected = new Map<string, unknown>();
    for (const [source, name] of copies) {
      if (!expected.has(source)) expected.set(source, await fingerprintFile(source, { tempDir }));
      const path = join(scratch.dir, name);
      await copyFile(source, path);
      assert.deepEqual(await fingerprintFile(path, { tempDir }), expected.get(source), name);
    }
    const relative = join('.', 'test', 'fixtures', 'photos', 'chelsea.jpg');
    assert.equal((await fingerprintFile(relative)).mediaType, 'image');
    assert.deepEqual(await listDir(tempDir), []);
  });

  it('gives clear one-line errors for hostile files and leaves nothing in the temp dir', async (t) => {
    if (!(await haveTools(t, ['ffmpeg', 'ffprobe', 'fpcalc']))) return;
    const write = async (name: string, bytes: Uint8Array | string) => {
      const path = join(scratch.dir, name);
      await writeFile(path, bytes);
      return path;
    };
    const jpeg = await readFile(PHOTO);
    const mp4 = await readFile(media.video!);
    const mp3 = await readFile(media.audio!);
    const cases: [string, string][] = [
      [await write('empty.jpg', ''), 'FILE_EMPTY'],
      [await write('cut.jpg', jpeg.subarray(0, 3000)), 'IMAGE_INVALID'],
      [await write('cut.mp4', mp4.subarray(0, 2000)), 'VIDEO_INVALID'],
      [await write('header-only.mp3', mp3.subarray(0, 10)), 'AUDIO_INVALID'],
      [
        await write('fake.png', Buffer.concat([jpeg.subarray(0, 4), Buffer.from('not really')])),
        'IMAGE_INVALID',
      ],
      [join(scratch.dir, 'missing.jpg'), 'FILE_UNREADABLE'],
      [scratch.dir, 'FILE_UNREADABLE'],
    ];
    for (const [path, code] of cases) {
      await assert.rejects(fingerprintFile(path, { tempDir }), isFingerprintError(code), path);
    }
    const nul = await fingerprintFile(await write('nul.txt', 'text\u0000with a NUL'), { tempDir });
    assert.deepEqual([nul.mediaType, nul.content], ['binary', null], 'text with a NUL byte is binary data');
    assert.deepEqual(await listDir(tempDir), []);
  });
});

describe('hashFile', () => {
  it('streams to the same codes and SHA-256 as hashing the bytes whole', async () => {
    const scratch = await makeScratchDir('hash-file');
    try {
      const bytes = randomBytes(3 * 1024 * 1024 + 12345);
      const path = join(scratch.dir, 'big.bin');
      await writeFile(path, bytes);
      const hashes = await hashFile(path);
      assert.equal(hashes.size, bytes.length);
      assert.equal(hashes.sha256, createHash('sha256').update(bytes).digest('hex'));
      assert.equal(hashes.instanceCode, (await generateInstanceCode(new Uint8Array(bytes))).iscc);
      assert.equal(hashes.dataCode, (await generateDataCode(new Uint8Array(bytes))).iscc);
    } finally {
      await scratch.remove();
    }
  });
});
