import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeEntryBundle, encodeEntryBundle, MAX_ENTRY_SIZE_BYTES } from './entry-bundle.ts';
import { MerkleError } from './errors.ts';
import { createPrng } from './test-support/prng.ts';

function expectInvalid(run: () => unknown): void {
  assert.throws(
    run,
    (error: unknown) => error instanceof MerkleError && error.code === 'ENTRY_BUNDLE_INVALID',
  );
}

describe('entry bundles', () => {
  it('prefix each entry with its big-endian uint16 length', () => {
    const bundle = encodeEntryBundle([Uint8Array.of(1, 2), new Uint8Array(0), new Uint8Array(0x1234)]);
    assert.deepEqual(bundle.subarray(0, 8), Uint8Array.of(0, 2, 1, 2, 0, 0, 0x12, 0x34));
    assert.equal(bundle.length, 8 + 0x1234);
    assert.deepEqual(decodeEntryBundle(Uint8Array.of(0, 1, 9, 0, 0)), [Uint8Array.of(9), new Uint8Array(0)]);
  });

  it('round-trip random bundles of 1 to 256 entries, including a 65,535-byte entry', () => {
    const prng = createPrng(50);
    for (let run = 0; run < 300; run++) {
      const count = run === 0 ? 256 : 1 + prng.nextInt(256);
      const entries = Array.from({ length: count }, () => prng.fill(new Uint8Array(prng.nextInt(300))));
      if (run === 1) entries[0] = prng.fill(new Uint8Array(MAX_ENTRY_SIZE_BYTES));
      const decoded = decodeEntryBundle(encodeEntryBundle(entries), count);
      assert.deepEqual(decoded, entries);
    }
  });

  it('refuse to encode no entries, more than 256, or an entry above 65,535 bytes', () => {
    expectInvalid(() => encodeEntryBundle([]));
    expectInvalid(() => encodeEntryBundle(Array.from({ length: 257 }, () => new Uint8Array(1))));
    expectInvalid(() => encodeEntryBundle([new Uint8Array(MAX_ENTRY_SIZE_BYTES + 1)]));
    expectInvalid(() => encodeEntryBundle(['text'] as unknown as Uint8Array[]));
    expectInvalid(() => encodeEntryBundle('text' as unknown as Uint8Array[]));
  });

  it('reject a truncated length, a truncated entry, an empty bundle and a wrong count', () => {
    const good = encodeEntryBundle([Uint8Array.of(1, 2, 3), Uint8Array.of(4)]);
    expectInvalid(() => decodeEntryBundle(new Uint8Array(0)));
    expectInvalid(() => decodeEntryBundle(Uint8Array.of(0)));
    expectInvalid(() => decodeEntryBundle(good.subarray(0, good.length - 1)));
    expectInvalid(() => decodeEntryBundle(good.subarray(0, 6)));
    expectInvalid(() => decodeEntryBundle(Uint8Array.of(0xff, 0xff, 1)));
    expectInvalid(() => decodeEntryBundle(good, 3));
    expectInvalid(() => decodeEntryBundle(new Uint8Array(2 * 257)));
    expectInvalid(() => decodeEntryBundle('bundle' as unknown as Uint8Array));
    assert.equal(decodeEntryBundle(new Uint8Array(2 * 256), 256).length, 256);
  });

  it('survive 100,000 random and mutated bundles, accepting only canonical encodings', () => {
    const prng = createPrng(51);
    const seeds = [
      encodeEntryBundle([Uint8Array.of(1, 2, 3), Uint8Array.of(4)]),
      encodeEntryBundle(Array.from({ length: 40 }, (_, i) => new Uint8Array(i))),
      encodeEntryBundle([new Uint8Array(300)]),
    ];
    let accepted = 0;
    for (let run = 0; run < 100_000; run++) {
      let bundle: Uint8Array;
      if (run % 2 === 0) {
        bundle = prng.fill(new Uint8Array(prng.nextInt(12)));
        if (prng.nextInt(2) === 0 && bundle.length > 0) bundle[0] = 0;
      } else {
        const seed = seeds[prng.nextInt(seeds.length)]!;
        const cut = prng.nextInt(4) === 0 ? prng.nextInt(seed.length + 1) : seed.length;
        bundle = seed.slice(0, cut);
        const at = prng.nextInt(bundle.length);
        if (bundle.length > 0) bundle[at] = bundle[at]! ^ (1 << prng.nextInt(8));
      }
      try {
        const entries = decodeEntryBundle(bundle);
        assert.deepEqual(encodeEntryBundle(entries), bundle);
        accepted++;
      } catch (error) {
        if (!(error instanceof MerkleError) || error.code !== 'ENTRY_BUNDLE_INVALID') throw error;
      }
    }
    assert.ok(accepted > 1000, `only ${accepted} bundles were valid`);
  });
});
