import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSignerKey, equalBytes, KEY_TYPE_COSIGNATURE_V1, toVerifierKey } from '../crypto/index.ts';
import { isSealchainError } from '../errors/index.ts';
import {
  addCosignatures,
  cosignCheckpoint,
  parseNote,
  parseSignatureLine,
  verifyCosignature,
} from '../note/index.ts';
import { Mutator } from '../../test/support/mutator.ts';
import { formatAddCheckpointRequest } from './add-checkpoint-request.ts';
import { ConsortiumError } from './errors.ts';
import { MemoryWitnessStorage } from './test-support/memory-witness-storage.ts';
import { TestLog } from './test-support/test-log.ts';
import { Witness, type WitnessConfig } from './witness.ts';
import type { WitnessAlarm, WitnessStorage } from './witness-storage.ts';

const NOW_MS = Date.UTC(2026, 2, 4, 5, 6, 7, 89);
const witnessKey = createSignerKey('notary.sealchain.test/witness', KEY_TYPE_COSIGNATURE_V1);
const flipFirstBit = (proof: readonly Uint8Array[]) =>
  proof.map((hash, i) => (i === 0 ? hash.map((byte, j) => (j === 0 ? byte ^ 1 : byte)) : hash));
const hasCode = (code: string) => (error: unknown) => isSealchainError(error) && error.code === code;

function setUp(overrides: Partial<WitnessConfig> = {}) {
  const log = new TestLog('court.sealchain.test/evidence').append(20);
  const storage = new MemoryWitnessStorage();
  const alarms: WitnessAlarm[] = [];
  const witness = new Witness({
    signer: witnessKey,
    logs: [{ origin: log.origin, hashAlgorithm: 'sha256', logKey: toVerifierKey(log.signer) }],
    storage,
    now: () => NOW_MS,
    onAlarm: (alarm) => alarms.push(alarm),
    ...overrides,
  });
  const send = (
    oldSize: number,
    size: number,
    note = log.signCheckpoint(size),
    proof = log.proveConsistency(oldSize, size),
  ) => witness.addCheckpoint(formatAddCheckpointRequest(oldSize, proof, note));
  return { log, storage, witness, alarms, send };
}

function checkCosignature(body: string, note: string): number {
  assert.ok(body.endsWith('\n'));
  const lines = body.slice(0, -1).split('\n');
  assert.equal(lines.length, 1);
  const signature = parseSignatureLine(lines[0]!);
  return verifyCosignature(parseNote(note).text, signature, toVerifierKey(witnessKey));
}

