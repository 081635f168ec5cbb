import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConsortiumError, formatAddCheckpointRequest, type WitnessAlarm } from '../src/consortium/index.ts';
import { openAuditWitness } from '../src/consortium/test-support/audit-witness.ts';
import { TestLog } from '../src/consortium/test-support/test-log.ts';
import { serveTestLog } from '../src/consortium/test-support/tlog-server.ts';
import { createSignerKey, KEY_TYPE_COSIGNATURE_V1, utf8ToBytes } from '../src/crypto/index.ts';
import { isSealchainError } from '../src/errors/index.ts';
import { SqlWitnessStorage } from '../src/store/sql-witness-storage.ts';
import { createTestOrigin, shareTestDatabases } from '../src/store/test-support/databases.ts';

// Audit mode: the witness mirrors the log through its C2SP tlog-tiles read API, served here by a
// small HTTP server on 127.0.0.1 over tiles integrated with src/merkle, and recomputes the root
// from the entries before it cosigns.

const useDatabase = shareTestDatabases();
const witnessKey = createSignerKey('court.sealchain.test/witness', KEY_TYPE_COSIGNATURE_V1);
const hasCode = (code: string) => (error: unknown) => isSealchainError(error) && error.code === code;

async function setUp(entries: number, servedCheckpoint?: (log: TestLog) => string) {
  const db = await useDatabase('pglite');
  const log = new TestLog(createTestOrigin()).append(entries);
  const server = await serveTestLog(
    log,
    servedCheckpoint === undefined ? undefined : () => servedCheckpoint(log),
  );
  const alarms: WitnessAlarm[] = [];
  const witness = openAuditWitness({
    signer: witnessKey,
    log,
    auditUrl: server.url,
    storage: new SqlWitnessStorage(db.client),
    options: { auditFetchTimeoutMs: 2_000 },
    onAlarm: (alarm) => alarms.push(alarm),
  });
  const send = (oldSize: number, size: number) =>
    witness.addCheckpoint(
      formatAddCheckpointRequest(oldSize, log.proveConsistency(oldSize, size), log.signCheckpoint(size)),
    );
  return { log, server, witness, alarms, send };
}

describe('witness audit mode', () => {
  it('mirrors the entries of an honest log and cosigns, first from nothing, then from the size cosigned', async () => {
    const { server, send, alarms } = await setUp(600);
    try {
      assert.equal((await send(0, 300)).treeSize, 300);
      assert.ok(server.requests.includes('tile/entries/000'));
      assert.ok(server.requests.includes('tile/entries/001.p/44'));
      server.requests.length = 0;
      assert.equal((await send(300, 600)).treeSize, 600);
      assert.deepEqual(
        server.requests.filter((path) => path.startsWith('tile/entries/')),
        ['tile/entries/001', 'tile/entries/002.p/88'],
      );
      assert.deepEqual(
        server.requests.filter((path) => !path.startsWith('tile/entries/') && path !== 'checkpoint'),
        [],
        'the cosigned tree is the mirror kept since the first audit: no tile is read again',
      );
      assert.deepEqual(alarms, []);
    } finally {
      await server.close();
    }
  });

  it('refuses a log that serves a tampered entry, raises an audit alarm and freezes the log', async () => {
    const { log, server, send, alarms, witness } = await setUp(300);
    try {
      log.tamperEntry(10, utf8ToBytes('{"n":10,"label":"tampered"}'));
      await assert.rejects(send(0, 300), (error: unknown) => {
        assert.ok(error instanceof ConsortiumError);
        assert.equal(error.code, 'WITNESS_AUDIT_MISMATCH');
        assert.ok(typeof error.details['computedRoot'] === 'string');
        return true;
      });
      assert.deepEqual(
        alarms.map((a) => [a.kind, a.knownNote, a.conflictingNote]),
        [['audit-mismatch', null, log.signCheckpoint(300)]],
      );
      assert.deepEqual(await witness.readLogState(log.origin), { latest: null, frozen: true });
      await assert.rejects(send(0, 300), hasCode('WITNESS_LOG_FROZEN'));
    } finally {
      await server.close();
    }
  });

  it('catches an entry changed after it was audited when the next audit re-reads its bundle', async () => {
    const { log, server, send, alarms } = await setUp(200);
    try {
      await send(0, 100);
      log.tamperEntry(50, utf8ToBytes('{"n":50,"label":"rewritten"}'));
      await assert.rejects(send(100, 200), (error: unknown) => {
        assert.ok(hasCode('WITNESS_AUDIT_MISMATCH')(error));
        assert.equal((error as ConsortiumError).details['leafIndex'], 50);
        return true;
      });
      assert.equal(alarms[0]?.knownNote, log.signCheckpoint(100));
    } finally {
      await server.close();
    }
  });

  it('records a fork when the log serves another signed checkpoint of the size submitted', async () => {
    const other = (log: TestLog) =>
      new TestLog(log.origin, 'sha256', log.signer).append(log.size, 'other').signCheckpoint();
    const { log, server, send, alarms } = await setUp(40, other);
    try {
      await assert.rejects(send(0, 40), hasCode('WITNESS_FORK_DETECTED'));
      assert.deepEqual(
        alarms.map((a) => [a.kind, a.knownNote, a.conflictingNote]),
        [['fork', server.servedCheckpoint(), log.signCheckpoint(40)]],
      );
    } finally {
      await server.close();
    }
  });

  it('answers WITNESS_AUDIT_UNAVAILABLE without an alarm while the log cannot be read, and cosigns once it can', async () => {
    const { server, send, alarms, witness, log } = await setUp(20);
    await server.close();
    await assert.rejects(send(0, 20), hasCode('WITNESS_AUDIT_UNAVAILABLE'));
    assert.deepEqual(alarms, []);
    assert.deepEqual(await witness.readLogState(log.origin), { latest: null, frozen: false });
    const back = await serveTestLog(log, undefined, server.port);
    try {
      assert.equal((await send(0, 20)).treeSize, 20);
    } finally {
      await back.close();
    }
  });
});
