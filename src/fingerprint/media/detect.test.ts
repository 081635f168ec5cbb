import assert from 'node:assert/strict';
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  haveTools,
  makeMedia,
  makeScratchDir,
  toolsInstalled,
} from '../../../test/fixtures/media/media-tools.ts';
import { FingerprintError } from '../errors.ts';
import { detectMediaType } from './detect.ts';
import { sniffMedia } from './sniff.ts';

function bytes(...parts: (string | number[])[]): Uint8Array {
  const out: number[] = [];
  for (const part of parts) {
    if (typeof part === 'string') for (const char of part) out.push(char.charCodeAt(0));
    else out.push(...part);
  }
  while (out.length < 512) out.push(0);
  return Uint8Array.from(out);
}

describe('sniffMedia', () => {
  it('recognises image, audio and video signatures', () => {
    const cases: [Uint8Array, string | undefined][] = [
      [bytes([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg'],
      [bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]), 'image/png'],
      [bytes('GIF89a'), 'image/gif'],
      [bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '), 'image/webp'],
      [bytes('II', [0x2a, 0]), 'image/tiff'],
      [bytes([0, 0, 0, 0x1c], 'ftypavif'), 'image/heif'],
      [bytes([0, 0, 0, 0x18], 'ftypheic'), 'image/heif'],
      [bytes('ID3', [4, 0]), 'audio/mp3'],
      [bytes([0xff, 0xfb, 0x90]), 'audio/mpeg-audio'],
      [bytes('fLaC'), 'audio/flac'],
      [bytes('OggS'), 'audio/ogg'],
      [bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt '), 'audio/wav'],
      [bytes('FORM', [0, 0, 0, 0], 'AIFF'), 'audio/aiff'],
      [bytes([0, 0, 0, 0x20], 'ftypM4A '), 'audio/m4a'],
      [bytes([0, 0, 0, 0x20], 'ftypisom'), 'video/mp4'],
      [bytes([0, 0, 0, 8], 'moov'), 'video/mov'],
      [bytes([0x1a, 0x45, 0xdf, 0xa3]), 'video/matroska'],
      [bytes('RIFF', [1, 2, 3, 4], 'AVI LIST'), 'video/avi'],
      [bytes('FLV', [1]), 'video/flv'],
      [bytes('hello world'), undefined],
      [bytes('%PDF-1.7'), undefined],
      [new Uint8Array(0), undefined],
    ];
    for (const [head, expected] of cases) {
      const sniffed = sniffMedia(head);
      assert.equal(sniffed === undefined ? undefined : `${sniffed.kind}/${sniffed.format}`, expected);
    }
  });
});

describe('detectMediaType', () => {
  let scratch: Awaited<ReturnType<typeof makeScratchDir>>;
  const files: Record<string, string> = {};
  before(async () => {
    scratch = await makeScratchDir('detect');
    if (!(await toolsInstalled(['ffmpeg', 'ffprobe']))) return;
    files.mp3 = await makeMedia(scratch.dir, 'tone.mp3', ['-f', 'lavfi', '-i', 'sine=d=1']);
    files.aacInMp4 = await makeMedia(scratch.dir, 'tone.mp4', [
      '-f',
      'lavfi',
      '-i',
      'sine=d=1',
      '-c:a',
      'aac',
    ]);
    files.mkv = await makeMedia(scratch.dir, 'clip.mkv', ['-f', 'lavfi', '-i', 'testsrc2=d=1:s=64x48']);
    files.mp3WithCover = await makeMedia(scratch.dir, 'cover.mp3', [
      ...[
        '-i',
        files.mp3,
        '-i',
        new URL('../../../test/fixtures/photos/coins.jpg', import.meta.url).pathname,
      ],
      ...['-map', '0', '-map', '1', '-c', 'copy', '-disposition:v', 'attached_pic'],
    ]);
  });
  after(() => scratch.remove());

  it('tells audio from video by the streams ffprobe finds, not by the container or extension', async (t) => {
    if (!(await haveTools(t, ['ffmpeg', 'ffprobe']))) return;
    const disguised = join(scratch.dir, 'song.jpg');
    await copyFile(files.mp3!, disguised);
    const found = async (path: string) => {
      const detection = await detectMediaType(path);
      return `${detection.mediaType}/${detection.format}`;
    };
    assert.equal(await found(disguised), 'audio/mp3');
    assert.equal(await found(files.aacInMp4!), 'audio/mp4');
    assert.equal(await found(files.mkv!), 'video/matroska');
    assert.equal(await found(files.mp3WithCover!), 'audio/mp3', 'a cover picture is not a video');
    const probe = (await detectMediaType(files.mkv!)).probe;
    assert.ok(probe !== undefined && Math.abs(probe.durationSeconds! - 1) < 0.1);
  });

  it('says AUDIO_INVALID or VIDEO_INVALID when a media signature hides something unreadable', async (t) => {
    if (!(await haveTools(t, ['ffprobe']))) return;
    const fakeMp3 = join(scratch.dir, 'fake.mp3');
    await writeFile(fakeMp3, Buffer.concat([Buffer.from('ID3'), Buffer.alloc(20, 0xff)]));
    await assert.rejects(detectMediaType(fakeMp3), (error: unknown) => {
      return (
        error instanceof FingerprintError &&
        error.code === 'AUDIO_INVALID' &&
        /looks like mp3/.test(error.message)
      );
    });
    const fakeMkv = join(scratch.dir, 'fake.mkv');
    await writeFile(fakeMkv, Uint8Array.of(0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3));
    await assert.rejects(detectMediaType(fakeMkv), (error: unknown) => {
      return error instanceof FingerprintError && error.code === 'VIDEO_INVALID';
    });
  });

  it('calls UTF-8 text text and anything else binary', async () => {
    const text = join(scratch.dir, 'notes.md');
    await writeFile(text, '# Notes\n\nSome *text*.\n');
    assert.deepEqual(await detectMediaType(text), { mediaType: 'text', format: 'markdown', size: 22 });
    const pdf = join(scratch.dir, 'doc.pdf');
    await writeFile(pdf, Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0, 0xff, 0xfe, 1, 2])]));
    assert.deepEqual(await detectMediaType(pdf), { mediaType: 'binary', format: 'unknown', size: 14 });
    const empty = join(scratch.dir, 'empty.txt');
    await writeFile(empty, '');
    assert.deepEqual(await detectMediaType(empty), { mediaType: 'binary', format: 'unknown', size: 0 });
  });
});
