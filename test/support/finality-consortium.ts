import { Hono } from 'hono';
import { createWitnessRoutes } from '../../src/api/routes/witness.ts';
import {
  Finalizer,
  Witness,
  type CosignedTreeHead,
  type FinalityEvent,
  type FinalityOptions,
  type FinalityStorage,
  type ForkReport,
  type PostAddCheckpoint,
} from '../../src/consortium/index.ts';
import { MemoryFinalityStorage } from '../../src/consortium/test-support/memory-finality-storage.ts';
import { MemoryWitnessStorage } from '../../src/consortium/test-support/memory-witness-storage.ts';
import { TestLog } from '../../src/consortium/test-support/test-log.ts';
import {
  createSignerKey,
  KEY_TYPE_COSIGNATURE_V1,
  toVerifierKey,
  type SignerKey,
} from '../../src/crypto/index.ts';
import { verifyCosignedCheckpoint } from '../../src/note/index.ts';
import type { TrustedChain } from '../../src/verify/index.ts';

// A chain of a test log sequenced by the court with three in-process witnesses (the tlog-witness
// HTTP sub-app answering through app.request), a set of witnesses to take down, and a finalizer
// over it: what the finalizer's tests drive. As in docs/deployment.md, three organisations give the
// chain two independent witnesses (the court's own does not count), so the quorum is 1 by default.

export const NAMES = ['court', 'copyright-center', 'notary'] as const;
export const OPTIONS: Partial<FinalityOptions> = {
  checkpointPollMs: 10,
  witnessTimeoutMs: 500,
  witnessRetries: 0,
  witnessRetryMs: 20,
  maxWitnessRetryMs: 40,
};

export interface Consortium {
  log: TestLog;
  keys: SignerKey[];
  down: Set<string>;
  chain: TrustedChain;
  post: PostAddCheckpoint;
  witnesses: Witness[];
}

export function createConsortium(quorum = 1, log = new TestLog('court.sealchain.test/evidence')): Consortium {
  const keys = NAMES.map((name) =>
    createSignerKey(`${name}.sealchain.test/witness`, KEY_TYPE_COSIGNATURE_V1),
  );
  const witnesses = keys.map(
    (key) =>
      new Witness({
        signer: key,
        logs: [{ origin: log.origin, hashAlgorithm: 'sha256', logKey: toVerifierKey(log.signer) }],
        storage: new MemoryWitnessStorage(),
      }),
  );
  const apps = new Map(
    NAMES.map((name, i) => [
      `http://${name}.test/witness`,
      new Hono().route('/witness', createWitnessRoutes(witnesses[i]!, { logError: () => undefined })),
    ]),
  );
  const down = new Set<string>();
  const post: PostAddCheckpoint = async (url, body, signal) => {
    const name = NAMES.find((n) => url.includes(`//${n}.`))!;
    if (down.has(name)) throw new Error('connection refused');
    const response = await apps.get(url)!.request(`${new URL(url).pathname}/add-checkpoint`, {
      method: 'POST',
      body,
      signal,
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body: await response.text(),
    };
  };
  const chain: TrustedChain = {
    name: 'evidence',
    origin: log.origin,
    hashAlgorithm: 'sha256',
    sequencer: { name: 'court', key: toVerifierKey(log.signer) },
    witnesses: NAMES.map((name, i) => ({
      name,
      key: toVerifierKey(keys[i]!),
      url: `http://${name}.test/witness`,
    })),
    quorum,
    maxMergeDelayMs: 10_000,
  };
  return { log, keys, down, chain, post, witnesses };
}

export async function openFinalizer(
  consortium: Consortium,
  storage: FinalityStorage = new MemoryFinalityStorage(),
  hooks: {
    reports?: ForkReport[];
    finals?: CosignedTreeHead[];
    events?: FinalityEvent[];
    options?: Partial<FinalityOptions>;
  } = {},
): Promise<Finalizer> {
  const { log } = consortium;
  const finalizer = await Finalizer.open({
    chain: consortium.chain,
    storage,
    readCheckpoint: async () =>
      log.size === 0
        ? null
        : { treeSize: log.size, rootHash: log.rootAt(log.size), note: log.signCheckpoint() },
    proveConsistency: async (size1, size2) => log.proveConsistency(size1, size2),
    postAddCheckpoint: consortium.post,
    options: { ...OPTIONS, ...hooks.options },
    onForkReport: (report) => hooks.reports?.push(report),
    onFinal: (head) => hooks.finals?.push(head),
    onEvent: (event) => hooks.events?.push(event),
  });
  finalizer.start();
  return finalizer;
}

export function cosignersOf(consortium: Consortium, note: string, quorum: number): string[] {
  const verified = verifyCosignedCheckpoint(note, {
    origin: consortium.log.origin,
    logKey: toVerifierKey(consortium.log.signer),
    witnessKeys: consortium.keys.map((key) => toVerifierKey(key)),
    quorum,
  });
  return verified.cosignatures
    .map((c) => NAMES[consortium.keys.findIndex((k) => k.name === c.key.name)]!)
    .sort();
}

export async function waitUntil(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
