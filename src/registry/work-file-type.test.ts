import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseWorkFileType } from './work-file-type.ts';

describe('chooseWorkFileType', () => {
  it('sends listed images, audio and video as themselves', () => {
    assert.deepEqual(chooseWorkFileType({ mediaType: 'image', format: 'png' }), {
      contentType: 'image/png',
      preview: 'image',
    });
    assert.deepEqual(chooseWorkFileType({ mediaType: 'audio', format: 'mp3' }), {
      contentType: 'audio/mpeg',
      preview: 'audio',
    });
    assert.deepEqual(chooseWorkFileType({ mediaType: 'video', format: 'mp4' }), {
      contentType: 'video/mp4',
      preview: 'video',
    });
  });

  it('sends every text, HTML included, as text/plain', () => {
    for (const format of ['plain', 'html', 'markdown']) {
      assert.equal(
        chooseWorkFileType({ mediaType: 'text', format }).contentType,
        'text/plain; charset=utf-8',
      );
    }
  });

  it('makes anything off the list a download', () => {
    for (const [mediaType, format] of [
      ['image', 'tiff'],
      ['image', 'heif'],
      ['video', 'avi'],
      ['binary', 'mp4'],
      ['binary', 'unknown'],
    ] as const) {
      assert.deepEqual(chooseWorkFileType({ mediaType, format }), {
        contentType: 'application/octet-stream',
        preview: 'download',
      });
    }
  });
});
