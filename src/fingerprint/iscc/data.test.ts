import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { FingerprintError } from '../errors.ts';
import { DataCodeHasher, generateDataCode } from './data.ts';
import { isccHammingDistance } from './similarity.ts';

function seededBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

function* pieces(data: Uint8Array, seed: number): Generator<Uint8Array> {
  let state = seed;
  for (let offset = 0; offset < data.length;) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const size = 1 + (state % 50_000);
    yield data.subarray(offset, offset + size);
    offset += size;
  }
}

describe('generateDataCode', () => {
  const data = seededBytes(1_000_000, 11);

  it('gives the same code whole, in random pieces, from an async iterable and from a Node stream', async () => {
    const whole = await generateDataCode(data, 256);
    assert.deepEqual(await generateDataCode(pieces(data, 1), 256), whole);
    assert.deepEqual(await generateDataCode(Readable.from(pieces(data, 2)), 256), whole);
    async function* slowly(): AsyncGenerator<Uint8Array> {
      for (const piece of pieces(data, 3)) yield piece;
    }
    assert.deepEqual(await generateDataCode(slowly(), 256), whole);
  });

  it('stays close when a few bytes in the middle change', async () => {
    const edited = data.slice();
    edited.fill(0, 500_000, 500_100);
    const distance = isccHammingDistance(
      (await generateDataCode(data, 256)).iscc,
      (await generateDataCode(edited, 256)).iscc,
    );
    assert.ok(distance < 16, `distance ${distance}`);
  });

  it('turns a failing source into FILE_UNREADABLE and a string chunk into ISCC_INPUT_INVALID', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(10);
      throw new Error('disk gone');
    }
    await assert.rejects(generateDataCode(failing()), (error) => {
      return (
        error instanceof FingerprintError &&
        error.code === 'FILE_UNREADABLE' &&
        (error.cause as Error).message === 'disk gone'
      );
    });
    await assert.rejects(
      generateDataCode(Readable.from(['text'])),
      (error) => error instanceof FingerprintError && error.code === 'ISCC_INPUT_INVALID',
    );
    await assert.rejects(
      generateDataCode(42 as never),
      (error) => error instanceof FingerprintError && error.code === 'ISCC_INPUT_INVALID',
    );
    await assert.rejects(
      generateDataCode(data, 100),
      (error) => error instanceof FingerprintError && error.code === 'ISCC_INPUT_INVALID',
    );
  });

  it('refuses more input after the digest was taken', () => {
    const hasher = new DataCodeHasher().update(new Uint8Array(3));
    hasher.digest();
    assert.throws(() => hasher.update(new Uint8Array(1)), FingerprintError);
  });
});