describe('Witness.addCheckpoint', () => {
  it('cosigns a first checkpoint from old size 0 and remembers it', async () => {
    const { log, witness, send } = setUp();
    const note = log.signCheckpoint(7);
    const answer = await send(0, 7, note);
    assert.equal(answer.treeSize, 7);
    assert.equal(checkCosignature(answer.body, note), Math.floor(NOW_MS / 1000));
    const state = await witness.readLogState(log.origin);
    assert.equal(state.latest?.treeSize, 7);
    assert.ok(equalBytes(state.latest!.rootHash, log.rootAt(7)));
    assert.equal(state.latest?.note, note);
  });

  it('cosigns a consistent extension proven from the size last cosigned', async () => {
    const { log, witness, send } = setUp();
    await send(0, 7);
    const note = log.signCheckpoint(20);
    checkCosignature((await send(7, 20, note)).body, note);
    assert.equal((await witness.readLogState(log.origin)).latest?.treeSize, 20);
  });

  it('cosigns the same checkpoint again from its own size', async () => {
    const { log, send } = setUp();
    await send(0, 7);
    const note = log.signCheckpoint(7);
    checkCosignature((await send(7, 7, note, [])).body, note);
  });

  it('answers WITNESS_SIZE_CONFLICT with its latest size when the old size differs, and changes nothing', async () => {
    const { log, witness, send } = setUp();
    await send(0, 7);
    await assert.rejects(send(5, 20), (error: unknown) => {
      assert.ok(error instanceof ConsortiumError);
      assert.equal(error.code, 'WITNESS_SIZE_CONFLICT');
      assert.equal(error.details['latestSize'], 7);
      return true;
    });
    await assert.rejects(send(0, 3), hasCode('WITNESS_SIZE_CONFLICT'));
    assert.equal((await witness.readLogState(log.origin)).latest?.treeSize, 7);
  });

  it('refuses a rollback below the size cosigned as a malformed request', async () => {
    const { send } = setUp();
    await send(0, 7);
    await assert.rejects(send(7, 5, undefined, []), hasCode('WITNESS_REQUEST_MALFORMED'));
  });

  it('answers WITNESS_ORIGIN_UNKNOWN for a log it does not witness', async () => {
    const { witness } = setUp();
    const other = new TestLog('elsewhere.test/log').append(3);
    await assert.rejects(
      witness.addCheckpoint(formatAddCheckpointRequest(0, [], other.signCheckpoint())),
      hasCode('WITNESS_ORIGIN_UNKNOWN'),
    );
  });

  it('answers WITNESS_SIGNATURE_INVALID for a checkpoint signed by another key of the same name', async () => {
    const { log, send, witness } = setUp();
    const impostor = createSignerKey(log.origin);
    await assert.rejects(send(0, 7, log.signCheckpoint(7, impostor)), hasCode('WITNESS_SIGNATURE_INVALID'));
    assert.equal((await witness.readLogState(log.origin)).latest, null);
  });

  it('answers WITNESS_SIGNATURE_INVALID when the log key signature does not verify', async () => {
    const { log, send } = setUp();
    const note = log.signCheckpoint(7);
    const forged = note.replace(
      /— (\S+) (.)/,
      (_, name: string, first: string) => `— ${name} ${first === 'A' ? 'B' : 'A'}`,
    );
    await assert.rejects(send(0, 7, forged), hasCode('WITNESS_SIGNATURE_INVALID'));
  });

  it('ignores signatures by unknown keys, such as other cosigners', async () => {
    const { log, send } = setUp();
    const other = createSignerKey('other.test/witness', KEY_TYPE_COSIGNATURE_V1);
    const plain = log.signCheckpoint(7);
    const note = addCosignatures(plain, [cosignCheckpoint(parseNote(plain).text, other, 1_700_000_000)]);
    checkCosignature((await send(0, 7, note)).body, note);
  });

  it('refuses a bad consistency proof with WITNESS_PROOF_INVALID, raises an alarm and freezes the log', async () => {
    const { log, send, witness, alarms } = setUp();
    await send(0, 7);
    const bad = flipFirstBit(log.proveConsistency(7, 20));
    await assert.rejects(send(7, 20, undefined, bad), hasCode('WITNESS_PROOF_INVALID'));
    assert.equal(alarms.length, 1);
    assert.equal(alarms[0]!.kind, 'proof-rejected');
    assert.equal(alarms[0]!.knownNote, log.signCheckpoint(7));
    assert.equal(alarms[0]!.conflictingNote, log.signCheckpoint(20));
    assert.equal(alarms[0]!.detectedAt, new Date(NOW_MS).toISOString());
    await assert.rejects(send(7, 20), hasCode('WITNESS_LOG_FROZEN'));
    assert.equal((await witness.readLogState(log.origin)).latest?.treeSize, 7);
  });

  it('records two signed checkpoints of one size as a fork and cosigns nothing more for the log', async () => {
    const { log, send, witness, alarms } = setUp();
    await send(0, 7);
    const forked = new TestLog(log.origin, 'sha256', log.signer).append(7, 'forked');
    const forkNote = forked.signCheckpoint(7);
    await assert.rejects(send(0, 7, forkNote, []), (error: unknown) => {
      assert.ok(error instanceof ConsortiumError);
      assert.equal(error.code, 'WITNESS_FORK_DETECTED');
      assert.equal(error.details['latestSize'], 7);
      return true;
    });
    assert.deepEqual(
      (await witness.listAlarms()).map((a) => [a.kind, a.knownNote, a.conflictingNote]),
      [['fork', log.signCheckpoint(7), forkNote]],
    );
    assert.equal(alarms.length, 1);
    await assert.rejects(send(7, 20), hasCode('WITNESS_LOG_FROZEN'));
    assert.equal((await witness.readLogState(log.origin)).frozen, true);
  });

  it('lets one of two concurrent requests from one old size win and answers the other with a conflict', async () => {
    const { log, send, witness } = setUp();
    await send(0, 5);
    const results = await Promise.allSettled([send(5, 12), send(5, 20)]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.ok(hasCode('WITNESS_SIZE_CONFLICT')(refused.reason));
    const latest = (await witness.readLogState(log.origin)).latest!;
    assert.ok(equalBytes(latest.rootHash, log.rootAt(latest.treeSize)));
  });

  it('cosigns nothing when its storage fails, answering WITNESS_STORAGE_UNAVAILABLE', async () => {
    const memory = new MemoryWitnessStorage();
    const failing: WitnessStorage = {
      readLogState: (origin) => memory.readLogState(origin),
      advanceCheckpoint: () => Promise.reject(new Error('disk full')),
      recordAlarm: (alarm) => memory.recordAlarm(alarm),
      listAlarms: (origin) => memory.listAlarms(origin),
    };
    const { send } = setUp({ storage: failing });
    await assert.rejects(send(0, 7), hasCode('WITNESS_STORAGE_UNAVAILABLE'));
  });

  it('refuses a signer key that is not a cosignature/v1 key, and a log listed twice', () => {
    const log = new TestLog('x.test/log');
    const logs = [
      { origin: log.origin, hashAlgorithm: 'sha256' as const, logKey: toVerifierKey(log.signer) },
    ];
    const storage = new MemoryWitnessStorage();
    assert.throws(
      () => new Witness({ signer: log.signer, logs, storage }),
      hasCode('CONSORTIUM_OPTIONS_INVALID'),
    );
    assert.throws(
      () => new Witness({ signer: witnessKey, logs: [...logs, ...logs], storage }),
      hasCode('CONSORTIUM_OPTIONS_INVALID'),
    );
    assert.throws(
      () => new Witness({ signer: witnessKey, logs, storage, options: { maxRequestBytes: 0 } }),
      hasCode('CONSORTIUM_OPTIONS_INVALID'),
    );
  });
});

describe('Witness under hostile requests', () => {
  it('answers 20,000 mutated add-checkpoint bodies with a cosignature or a ConsortiumError', async () => {
    const log = new TestLog('court.sealchain.test/evidence').append(20);
    const corpus = [
      formatAddCheckpointRequest(4, log.proveConsistency(4, 9), log.signCheckpoint(9)),
      formatAddCheckpointRequest(4, log.proveConsistency(4, 20), log.signCheckpoint(20)),
      formatAddCheckpointRequest(4, [], log.signCheckpoint(4)),
      formatAddCheckpointRequest(0, [], log.signCheckpoint(9)),
      formatAddCheckpointRequest(
        4,
        [],
        new TestLog(log.origin, 'sha256', log.signer).append(4, 'fork').signCheckpoint(4),
      ),
    ];
    const seeded = async () => {
      const witness = new Witness({
        signer: witnessKey,
        logs: [{ origin: log.origin, hashAlgorithm: 'sha256', logKey: toVerifierKey(log.signer) }],
        storage: new MemoryWitnessStorage(),
      });
      await witness.addCheckpoint(formatAddCheckpointRequest(0, [], log.signCheckpoint(4)));
      return witness;
    };
    const outcomes = new Map<string, number>();
    const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    const mutator = new Mutator(0xc051, corpus);
    let witness = await seeded();
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      for (let i = 0; i < 20_000; i++) {
        const input = mutator.next();
        try {
          await witness.addCheckpoint(input);
          count('cosigned');
          witness = await seeded();
        } catch (error) {
          if (!(error instanceof ConsortiumError)) {
            throw new Error(
              `input ${JSON.stringify(typeof input === 'string' ? input : [...input])} threw ${String(error)}`,
              {
                cause: error,
              },
            );
          }
          count(error.code);
          if (error.code === 'WITNESS_PROOF_INVALID' || error.code === 'WITNESS_FORK_DETECTED')
            witness = await seeded();
        }
      }
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    for (const code of [
      'cosigned',
      'WITNESS_REQUEST_MALFORMED',
      'WITNESS_SIGNATURE_INVALID',
      'WITNESS_SIZE_CONFLICT',
      'WITNESS_PROOF_INVALID',
      'WITNESS_FORK_DETECTED',
    ]) {
      assert.ok(
        (outcomes.get(code) ?? 0) > 0,
        `no mutated request ended in ${code}: ${JSON.stringify([...outcomes])}`,
      );
    }
  });
});
