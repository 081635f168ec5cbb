import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bytesToHex, parseVerifierKey, randomBytes, type VerifierKey } from '../src/crypto/index.ts';
import {
  consistencyProof,
  createTileNodeSource,
  decodeEntryBundle,
  formatEntryBundlePath,
  formatTilePath,
  rfc6962,
  TILE_WIDTH,
  tilesForConsistencyProof,
  verifyConsistency,
  type Tile,
  type TileId,
} from '../src/merkle/index.ts';
import { verifyCheckpoint, verifyReceipt } from '../src/note/index.ts';
import {
  createTestSchemaName,
  dropTestSchema,
  skipUnavailable,
  TEST_BACKENDS,
  TEST_DATABASE_URL,
  type TestBackend,
} from '../src/store/test-support/databases.ts';
import { createTestDataDir } from './api-node-support.ts';

// The evidence node (its composition root, startEvidenceNode) in a child process under concurrent
// HTTP deposits, killed with SIGKILL at random moments. After every restart: each receipted entry
// (HTTP 201) is in the log at its index with its leaf hash, the log has no gap and no entry twice,
// every checkpoint ever served by GET /log/evidence/checkpoint is consistent with the new tree
// (a consistency proof built from the served tiles verifies), and keyed deposits replay.

// Five SIGKILLs at random moments in the suite; SEALCHAIN_CRASH_ROUNDS=100 makes a soak run of it.
const ROUNDS = Number(process.env['SEALCHAIN_CRASH_ROUNDS'] ?? 5);
const CLIENTS = 8;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const API = new URL('../src/node/index.ts', import.meta.url).href;
const ORIGIN = 'court.sealchain.local/evidence';
const hasher = rfc6962('sha256');

// Loads the node's modules at once, then opens the node when told to on stdin (so the next child
// loads while the current one runs) and prints its URL and admin token as one JSON line.
const CHILD_SOURCE = `
import { createInterface } from 'node:readline';
import { startEvidenceNode } from ${JSON.stringify(API)};
const lines = createInterface({ input: process.stdin });
await new Promise((resolve) => lines.once('line', resolve));
const running = await startEvidenceNode(JSON.parse(process.env.SEALCHAIN_CRASH_NODE), (message, error) =>
  process.stderr.write(message + ': ' + (error instanceof Error ? error.stack : String(error)) + '\\n'),
);
process.stdout.write(JSON.stringify({ url: running.url, adminToken: running.node.adminToken }) + '\\n');
process.once('SIGTERM', () => void running.close().then(() => process.exit(0)));
`;

interface Receipted {
  index: number;
  leafHash: string;
  digest: string;
  idempotencyKey: string | null;
}

interface NodeChild {
  process: ChildProcess;
  stderr: string[];
  /** Opens the node; resolves with its URL and admin token (null after the first start). */
  open(): Promise<{ url: string; adminToken: string | null }>;
}

function spawnNode(options: object): NodeChild {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD_SOURCE], {
    cwd: ROOT,
    env: { ...process.env, SEALCHAIN_CRASH_NODE: JSON.stringify(options) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const firstLine = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code, signal) =>
      reject(new Error(`the node exited (${code ?? signal}) before listening: ${stderr.join('')}`)),
    );
  });
  firstLine.catch(() => undefined);
  return {
    process: child,
    stderr,
    open: async () => {
      child.stdin!.write('go\n');
      return JSON.parse(await firstLine) as { url: string; adminToken: string | null };
    },
  };
}

function killNode(child: NodeChild): Promise<void> {
  return new Promise((resolve) => {
    if (child.process.exitCode !== null || child.process.signalCode !== null) resolve();
    else {
      child.process.once('exit', () => resolve());
      child.process.kill('SIGKILL');
    }
  });
}

async function getJson<T>(url: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T };
}

async function getBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

class CrashRun {
  readonly receipted = new Map<number, Receipted>();
  /** Checkpoint notes served, by tree size. */
  readonly served = new Map<number, string>();
  readonly keyed: { body: string; key: string; index: number; leafHash: string }[] = [];
  url = '';
  apiKey = '';
  sequencerKey: VerifierKey | null = null;

