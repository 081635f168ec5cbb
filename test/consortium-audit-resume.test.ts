import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { createWitnessRoutes } from '../src/api/routes/witness.ts';
import {
  collectCosignatures,
  ConsortiumError,
  createAddCheckpointPoster,
  formatAddCheckpointRequest,
  type WitnessAlarm,
  type WitnessOptions,
} from '../src/consortium/index.ts';
import { openAuditWitness } from '../src/consortium/test-support/audit-witness.ts';
import { serveFetch } from '../src/consortium/test-support/fetch-server.ts';
import { MemoryWitnessStorage } from '../src/consortium/test-support/memory-witness-storage.ts';
import { TestLog } from '../src/consortium/test-support/test-log.ts';
import { serveTestLog } from '../src/consortium/test-support/tlog-server.ts';
import { createSignerKey, KEY_TYPE_COSIGNATURE_V1, toVerifierKey, utf8ToBytes } from '../src/crypto/index.ts';
import { isSealchainError } from '../src/errors/index.ts';

// Audit mode over a long log: an audit longer than the request's budget goes on in the background
// and the request is refused with WITNESS_AUDIT_PENDING; the mirror keeps its progress so the
// next request goes on from it. The read API is served on 127.0.0.1; a gate holds the entry
// bundles back so that a test knows the audit cannot have finished within the budget.

const witnessKey = createSignerKey('notary.sealchain.test/witness', KEY_TYPE_COSIGNATURE_V1);
const hasCode = (code: string) => (error: unknown) => isSealchainError(error) && error.code === code;
const OPTIONS: Partial<WitnessOptions> = {
  auditBudgetMs: 50,
  auditStepBundles: 2,
  auditConcurrency: 2,
  auditFetchTimeoutMs: 5_000,
};

/** A TestLog whose entry bundles from index `failFrom` on answer 404. */
class FlakyLog extends TestLog {
  failFrom = Number.POSITIVE_INFINITY;

  override readEntryBundle(index: number, width: number): Uint8Array {
    if (index >= this.failFrom) throw new Error(`bundle ${index} is down`);
    return super.readEntryBundle(index, width);
  }
}

/** Holds entry bundle requests until `open()`; `close()` holds the next ones. */
class Gate {
  #open: () => void = () => undefined;
  #promise: Promise<void> = Promise.resolve();

  constructor() {
    this.close();
  }

  close(): void {
    this.#promise = new Promise((resolve) => {
      this.#open = resolve;
    });
  }

  open(): void {
    this.#open();
  }

  hold = (path: string): Promise<void> | undefined =>
    path.startsWith('tile/entries/') ? this.#promise : undefined;
}

async function setUp(entries: number, options: Partial<WitnessOptions> = OPTIONS) {
  const log = new FlakyLog('court.sealchain.test/evidence').append(entries);
  const gate = new Gate();
  const server = await serveTestLog(log, undefined, 0, gate.hold);
  const storage = new MemoryWitnessStorage();
  const alarms: WitnessAlarm[] = [];
  const openWitness = (witnessOptions: Partial<WitnessOptions>) =>
    openAuditWitness({
      signer: witnessKey,
      log,
      auditUrl: server.url,
      storage,
      options: witnessOptions,
      onAlarm: (alarm) => alarms.push(alarm),
    });
  const witness = openWitness(options);
  const request = (oldSize: number, size: number) =>
    formatAddCheckpointRequest(oldSize, log.proveConsistency(oldSize, size), log.signCheckpoint(size));
  const send = (oldSize: number, size: number, to = witness) => to.addCheckpoint(request(oldSize, size));
  const bundleRequests = () => server.requests.filter((path) => path.startsWith('tile/entries/'));
  return { log, gate, server, witness, openWitness, alarms, request, send, bundleRequests };
}

/** The details of the WITNESS_AUDIT_PENDING refusal `answer` rejects with. */
async function readPending(answer: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await answer;
  } catch (error) {
    assert.ok(error instanceof ConsortiumError, String(error));
    assert.equal(error.code, 'WITNESS_AUDIT_PENDING');
    return { ...error.details };
  }
  assert.fail('the request was answered, not refused as pending');
}

