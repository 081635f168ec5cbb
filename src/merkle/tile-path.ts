import { MerkleError } from './errors.ts';
import { TILE_WIDTH, type TileId } from './tile-math.ts';

// C2SP tlog-tiles paths (https://c2sp.org/tlog-tiles#merkle-tree):
//   tile/<L>/<N>[.p/<W>]  and  tile/entries/<N>[.p/<W>]
// <L> 0..63 and <W> 1..255 without leading zeroes; <N> in 3-digit groups, all but the last
// prefixed with "x" (1234067 is x001/x234/067). Only the one canonical spelling is accepted.

/** An entry bundle: the entries of level-0 tile `index`; `width` 256 for a full bundle. */
export interface EntryBundleId {
  readonly index: number;
  readonly width: number;
}

const MAX_TILE_LEVEL = 63;
const MAX_PATH_LENGTH = 64;
const TILE_PATH_PATTERN =
  /^tile\/(0|[1-9][0-9]?)\/((?:x[0-9]{3}\/){0,5}[0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/;
const ENTRIES_PATH_PATTERN = /^tile\/entries\/((?:x[0-9]{3}\/){0,5}[0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/;

function invalidPath(message: string, path: unknown): MerkleError {
  return new MerkleError('TILE_PATH_INVALID', message, {
    details: { path: typeof path === 'string' ? path.slice(0, MAX_PATH_LENGTH * 2) : String(typeof path) },
  });
}

function checkTileId(level: number, index: number, width: number, path: unknown): void {
  if (!Number.isInteger(level) || level < 0 || level > MAX_TILE_LEVEL) {
    throw invalidPath(`tile level must be an integer from 0 to ${MAX_TILE_LEVEL}`, path);
  }
  if (!Number.isSafeInteger(index) || index < 0) {
    throw invalidPath('tile index must be an integer from 0 to 2^53-1', path);
  }
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) {
    throw invalidPath(`tile width must be an integer from 1 to ${TILE_WIDTH}`, path);
  }
  if ((index * TILE_WIDTH + width) * TILE_WIDTH ** level > Number.MAX_SAFE_INTEGER) {
    throw invalidPath('the tile lies beyond the largest supported tree, 2^53-1 leaves', path);
  }
}

function formatIndex(index: number): string {
  let digits = String(index);
  digits = digits.padStart(Math.ceil(digits.length / 3) * 3, '0');
  const groups: string[] = [];
  for (let i = 0; i < digits.length; i += 3) groups.push(digits.slice(i, i + 3));
  return groups.map((group, i) => (i < groups.length - 1 ? `x${group}` : group)).join('/');
}

function formatWidth(width: number): string {
  return width === TILE_WIDTH ? '' : `.p/${width}`;
}

export function formatTilePath(tile: TileId): string {
  checkTileId(tile?.level, tile?.index, tile?.width, undefined);
  return `tile/${tile.level}/${formatIndex(tile.index)}${formatWidth(tile.width)}`;
}

export function formatEntryBundlePath(bundle: EntryBundleId): string {
  checkTileId(0, bundle?.index, bundle?.width, undefined);
  return `tile/entries/${formatIndex(bundle.index)}${formatWidth(bundle.width)}`;
}

function parseIndexAndWidth(
  path: string,
  indexText: string,
  widthText: string | undefined,
): { index: number; width: number } {
  const index = Number(indexText.replaceAll('x', '').replaceAll('/', ''));
  const width = widthText === undefined ? TILE_WIDTH : Number(widthText);
  if (!Number.isSafeInteger(index)) throw invalidPath('tile index must be at most 2^53-1', path);
  if (widthText !== undefined && width >= TILE_WIDTH)
    throw invalidPath('a partial tile has a width from 1 to 255', path);
  if (formatIndex(index) !== indexText) {
    throw invalidPath('tile index is not in its canonical form (no leading zero groups)', path);
  }
  return { index, width };
}

/** Parses `tile/<L>/<N>[.p/<W>]` strictly; TILE_PATH_INVALID for any other spelling. */
export function parseTilePath(path: string): TileId {
  if (typeof path !== 'string' || path.length > MAX_PATH_LENGTH) throw invalidPath('not a tile path', path);
  const match = TILE_PATH_PATTERN.exec(path);
  if (match === null) throw invalidPath('not a tile path of the form tile/<L>/<N>[.p/<W>]', path);
  const level = Number(match[1]);
  const { index, width } = parseIndexAndWidth(path, match[2]!, match[3]);
  checkTileId(level, index, width, path);
  return { level, index, width };
}

/** Parses `tile/entries/<N>[.p/<W>]` strictly; TILE_PATH_INVALID for any other spelling. */
export function parseEntryBundlePath(path: string): EntryBundleId {
  if (typeof path !== 'string' || path.length > MAX_PATH_LENGTH) {
    throw invalidPath('not an entry bundle path', path);
  }
  const match = ENTRIES_PATH_PATTERN.exec(path);
  if (match === null)
    throw invalidPath('not an entry bundle path of the form tile/entries/<N>[.p/<W>]', path);
  const { index, width } = parseIndexAndWidth(path, match[1]!, match[2]);
  checkTileId(0, index, width, path);
  return { index, width };
}