  /** Deposits from CLIENTS loops and polls the checkpoint until `stop` resolves. */
  async load(stop: Promise<void>): Promise<void> {
    let stopped = false;
    void stop.then(() => (stopped = true));
    const deposit = async (): Promise<void> => {
      const batch = Math.random() < 0.3 ? 1 + Math.floor(Math.random() * 5) : 0;
      const key = Math.random() < 0.5 ? bytesToHex(randomBytes(8)) : null;
      const entries = Array.from({ length: Math.max(batch, 1) }, () => ({
        digest: `sha256:${bytesToHex(randomBytes(32))}`,
        meta: { source: 'node-crash-test' },
      }));
      const body = JSON.stringify(batch > 0 ? { entries } : entries[0]);
      const headers: Record<string, string> = {
        authorization: `Bearer ${this.apiKey}`,
        'content-type': 'application/json',
      };
      if (key !== null) headers['idempotency-key'] = key;
      const path = batch > 0 ? '/v1/chains/evidence/entries/batch' : '/v1/chains/evidence/entries';
      const answer = await getJson<{ results?: DepositAnswer[] } & DepositAnswer>(`${this.url}${path}`, {
        method: 'POST',
        headers,
        body,
      }).catch(() => null);
      if (answer === null || answer.status !== 201) return;
      const results = batch > 0 ? answer.body.results! : [answer.body];
      results.forEach((result, i) => this.#record(result, entries[i]!.digest, key));
      if (key !== null && batch === 0) {
        this.keyed.push({ body, key, index: results[0]!.index, leafHash: results[0]!.leafHash });
      }
    };
    const poll = async (): Promise<void> => {
      while (!stopped) {
        const response = await fetch(`${this.url}/log/evidence/checkpoint`).catch(() => null);
        if (response?.status === 200) this.#noteCheckpoint(await response.text());
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    };
    await Promise.all([
      poll(),
      ...Array.from({ length: CLIENTS }, async () => {
        while (!stopped) await deposit();
      }),
    ]);
  }

  #record(result: DepositAnswer, digest: string, key: string | null): void {
    const receipt = verifyReceipt(result.receipt, ORIGIN, this.sequencerKey!);
    assert.equal(receipt.index, result.index);
    assert.equal(bytesToHex(receipt.leafHash), result.leafHash);
    const earlier = this.receipted.get(result.index);
    assert.ok(
      earlier === undefined || earlier.leafHash === result.leafHash,
      `index ${result.index} was receipted for two different entries`,
    );
    this.receipted.set(result.index, {
      index: result.index,
      leafHash: result.leafHash,
      digest,
      idempotencyKey: key,
    });
  }

  #noteCheckpoint(note: string): void {
    const { checkpoint } = verifyCheckpoint(note, ORIGIN, this.sequencerKey!);
    const earlier = this.served.get(checkpoint.treeSize);
    assert.ok(
      earlier === undefined ||
        verifyCheckpoint(earlier, ORIGIN, this.sequencerKey!).checkpoint.rootHash.every(
          (byte, i) => byte === checkpoint.rootHash[i],
        ),
      `two different trees of size ${checkpoint.treeSize} were served`,
    );
    this.served.set(checkpoint.treeSize, note);
  }

