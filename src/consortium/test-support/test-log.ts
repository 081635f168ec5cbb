import { createSignerKey, utf8ToBytes, type HashAlgorithm, type SignerKey } from '../../crypto/index.ts';
import {
  consistencyProof,
  createTileNodeSource,
  encodeEntryBundle,
  integrateTiles,
  rfc6962,
  TILE_WIDTH,
  tilesForConsistencyProof,
  type Hasher,
  type Tile,
  type TileId,
} from '../../merkle/index.ts';
import { signCheckpoint } from '../../note/index.ts';

// A small in-memory transparency log for tests: entries, tiles integrated with src/merkle,
// checkpoints signed by its own Ed25519 key, consistency proofs, and the C2SP read API's
// resources. `tamperEntry` changes what it serves without touching the tree.

export class TestLog {
  readonly origin: string;
  readonly hasher: Hasher;
  readonly signer: SignerKey;
  readonly entries: Uint8Array[] = [];
  readonly #tiles = new Map<string, Tile>();
  readonly #roots: Uint8Array[] = [];

  constructor(origin: string, hashAlgorithm: HashAlgorithm = 'sha256', signer?: SignerKey) {
    this.origin = origin;
    this.hasher = rfc6962(hashAlgorithm);
    this.signer = signer ?? createSignerKey(origin);
    this.#roots.push(this.hasher.emptyRoot());
  }

  get size(): number {
    return this.entries.length;
  }

  rootAt(size: number): Uint8Array {
    return this.#roots[size]!;
  }

  /** Appends `count` entries named `<label> <n>` (one integration per entry, so every root is kept). */
  append(count: number, label = 'entry'): this {
    for (let i = 0; i < count; i++) {
      const entry = utf8ToBytes(`{"n":${this.entries.length},"label":"${label}"}`);
      const result = integrateTiles(this.hasher, this.entries.length, [this.hasher.hashLeaf(entry)], (id) =>
        this.readTile(id),
      );
      for (const tile of result.tiles) this.#tiles.set(`${tile.level}/${tile.index}`, tile);
      this.entries.push(entry);
      this.#roots.push(result.root);
    }
    return this;
  }

  /** Appends `count` entries in one integration, fast for large logs; only the new size's root is kept. */
  appendAtOnce(count: number, label = 'entry'): this {
    const entries = Array.from({ length: count }, (_, i) =>
      utf8ToBytes(`{"n":${this.entries.length + i},"label":"${label}"}`),
    );
    const result = integrateTiles(
      this.hasher,
      this.entries.length,
      entries.map((entry) => this.hasher.hashLeaf(entry)),
      (id) => this.readTile(id),
    );
    for (const tile of result.tiles) this.#tiles.set(`${tile.level}/${tile.index}`, tile);
    for (const entry of entries) this.entries.push(entry);
    this.#roots[this.entries.length] = result.root;
    return this;
  }

  /** The signed checkpoint note of the tree of `size` leaves (the current size by default). */
  signCheckpoint(size = this.size, signer = this.signer, rootHash = this.rootAt(size)): string {
    return signCheckpoint({ origin: this.origin, treeSize: size, rootHash, extensions: [] }, signer);
  }

  proveConsistency(size1: number, size2: number): Uint8Array[] {
    if (size1 === 0 || size1 === size2) return [];
    const tiles = tilesForConsistencyProof(size1, size2).map((id) => ({ ...id, hashes: this.readTile(id) }));
    return consistencyProof(this.hasher, size1, size2, createTileNodeSource(this.hasher, tiles));
  }

  /** The hashes of tile `id` at its width (a prefix of the widest stored). */
  readTile(id: TileId): Uint8Array {
    const tile = this.#tiles.get(`${id.level}/${id.index}`);
    if (tile === undefined || tile.width < id.width)
      throw new Error(`test log has no tile ${id.level}/${id.index}/${id.width}`);
    return tile.hashes.slice(0, id.width * this.hasher.size);
  }

  readEntryBundle(index: number, width: number): Uint8Array {
    const entries = this.entries.slice(index * TILE_WIDTH, index * TILE_WIDTH + width);
    if (entries.length !== width) throw new Error(`test log has no bundle ${index}/${width}`);
    return encodeEntryBundle(entries);
  }

  /** Serves other bytes for entry `leafIndex` from now on; the tiles and roots stay as they were. */
  tamperEntry(leafIndex: number, entry: Uint8Array): void {
    this.entries[leafIndex] = entry;
  }
}
