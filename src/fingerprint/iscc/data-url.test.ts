import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FingerprintError } from '../errors.ts';
import { parseDataUrl } from './data-url.ts';

describe('parseDataUrl', () => {
  it('decodes base64 data and keeps the media type with its parameters', () => {
    assert.deepEqual(parseDataUrl('data:application/json;charset=utf-8;base64,eyJhIjoxfQ=='), {
      mediaType: 'application/json;charset=utf-8',
      payload: new TextEncoder().encode('{"a":1}'),
    });
  });

  it('percent-decodes data without ;base64', () => {
    assert.deepEqual(parseDataUrl('data:,a%20b%E2%98%83é').payload, new TextEncoder().encode('a b☃é'));
  });

  it('rejects text that is not a data URL, a missing comma, bad base64 and bad escapes', () => {
    for (const url of ['{"a":1}', 'data:text/plain', 'data:;base64,eyJ', 'data:;base64,e y==', 'data:,%zz']) {
      assert.throws(
        () => parseDataUrl(url),
        (error) => error instanceof FingerprintError && error.code === 'ISCC_INPUT_INVALID',
        url,
      );
    }
  });
});
