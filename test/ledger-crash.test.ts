import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import {
  bytesToHex,
  createSignerKey,
  formatSignerKey,
  hexToBytes,
  toVerifierKey,
} from '../src/crypto/index.ts';
import { Ledger } from '../src/ledger/index.ts';
import { rfc6962, verifyConsistency } from '../src/merkle/index.ts';
import { verifyCheckpoint, verifyReceipt } from '../src/note/index.ts';
import { openDatabase, SqlLedgerStorage, type DatabaseOptions } from '../src/store/index.ts';
import {
  makeCrashRequest,
  type CrashChildConfig,
  type CrashChildLine,
} from '../src/store/test-support/crash-load.ts';
import {
  createPgliteDir,
  createTestOrigin,
  createTestSchemaName,
  dropTestSchema,
  skipUnavailable,
  TEST_BACKENDS,
  TEST_DATABASE_URL,
  type TestBackend,
} from '../src/store/test-support/databases.ts';

// Five SIGKILLs at random moments in the suite; SEALCHAIN_CRASH_ROUNDS=100 makes a soak run of it.
const ROUNDS = Number(process.env['SEALCHAIN_CRASH_ROUNDS'] ?? 5);
const CHILD = fileURLToPath(new URL('../src/store/test-support/crash-child.ts', import.meta.url));
const ROUND_TIMEOUT_MS = 30_000;

type ReceiptLine = Extract<CrashChildLine, { kind: 'receipt' }>;
type CheckpointLine = Extract<CrashChildLine, { kind: 'checkpoint' }>;

interface RoundResult {
  receipts: ReceiptLine[];
  checkpoints: CheckpointLine[];
}

/** Runs the child until it has printed `killAfter` receipts, then kills it with SIGKILL. */
function runAndKill(config: CrashChildConfig, killAfter: number): Promise<RoundResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, SEALCHAIN_CRASH_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const result: RoundResult = { receipts: [], checkpoints: [] };
    let stderr = '';
    let killed = false;
    const kill = () => {
      killed = true;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(kill, ROUND_TIMEOUT_MS);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: child.stdout }).on('line', (text) => {
      const line = JSON.parse(text) as CrashChildLine;
      if (line.kind === 'receipt') result.receipts.push(line);
      if (line.kind === 'checkpoint') result.checkpoints.push(line);
      if (!killed && result.receipts.length >= killAfter) kill();
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`the child exited by itself (code ${code}): ${stderr}`));
      else if (result.receipts.length < killAfter) reject(new Error(`the child made no progress: ${stderr}`));
      else resolve(result);
    });
  });
}

async function prepareDatabase(
  backend: TestBackend,
): Promise<{ options: Partial<DatabaseOptions>; dispose(): Promise<void> }> {
  if (backend === 'pglite') {
    const dir = await createPgliteDir();
    return {
      options: { pgliteDir: dir },
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = createTestSchemaName();
  return {
    options: { databaseUrl: TEST_DATABASE_URL!, schema, poolSize: 4 },
    dispose: () => dropTestSchema(schema),
  };
}

for (const backend of TEST_BACKENDS) {
  describe(`Ledger crash safety on ${backend}`, () => {
    it(`keeps every receipted entry and never forks across ${ROUNDS} SIGKILLs under load`, async (t) => {
      if (skipUnavailable(t, backend)) return;
      const database = await prepareDatabase(backend);
      const origin = createTestOrigin();
      const signer = createSignerKey(origin);
      const config: CrashChildConfig = {
        database: database.options,
        origin,
        signerKey: formatSignerKey(signer),
        workers: 8,
      };
      const receipts = new Map<number, ReceiptLine>();
      const served = new Map<number, string>();
      try {
        for (let round = 0; round < ROUNDS; round++) {
          const killAfter = 1 + Math.floor(Math.random() * 150);
          const result = await runAndKill(config, killAfter);
          for (const line of result.receipts) {
            const earlier = receipts.get(line.leafIndex);
            assert.ok(
              earlier === undefined || earlier.leafHash === line.leafHash,
              `leaf ${line.leafIndex} was receipted for two different entries`,
            );
            receipts.set(line.leafIndex, line);
          }
          for (const line of result.checkpoints) {
            const earlier = served.get(line.treeSize);
            assert.ok(
              earlier === undefined || earlier === line.note,
              `two checkpoints of size ${line.treeSize} were served`,
            );
            served.set(line.treeSize, line.note);
          }
        }
        assert.ok(receipts.size >= ROUNDS, `only ${receipts.size} receipts in ${ROUNDS} rounds`);

        const client = await openDatabase(database.options);
        try {
          const storage = await SqlLedgerStorage.open(client, origin, 'sha256');
          const ledger = await Ledger.open({ storage, signer, autoIntegrate: false });
          const final = (await ledger.integrate())!;
          const verifier = toVerifierKey(signer);
          for (const line of receipts.values()) {
            const receipt = verifyReceipt(line.receipt, origin, verifier);
            assert.equal(receipt.index, line.leafIndex);
            const stored = await ledger.readEntry(line.leafIndex);
            assert.equal(
              bytesToHex(stored.leafHash),
              line.leafHash,
              `leaf ${line.leafIndex} changed after the crash`,
            );
          }
          const report = await ledger.audit();
          assert.equal(report.ok, true, JSON.stringify(report.divergence));
          assert.equal(report.entriesChecked, await storage.countEntries());
          const hasher = rfc6962('sha256');
          for (const [treeSize, note] of served) {
            const { checkpoint } = verifyCheckpoint(note, origin, verifier);
            const proof = await ledger.proveConsistency(treeSize, final.treeSize);
            verifyConsistency(
              hasher,
              treeSize,
              final.treeSize,
              proof.hashes,
              checkpoint.rootHash,
              final.rootHash,
            );
          }
          const keyed = [...receipts.values()].filter((line) => line.idempotencyKey !== null).slice(0, 20);
          for (const line of keyed) {
            const again = await ledger.append(makeCrashRequest(line.digest, line.idempotencyKey));
            assert.equal(again.leafIndex, line.leafIndex);
            assert.deepEqual(again.leafHash, hexToBytes(line.leafHash));
            assert.equal(again.replayed, true);
          }
          t.diagnostic(
            `${receipts.size} receipts, ${served.size} served checkpoints, ${report.entriesChecked} entries after ${ROUNDS} kills`,
          );
          await ledger.close();
        } finally {
          await client.close();
        }
      } finally {
        await database.dispose();
      }
    });
  });
}
