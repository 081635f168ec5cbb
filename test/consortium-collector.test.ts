import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Hono } from 'hono';
import { createWitnessRoutes } from '../src/api/routes/witness.ts';
import {
  collectCosignatures,
  createAddCheckpointPoster,
  Witness,
  type CollectorContext,
  type CollectorOptions,
  type CosignatureCollection,
} from '../src/consortium/index.ts';
import { serveFetch, type RunningFetchServer } from '../src/consortium/test-support/fetch-server.ts';
import { TestLog } from '../src/consortium/test-support/test-log.ts';
import {
  createSignerKey,
  KEY_TYPE_COSIGNATURE_V1,
  toVerifierKey,
  type SignerKey,
} from '../src/crypto/index.ts';
import { verifyCosignedCheckpoint } from '../src/note/index.ts';
import { SqlWitnessStorage } from '../src/store/sql-witness-storage.ts';
import { openTestDatabase, type TestDatabase } from '../src/store/test-support/databases.ts';
import type { TrustedSigner } from '../src/verify/index.ts';

// The sequencer side against three real witnesses (each with its own PGlite database) behind HTTP
// servers on 127.0.0.1: quorum 2 of 3 with one witness down, no quorum with two down and finality
// once one is back, a sequencer that forgot the witnesses' sizes, a fork, and a witness that hangs.

const OPTIONS: Partial<CollectorOptions> = { timeoutMs: 2_000, retries: 1, retryDelayMs: 20 };
const NAMES = ['court', 'copyright-center', 'notary'] as const;

interface RunningWitness {
  name: string;
  key: SignerKey;
  db: TestDatabase;
  app: Hono;
  server: RunningFetchServer | undefined;
  port: number;
}

const log = new TestLog('court.sealchain.test/evidence').append(60);
const witnesses: RunningWitness[] = [];
let signers: TrustedSigner[] = [];
const context: CollectorContext = {
  postAddCheckpoint: createAddCheckpointPoster(),
  proveConsistency: async (size1, size2) => log.proveConsistency(size1, size2),
};

async function stop(witness: RunningWitness): Promise<void> {
  await witness.server?.close();
  witness.server = undefined;
}

async function restart(witness: RunningWitness): Promise<void> {
  witness.server = await serveFetch(witness.app.fetch, witness.port);
}

function collect(size: number, oldSizes?: ReadonlyMap<string, number>, note = log.signCheckpoint(size)) {
  return collectCosignatures(
    { checkpointNote: note, witnesses: signers, quorum: 2, oldSizes },
    context,
    OPTIONS,
  );
}

function kinds(collection: CosignatureCollection): Record<string, string> {
  return Object.fromEntries(collection.outcomes.map((o) => [o.witness, o.kind]));
}

function verifiedCosigners(collection: CosignatureCollection, quorum: number): string[] {
  const verified = verifyCosignedCheckpoint(collection.note, {
    origin: log.origin,
    logKey: toVerifierKey(log.signer),
    witnessKeys: witnesses.map((w) => toVerifierKey(w.key)),
    quorum,
  });
  return verified.cosignatures.map((c) => witnesses.find((w) => w.key.name === c.key.name)!.name);
}

before(async () => {
  const databases = await Promise.all(NAMES.map(() => openTestDatabase('pglite')));
  for (const [i, name] of NAMES.entries()) {
    const key = createSignerKey(`${name}.sealchain.test/witness`, KEY_TYPE_COSIGNATURE_V1);
    const witness = new Witness({
      signer: key,
      logs: [{ origin: log.origin, hashAlgorithm: 'sha256', logKey: toVerifierKey(log.signer) }],
      storage: new SqlWitnessStorage(databases[i]!.client),
    });
    const app = new Hono().route('/witness', createWitnessRoutes(witness, { logError: () => undefined }));
    const server = await serveFetch(app.fetch);
    witnesses.push({ name, key, db: databases[i]!, app, server, port: server.port });
  }
  signers = witnesses.map((w) => ({
    name: w.name,
    key: toVerifierKey(w.key),
    url: `http://127.0.0.1:${w.port}/witness`,
  }));
});

after(async () => {
  for (const witness of witnesses) {
    await stop(witness);
    await witness.db.dispose();
  }
});

