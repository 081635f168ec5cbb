import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_MEDIA_OPTIONS, resolveMediaOptions } from './options.ts';

describe('resolveMediaOptions', () => {
  it('fills every option from the defaults', () => {
    assert.deepEqual(resolveMediaOptions(), {
      ...DEFAULT_MEDIA_OPTIONS,
      toolPaths: { ...DEFAULT_MEDIA_OPTIONS.toolPaths },
    });
  });

  it('keeps the default tool paths a caller does not override', () => {
    const options = resolveMediaOptions({ toolPaths: { fpcalc: '/opt/chromaprint/fpcalc' } });
    assert.deepEqual(options.toolPaths, {
      ffmpeg: 'ffmpeg',
      ffprobe: 'ffprobe',
      fpcalc: '/opt/chromaprint/fpcalc',
    });
  });

  it('rejects a misspelt option instead of ignoring it', () => {
    assert.throws(
      () => resolveMediaOptions({ imageMaxPixel: 5 } as never),
      /unknown media option imageMaxPixel/,
    );
    assert.throws(
      () => resolveMediaOptions({ toolPaths: { ffmpg: 'x' } as never }),
      /unknown media tool ffmpg/,
    );
  });

  it('rejects limits that are not positive integers', () => {
    for (const value of [0, -1, 1.5, Number.NaN, '10' as never]) {
      assert.throws(
        () => resolveMediaOptions({ imageMaxPixels: value }),
        /imageMaxPixels must be a positive integer/,
      );
    }
    assert.throws(
      () => resolveMediaOptions({ imageTrimBorder: 'yes' as never }),
      /imageTrimBorder must be a boolean/,
    );
  });
});
