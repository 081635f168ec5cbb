import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { createWitnessRoutes } from '../src/api/routes/witness.ts';
import { formatAddCheckpointRequest, Witness } from '../src/consortium/index.ts';
import { createAddCheckpointPoster } from '../src/consortium/index.ts';
import { serveFetch } from '../src/consortium/test-support/fetch-server.ts';
import { TestLog } from '../src/consortium/test-support/test-log.ts';
import { createSignerKey, KEY_TYPE_COSIGNATURE_V1, toVerifierKey } from '../src/crypto/index.ts';
import { flipProofBit } from '../src/merkle/test-support/mutations.ts';
import { parseNote, parseSignatureLine, verifyCosignature } from '../src/note/index.ts';
import { SqlWitnessStorage } from '../src/store/sql-witness-storage.ts';
import { createTestOrigin, shareTestDatabases } from '../src/store/test-support/databases.ts';

// The witness over HTTP (src/api/routes/witness.ts) with its state in PGlite: every status of C2SP
// tlog-witness add-checkpoint, and the alarms endpoint.

const useDatabase = shareTestDatabases();
const witnessKey = createSignerKey('notary.sealchain.test/witness', KEY_TYPE_COSIGNATURE_V1);

async function setUp() {
  const db = await useDatabase('pglite');
  const log = new TestLog(createTestOrigin()).append(30);
  const witness = new Witness({
    signer: witnessKey,
    logs: [{ origin: log.origin, hashAlgorithm: 'sha256', logKey: toVerifierKey(log.signer) }],
    storage: new SqlWitnessStorage(db.client),
    options: { maxRequestBytes: 4096 },
  });
  const app = new Hono().route('/witness', createWitnessRoutes(witness, { logError: () => undefined }));
  const post = (body: string) => app.request('/witness/add-checkpoint', { method: 'POST', body });
  const send = (
    oldSize: number,
    size: number,
    note = log.signCheckpoint(size),
    proof = log.proveConsistency(oldSize, size),
  ) => post(formatAddCheckpointRequest(oldSize, proof, note));
  return { db, log, app, post, send };
}

async function readProblemCode(response: Response): Promise<string> {
  assert.equal(response.headers.get('content-type'), 'application/problem+json');
  const problem = (await response.json()) as { code: string; status: number };
  assert.equal(problem.status, response.status);
  return problem.code;
}

describe('witness add-checkpoint over HTTP', () => {
  it('answers 200 with one cosignature line and persists the state in the database', async () => {
    const { db, log, send } = await setUp();
    const response = await send(0, 12);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
    const body = await response.text();
    const signature = parseSignatureLine(body.slice(0, -1));
    verifyCosignature(parseNote(log.signCheckpoint(12)).text, signature, toVerifierKey(witnessKey));
    const state = await new SqlWitnessStorage(db.client).readLogState(log.origin);
    assert.equal(state.latest?.treeSize, 12);
  });

  it('answers 409 with its size as text/x.tlog.size when the old size is not the one cosigned', async () => {
    const { send } = await setUp();
    await send(0, 12);
    const response = await send(5, 20);
    assert.equal(response.status, 409);
    assert.equal(response.headers.get('content-type'), 'text/x.tlog.size');
    assert.equal(await response.text(), '12\n');
    assert.equal((await send(12, 20)).status, 200);
  });

  it('answers 422 for a bad proof, then 403 for the frozen log, and lists the alarm', async () => {
    const { app, log, send } = await setUp();
    await send(0, 12);
    const bad = flipProofBit(log.proveConsistency(12, 20), 1, 0);
    const response = await send(12, 20, undefined, bad);
    assert.equal(response.status, 422);
    assert.equal(await readProblemCode(response), 'WITNESS_PROOF_INVALID');
    const frozen = await send(12, 20);
    assert.equal(frozen.status, 403);
    assert.equal(await readProblemCode(frozen), 'WITNESS_LOG_FROZEN');
    const alarms = (await (await app.request('/witness/alarms')).json()) as {
      alarms: { origin: string; kind: string }[];
    };
    assert.deepEqual(
      alarms.alarms.filter((a) => a.origin === log.origin).map((a) => a.kind),
      ['proof-rejected'],
    );
  });

  it('answers 409 with the cosigned size for a second checkpoint of that size with another root', async () => {
    const { log, send } = await setUp();
    await send(0, 12);
    const fork = new TestLog(log.origin, 'sha256', log.signer).append(12, 'fork');
    const response = await send(0, 12, fork.signCheckpoint(12), []);
    assert.equal(response.status, 409);
    assert.equal(await response.text(), '12\n');
    assert.equal((await send(12, 20)).status, 403);
  });

  it('answers 404 for an unknown origin, 403 for a bad signature, 400 for a malformed body, 413 for a large one', async () => {
    const { log, post, send } = await setUp();
    const other = new TestLog(createTestOrigin()).append(2);
    const unknown = await post(formatAddCheckpointRequest(0, [], other.signCheckpoint()));
    assert.equal(unknown.status, 404);
    assert.equal(await readProblemCode(unknown), 'WITNESS_ORIGIN_UNKNOWN');
    const forged = await send(0, 12, log.signCheckpoint(12, createSignerKey(log.origin)));
    assert.equal(forged.status, 403);
    assert.equal(await readProblemCode(forged), 'WITNESS_SIGNATURE_INVALID');
    const malformed = await post(`old 01\n\n${log.signCheckpoint(3)}`);
    assert.equal(malformed.status, 400);
    assert.equal(await readProblemCode(malformed), 'WITNESS_REQUEST_MALFORMED');
    const large = await post(`old 0\n\n${log.signCheckpoint(3)}${'x'.repeat(5000)}`);
    assert.equal(large.status, 413);
    assert.equal(await readProblemCode(large), 'WITNESS_REQUEST_TOO_LARGE');
  });

  it('cosigns through a real socket with the fetch poster', async () => {
    const { app, log } = await setUp();
    const server = await serveFetch(app.fetch);
    try {
      const post = createAddCheckpointPoster();
      const note = log.signCheckpoint(9);
      const response = await post(
        `${server.url}/witness`,
        formatAddCheckpointRequest(0, [], note),
        AbortSignal.timeout(5000),
      );
      assert.equal(response.status, 200);
      verifyCosignature(
        parseNote(note).text,
        parseSignatureLine(response.body.slice(0, -1)),
        toVerifierKey(witnessKey),
      );
    } finally {
      await server.close();
    }
  });
});