describe('collectCosignatures against three witnesses over HTTP', () => {
  let sizes: ReadonlyMap<string, number> = new Map();

  it('gathers three verifying cosignatures when every witness is up', async () => {
    const first = await collect(10);
    assert.deepEqual(kinds(first), { court: 'cosigned', 'copyright-center': 'cosigned', notary: 'cosigned' });
    assert.equal(first.quorumMet, true);
    assert.deepEqual(verifiedCosigners(first, 3), ['court', 'copyright-center', 'notary']);
    const second = await collect(20, first.witnessSizes);
    assert.deepEqual(
      second.outcomes.map((o) => [o.kind, o.attempts, o.latestSize]),
      [
        ['cosigned', 1, 20],
        ['cosigned', 1, 20],
        ['cosigned', 1, 20],
      ],
    );
    sizes = second.witnessSizes;
  });

  it('makes the checkpoint final with 2 of 3 when one witness is down', async () => {
    await stop(witnesses[2]!);
    const collection = await collect(30, sizes);
    assert.deepEqual(kinds(collection), {
      court: 'cosigned',
      'copyright-center': 'cosigned',
      notary: 'unreachable',
    });
    assert.equal(collection.outcomes[2]!.attempts, 2, 'one attempt and one retry');
    assert.equal(collection.quorumMet, true);
    assert.deepEqual(verifiedCosigners(collection, 2), ['court', 'copyright-center']);
    assert.equal(collection.witnessSizes.get('notary'), 20);
    sizes = collection.witnessSizes;
  });

  it('is not final with two witnesses down, and becomes final once one returns', async () => {
    await stop(witnesses[1]!);
    const down = await collect(40, sizes);
    assert.deepEqual(kinds(down), {
      court: 'cosigned',
      'copyright-center': 'unreachable',
      notary: 'unreachable',
    });
    assert.equal(down.quorumMet, false);
    assert.equal(down.cosignatures.length, 1);
    assert.throws(() => verifiedCosigners(down, 2), /COSIGNATURE_QUORUM_NOT_MET|valid cosignatures/);
    await restart(witnesses[2]!);
    const back = await collect(40, down.witnessSizes);
    assert.deepEqual(kinds(back), {
      court: 'cosigned',
      'copyright-center': 'unreachable',
      notary: 'cosigned',
    });
    assert.equal(back.quorumMet, true);
    assert.deepEqual(verifiedCosigners(back, 2), ['court', 'notary']);
    await restart(witnesses[1]!);
    sizes = back.witnessSizes;
  });

  it('re-sends from the size each witness reports when the sequencer forgot them (409)', async () => {
    const collection = await collect(50, new Map());
    assert.deepEqual(
      collection.outcomes.map((o) => [o.witness, o.kind, o.attempts]),
      [
        ['court', 'cosigned', 2],
        ['copyright-center', 'cosigned', 2],
        ['notary', 'cosigned', 2],
      ],
    );
    sizes = collection.witnessSizes;
  });

  it('is refused by every witness for a forked checkpoint, which reports the fork', async () => {
    const forked = new TestLog(log.origin, 'sha256', log.signer).append(50, 'forked');
    const collection = await collect(50, sizes, forked.signCheckpoint(50));
    assert.deepEqual(kinds(collection), { court: 'alarm', 'copyright-center': 'alarm', notary: 'alarm' });
    assert.equal(collection.forkReported, true);
    assert.equal(collection.quorumMet, false);
    assert.deepEqual(collection.cosignatures, []);
    for (const witness of witnesses) {
      const alarms = (await (await witness.app.request('/witness/alarms')).json()) as {
        alarms: { kind: string }[];
      };
      assert.deepEqual(
        alarms.alarms.map((a) => a.kind),
        ['fork'],
      );
    }
    const after = await collect(60, sizes);
    assert.deepEqual(
      after.outcomes.map((o) => [o.kind, o.code]),
      [
        ['alarm', 'WITNESS_LOG_FROZEN'],
        ['alarm', 'WITNESS_LOG_FROZEN'],
        ['alarm', 'WITNESS_LOG_FROZEN'],
      ],
    );
  });

  it('gives up on a witness that never answers after its timeout and retries', async () => {
    const hanging: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/witness`;
    try {
      const started = performance.now();
      const collection = await collectCosignatures(
        {
          checkpointNote: log.signCheckpoint(60),
          witnesses: [{ name: 'silent', key: toVerifierKey(witnesses[0]!.key), url }],
          quorum: 1,
        },
        context,
        { timeoutMs: 150, retries: 1, retryDelayMs: 10 },
      );
      const elapsedMs = performance.now() - started;
      assert.equal(collection.outcomes[0]!.kind, 'unreachable');
      assert.equal(collection.outcomes[0]!.attempts, 2);
      assert.ok(elapsedMs >= 300 && elapsedMs < 2_000, `took ${elapsedMs} ms`);
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });
});