  /** Waits for the restarted node to integrate everything, then checks the whole log against what was served. */
  async verifyAfterRestart(): Promise<number> {
    let chain = await this.#readChain();
    const deadline = Date.now() + 20_000;
    while (chain.treeSize < chain.size && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      chain = await this.#readChain();
    }
    assert.equal(chain.treeSize, chain.size, 'the restarted node integrates every stored entry');
    const head = await (await fetch(`${this.url}/log/evidence/checkpoint`)).text();
    const { checkpoint } = verifyCheckpoint(head, ORIGIN, this.sequencerKey!);
    const size = checkpoint.treeSize;

    const leafHashes: string[] = [];
    for (let index = 0; index * TILE_WIDTH < size; index++) {
      const width = Math.min(TILE_WIDTH, size - index * TILE_WIDTH);
      const bundle = await getBytes(`${this.url}/log/evidence/${formatEntryBundlePath({ index, width })}`);
      for (const entry of decodeEntryBundle(bundle, width))
        leafHashes.push(bytesToHex(hasher.hashLeaf(entry)));
    }
    assert.equal(leafHashes.length, size);
    assert.equal(new Set(leafHashes).size, size, 'no entry is in the log twice');
    for (const receipted of this.receipted.values()) {
      assert.ok(
        receipted.index < size,
        `receipted entry ${receipted.index} is missing from a log of ${size}`,
      );
      assert.equal(leafHashes[receipted.index], receipted.leafHash, `entry ${receipted.index} changed`);
    }

    const tiles = new Map<string, Tile>();
    const readTiles = async (ids: readonly TileId[]): Promise<Tile[]> =>
      Promise.all(
        ids.map(async (id) => {
          const key = `${id.level}/${id.index}/${id.width}`;
          let tile = tiles.get(key);
          if (tile === undefined) {
            tile = { ...id, hashes: await getBytes(`${this.url}/log/evidence/${formatTilePath(id)}`) };
            tiles.set(key, tile);
          }
          return tile;
        }),
      );
    for (const note of this.served.values()) {
      const served = verifyCheckpoint(note, ORIGIN, this.sequencerKey!).checkpoint;
      assert.ok(
        served.treeSize <= size,
        `checkpoint ${served.treeSize} was served, the tree now has ${size}`,
      );
      const source = createTileNodeSource(
        hasher,
        await readTiles(tilesForConsistencyProof(served.treeSize, size)),
      );
      const proof = consistencyProof(hasher, served.treeSize, size, source);
      verifyConsistency(hasher, served.treeSize, size, proof, served.rootHash, checkpoint.rootHash);
    }

    for (const keyed of this.keyed.slice(-5)) {
      const again = await getJson<DepositAnswer>(`${this.url}/v1/chains/evidence/entries`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.apiKey}`,
          'content-type': 'application/json',
          'idempotency-key': keyed.key,
        },
        body: keyed.body,
      });
      assert.equal(again.status, 200, 'a keyed deposit replays after the restart');
      assert.equal(again.body.index, keyed.index);
      assert.equal(again.body.leafHash, keyed.leafHash);
    }
    return size;
  }

  async #readChain(): Promise<{ size: number; treeSize: number }> {
    return (await getJson<{ size: number; treeSize: number }>(`${this.url}/v1/chains/evidence`)).body;
  }
}

interface DepositAnswer {
  index: number;
  leafHash: string;
  receipt: string;
}

async function prepareNode(backend: TestBackend): Promise<{ options: object; dispose(): Promise<void> }> {
  const common = {
    port: 0,
    origin: ORIGIN,
    ledger: { integrationIntervalMs: 40 },
    api: { unitEntriesPerSecond: 100_000_000, unitEntryBurst: 100_000_000 },
    shutdownGraceMs: 2_000,
  };
  if (backend === 'pglite') {
    const dataDir = await createTestDataDir();
    return {
      options: { ...common, dataDir },
      dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'sealchain-node-crash-'));
  const schema = createTestSchemaName();
  return {
    options: { ...common, dataDir, databaseUrl: TEST_DATABASE_URL, databaseSchema: schema },
    dispose: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      await dropTestSchema(schema);
    },
  };
}

for (const backend of TEST_BACKENDS) {
  describe(`Evidence node crash safety on ${backend}`, () => {
    it(`keeps every receipted entry and every served checkpoint across ${ROUNDS} SIGKILLs under HTTP load`, async (t) => {
      if (skipUnavailable(t, backend)) return;
      const node = await prepareNode(backend);
      const run = new CrashRun();
      let next = spawnNode(node.options);
      const started: NodeChild[] = [];
      try {
        for (let round = 0; round <= ROUNDS; round++) {
          const current = next;
          started.push(current);
          const openedAt = performance.now();
          const { url, adminToken } = await current.open();
          const openMs = performance.now() - openedAt;
          run.url = url;
          if (round === 0) {
            const unit = await getJson<{ apiKey: string }>(`${url}/v1/units`, {
              method: 'POST',
              headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
              body: JSON.stringify({ name: 'crash-unit' }),
            });
            run.apiKey = unit.body.apiKey;
            const chain = await getJson<{ publicKey: string }>(`${url}/v1/chains/evidence`);
            run.sequencerKey = parseVerifierKey(chain.body.publicKey);
          } else {
            const size = await run.verifyAfterRestart();
            t.diagnostic(
              `restart ${round} (open in ${Math.round(openMs)} ms): ${size} entries, ${run.receipted.size} receipted, ${run.served.size} checkpoints served`,
            );
          }
          if (round === ROUNDS) break;
          next = spawnNode(node.options);
          const before = run.receipted.size;
          let killed!: () => void;
          const kill = new Promise<void>((resolve) => (killed = resolve));
          const loading = run.load(kill);
          const deadline = Date.now() + 10_000;
          while (run.receipted.size === before && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
          await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 1_200));
          await killNode(current);
          killed();
          await loading;
          assert.ok(
            run.receipted.size > before,
            `round ${round} receipted nothing: ${current.stderr.join('')}`,
          );
        }
        assert.ok(run.served.size >= ROUNDS, `only ${run.served.size} checkpoints were served`);
        const last = started.at(-1)!;
        const exited = new Promise((resolve) => last.process.once('exit', (code) => resolve(code)));
        last.process.kill('SIGTERM');
        assert.equal(await exited, 0, last.stderr.join(''));
      } finally {
        await Promise.all([...started, next].map((child) => killNode(child)));
        await node.dispose();
      }
    });
  });
}