describe('witness audit mode over a long log', () => {
  it('answers WITNESS_AUDIT_PENDING, audits in the background, then cosigns without fetching an entry twice', async () => {
    const { log, gate, server, witness, alarms, send, bundleRequests } = await setUp(3000);
    try {
      const first = await readPending(send(0, 2560));
      assert.deepEqual(first, { origin: log.origin, treeSize: 2560, auditedSize: 0, targetSize: 2560 });
      const second = await readPending(send(0, 3000));
      assert.deepEqual(
        second,
        { origin: log.origin, treeSize: 3000, auditedSize: 0, targetSize: 2560 },
        'a request while the job runs joins it instead of starting another',
      );
      gate.open();
      await witness.settleAudits();
      assert.deepEqual(
        server.requests.filter((path) => path === 'checkpoint'),
        ['checkpoint'],
        'one audit job ran',
      );
      const before = server.requests.length;
      assert.equal((await send(0, 2560)).treeSize, 2560);
      assert.equal(server.requests.length, before, 'the audited checkpoint is cosigned from the mirror');

      gate.close();
      assert.deepEqual(await readPending(send(2560, 3000)), {
        origin: log.origin,
        treeSize: 3000,
        auditedSize: 2560,
        targetSize: 3000,
      });
      gate.open();
      await witness.settleAudits();
      assert.equal((await send(2560, 3000)).treeSize, 3000);
      assert.deepEqual(bundleRequests(), [
        ...Array.from({ length: 10 }, (_, i) => `tile/entries/${String(i).padStart(3, '0')}`),
        'tile/entries/010',
        'tile/entries/011.p/184',
      ]);
      assert.deepEqual(alarms, []);
      assert.equal((await witness.readLogState(log.origin)).latest?.treeSize, 3000);
    } finally {
      gate.open();
      await server.close();
    }
  });

  it('opens the mirror of a restarted witness from the log tiles, checked against the root it cosigned', async () => {
    const { log, gate, server, witness, openWitness, send } = await setUp(700, {
      ...OPTIONS,
      auditBudgetMs: 10_000,
    });
    try {
      gate.open();
      assert.equal((await send(0, 600)).treeSize, 600);
      await witness.close();
      server.requests.length = 0;
      const restarted = openWitness({ ...OPTIONS, auditBudgetMs: 10_000 });
      assert.equal((await send(600, 700, restarted)).treeSize, 700);
      assert.deepEqual(server.requests.slice(1).sort(), [
        'tile/0/002.p/88',
        'tile/1/000.p/2',
        'tile/entries/002.p/188',
      ]);
      assert.equal((await restarted.readLogState(log.origin)).latest?.treeSize, 700);
    } finally {
      await server.close();
    }
  });

  it('keeps its progress across a read failure and still catches an entry served tampered before it', async () => {
    const { log, gate, server, witness, alarms, send, bundleRequests } = await setUp(2560);
    try {
      const honest = log.entries[100]!;
      log.tamperEntry(100, utf8ToBytes('{"n":100,"label":"tampered"}'));
      log.failFrom = 4;
      await assert.rejects(send(0, 2560), hasCode('WITNESS_AUDIT_PENDING'));
      gate.open();
      await witness.settleAudits();
      assert.equal(alarms.length, 0, 'a read failure is no alarm');
      assert.deepEqual(await witness.readLogState(log.origin), { latest: null, frozen: false });

      log.tamperEntry(100, honest);
      log.failFrom = Number.POSITIVE_INFINITY;
      gate.close();
      const pending = await readPending(send(0, 2560));
      assert.equal(pending['auditedSize'], 1024, 'the job goes on from the last step it finished');
      gate.open();
      await witness.settleAudits();
      assert.equal(alarms.length, 1);
      assert.equal(alarms[0]!.kind, 'audit-mismatch');
      assert.equal(alarms[0]!.conflictingNote, log.signCheckpoint(2560));
      assert.match(alarms[0]!.evidence, /do not hash to the root of its checkpoint of size 2560/);
      assert.deepEqual(await witness.readLogState(log.origin), { latest: null, frozen: true });
      await assert.rejects(send(0, 2560), hasCode('WITNESS_LOG_FROZEN'));
      assert.equal(
        bundleRequests().filter((path) => path === 'tile/entries/000').length,
        1,
        'the tampered bundle was hashed once, before the log served the honest entry again',
      );
    } finally {
      gate.open();
      await server.close();
    }
  });

  it('stops its background audit on close and refuses as pending from then on', async () => {
    const { gate, server, witness, send } = await setUp(2560);
    try {
      await assert.rejects(send(0, 2560), hasCode('WITNESS_AUDIT_PENDING'));
      const closed = witness.close();
      gate.open();
      await closed;
      const details = await readPending(send(0, 2560));
      assert.ok((details['auditedSize'] as number) < 2560);
    } finally {
      gate.open();
      await server.close();
    }
  });

  it('answers 503 with Retry-After over HTTP, which the sequencer takes for an unreachable witness, not an alarm', async () => {
    const { log, gate, server, witness, request } = await setUp(2560);
    const app = new Hono().route('/witness', createWitnessRoutes(witness, { logError: () => undefined }));
    const witnessServer = await serveFetch(app.fetch);
    try {
      const response = await fetch(`${witnessServer.url}/witness/add-checkpoint`, {
        method: 'POST',
        body: request(0, 2560),
      });
      assert.equal(response.status, 503);
      assert.equal(response.headers.get('retry-after'), '1');
      const problem = (await response.json()) as { code: string; details: Record<string, unknown> };
      assert.equal(problem.code, 'WITNESS_AUDIT_PENDING');
      assert.deepEqual(problem.details, {
        origin: log.origin,
        treeSize: 2560,
        auditedSize: 0,
        targetSize: 2560,
      });

      // The sequencer's collector asking the notary for a cosignature of the 2,560-entry checkpoint.
      const askNotary = () =>
        collectCosignatures(
          {
            checkpointNote: log.signCheckpoint(2560),
            witnesses: [
              { name: 'notary', key: toVerifierKey(witnessKey), url: `${witnessServer.url}/witness` },
            ],
            quorum: 1,
          },
          {
            postAddCheckpoint: createAddCheckpointPoster(),
            proveConsistency: async (size1, size2) => log.proveConsistency(size1, size2),
          },
          { timeoutMs: 2_000, retries: 1, retryDelayMs: 10 },
        );
      const collection = await askNotary();
      assert.equal(collection.outcomes[0]!.kind, 'unreachable');
      assert.match(collection.outcomes[0]!.reason ?? '', /HTTP 503 WITNESS_AUDIT_PENDING/);
      assert.equal(collection.forkReported, false);

      gate.open();
      await witness.settleAudits();
      const again = await askNotary();
      assert.equal(again.outcomes[0]!.kind, 'cosigned');
      assert.equal(again.quorumMet, true);
    } finally {
      gate.open();
      await witnessServer.close();
      await server.close();
    }
  });
});
