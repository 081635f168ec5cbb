import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MerkleError } from './errors.ts';
import { createPrng } from './test-support/prng.ts';
import { formatEntryBundlePath, formatTilePath, parseEntryBundlePath, parseTilePath } from './tile-path.ts';
import type { TileId } from './tile-math.ts';

function expectInvalid(run: () => unknown, label: string): void {
  assert.throws(
    run,
    (error: unknown) => error instanceof MerkleError && error.code === 'TILE_PATH_INVALID',
    `accepted ${label}`,
  );
}

describe('tile paths', () => {
  it('encode the index in 3-digit groups with all but the last prefixed by x', () => {
    assert.equal(formatTilePath({ level: 0, index: 1_234_067, width: 256 }), 'tile/0/x001/x234/067');
    assert.equal(formatTilePath({ level: 1, index: 0, width: 17 }), 'tile/1/000.p/17');
    assert.equal(formatTilePath({ level: 2, index: 999, width: 256 }), 'tile/2/999');
    assert.equal(formatTilePath({ level: 0, index: 1000, width: 1 }), 'tile/0/x001/000.p/1');
    assert.equal(formatEntryBundlePath({ index: 273, width: 112 }), 'tile/entries/273.p/112');
    assert.equal(formatEntryBundlePath({ index: 1_234_067, width: 256 }), 'tile/entries/x001/x234/067');
    assert.deepEqual(parseTilePath('tile/0/x001/x234/067'), { level: 0, index: 1_234_067, width: 256 });
    assert.deepEqual(parseTilePath('tile/6/000.p/31'), { level: 6, index: 0, width: 31 } satisfies TileId);
    assert.deepEqual(parseEntryBundlePath('tile/entries/x001/000.p/255'), { index: 1000, width: 255 });
  });

  it('round-trip every tile a tree of up to 2^53-1 leaves can have', () => {
    const prng = createPrng(40);
    let checked = 0;
    for (let run = 0; run < 20_000; run++) {
      const level = prng.nextInt(7);
      const width = run % 2 === 0 ? 256 : 1 + prng.nextInt(255);
      const maxIndex = Math.floor((Math.floor(Number.MAX_SAFE_INTEGER / 256 ** level) - width) / 256);
      if (maxIndex < 0) continue;
      const index =
        run % 4 === 0 ? Math.min(maxIndex, prng.nextInt(1000)) : Math.floor(prng.next() * (maxIndex + 1));
      const tile = { level, index, width };
      checked++;
      assert.deepEqual(parseTilePath(formatTilePath(tile)), tile);
      if (level === 0)
        assert.deepEqual(parseEntryBundlePath(formatEntryBundlePath({ index, width })), { index, width });
    }
    assert.ok(checked > 15_000);
    const last = {
      level: 0,
      index: Math.floor(Number.MAX_SAFE_INTEGER / 256),
      width: Number.MAX_SAFE_INTEGER % 256,
    };
    assert.deepEqual(parseTilePath(formatTilePath(last)), last);
    expectInvalid(() => formatTilePath({ ...last, width: last.width + 1 }), 'one leaf past 2^53-1');
  });

  it('rejects every spelling but the canonical one', () => {
    const bad = [
      '',
      'tile',
      'tile/',
      'tile/0',
      'tile/0/',
      'tile/0/1',
      'tile/0/01',
      'tile/0/0001',
      'tile/00/000',
      'tile/01/000',
      'tile/64/000',
      'tile/-1/000',
      'tile/+1/000',
      'tile/0/-01',
      'tile/0/x000/001',
      'tile/0/x001/x000',
      'tile/0/001/002',
      'tile/0/X001/002',
      'tile/0/x001x/002',
      'tile/0/000.p/0',
      'tile/0/000.p/256',
      'tile/0/000.p/007',
      'tile/0/000.p/',
      'tile/0/000.p',
      'tile/0/000.P/1',
      'tile/0/000.p/1/',
      'tile/0/000/',
      '/tile/0/000',
      'tile//0/000',
      'tile/0/000 ',
      ' tile/0/000',
      'tile/0/000\n',
      'tile/0/../000',
      'tile/0/x001/../000',
      'tile/../tile/0/000',
      'tile/./0/000',
      'tile\\0\\000',
      'tile/0/%30%30%30',
      'tile/0/٠٠٠',
      'tile/0/x009/x007/x199/x254/x740/992',
      'tile/0/x009/x007/x199/x254/x740/991',
      'tile/0/x001/x002/x003/x004/x005/x006/007',
      'tile/7/000',
      'tile/63/000.p/1',
      'tile/6/000.p/32',
      'tile/6/x001/000',
      'tile/entries/000',
      'tile/0/000' + 'x'.repeat(100),
    ];
    for (const path of bad) expectInvalid(() => parseTilePath(path), JSON.stringify(path));
    const badEntries = [
      'tile/entries/0',
      'tile/entries/000.p/256',
      'tile/entries/x000/000',
      'tile/entries/000/',
      'tile/entries/../000',
      'tile/0/000',
      'tile/entries/x009/x007/x199/x254/x740/992',
      'tile/entries/x035/x184/x372/x088/831',
    ];
    for (const path of badEntries) expectInvalid(() => parseEntryBundlePath(path), JSON.stringify(path));
    for (const value of [undefined, null, 7, {}, ['tile/0/000']]) {
      expectInvalid(() => parseTilePath(value as unknown as string), String(value));
      expectInvalid(() => parseEntryBundlePath(value as unknown as string), String(value));
    }
  });

  it('refuses to format a tile that cannot exist', () => {
    const bad: TileId[] = [
      { level: 0, index: 0, width: 0 },
      { level: 0, index: 0, width: 257 },
      { level: 0, index: 0, width: 1.5 },
      { level: -1, index: 0, width: 1 },
      { level: 64, index: 0, width: 1 },
      { level: 0, index: -1, width: 1 },
      { level: 0, index: 0.5, width: 1 },
      { level: 0, index: 2 ** 53, width: 1 },
      { level: 7, index: 0, width: 1 },
    ];
    for (const tile of bad) expectInvalid(() => formatTilePath(tile), JSON.stringify(tile));
    expectInvalid(() => formatEntryBundlePath({ index: 0, width: 0 }), 'width 0');
    expectInvalid(() => formatTilePath(null as unknown as TileId), 'null');
  });

  it('survives 100,000 random and mutated paths, accepting only canonical ones', () => {
    const prng = createPrng(41);
    const alphabet = 'tile/entries0123456789x.p/\\%-+ \u0000٠';
    const seeds = ['tile/0/x001/x234/067', 'tile/1/000.p/17', 'tile/entries/x001/000.p/3', 'tile/5/x012/345'];
    let accepted = 0;
    for (let run = 0; run < 100_000; run++) {
      let path: string;
      if (run % 2 === 0) {
        path = '';
        const length = prng.nextInt(40);
        for (let i = 0; i < length; i++) path += alphabet[prng.nextInt(alphabet.length)];
      } else {
        path = seeds[prng.nextInt(seeds.length)]!;
        for (let edits = 1 + prng.nextInt(3); edits > 0; edits--) {
          const at = prng.nextInt(path.length + 1);
          const char = alphabet[prng.nextInt(alphabet.length)]!;
          const op = prng.nextInt(3);
          path =
            op === 0
              ? path.slice(0, at) + char + path.slice(at)
              : op === 1
                ? path.slice(0, at) + path.slice(at + 1)
                : path.slice(0, at) + char + path.slice(at + 1);
        }
      }
      const roundTrips = [
        () => formatTilePath(parseTilePath(path)),
        () => formatEntryBundlePath(parseEntryBundlePath(path)),
      ];
      for (const roundTrip of roundTrips) {
        try {
          assert.equal(roundTrip(), path, 'a parsed path is its canonical spelling');
          accepted++;
        } catch (error) {
          if (!(error instanceof MerkleError) || error.code !== 'TILE_PATH_INVALID') throw error;
        }
      }
    }
    assert.ok(accepted > 100, `only ${accepted} valid paths were generated`);
  });
});
