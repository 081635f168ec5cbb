import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSignerKey, KEY_TYPE_COSIGNATURE_V1, toVerifierKey } from '../crypto/index.ts';
import type { AppendRequest } from '../ledger/index.ts';
import { cosignCheckpoint, formatSignatureLine } from '../note/index.ts';
import type { TrustedChain } from '../verify/index.ts';
import { Anchorer } from './anchorer.ts';
import type { IndexedAnchor } from './chain-index-storage.ts';
import { TestLog } from './test-support/test-log.ts';

const witnessKey = createSignerKey('notary.sealchain.test/witness', KEY_TYPE_COSIGNATURE_V1);
const worksLog = new TestLog('copyright.sealchain.test/works');
const works: TrustedChain = {
  name: 'works',
  origin: worksLog.origin,
  hashAlgorithm: 'sha256',
  sequencer: { name: 'copyright-center', key: toVerifierKey(worksLog.signer) },
  witnesses: [{ name: 'notary', key: toVerifierKey(witnessKey) }],
  quorum: 1,
  maxMergeDelayMs: 10_000,
};
const evidence: TrustedChain = { ...works, name: 'evidence', origin: 'court.sealchain.test/evidence' };

function cosign(note: string): string {
  const body = note.slice(0, note.indexOf('\n\n') + 1);
  return `${note}${formatSignatureLine(cosignCheckpoint(body, witnessKey, 1_700_000_000))}\n`;
}

function setUp(latestAnchor: IndexedAnchor | null = null) {
  let served: string | null = null;
  const appended: AppendRequest[] = [];
  const errors: string[] = [];
  const anchorer = new Anchorer({
    chain: evidence,
    anchored: [works],
    readFinalCheckpoint: async () => served,
    readLatestAnchor: async () => latestAnchor,
    append: async (request) => {
      appended.push(request);
      return { leafIndex: appended.length - 1, replayed: false };
    },
    onError: (message) => errors.push(message),
  });
  return { anchorer, appended, errors, serve: (note: string | null) => (served = note) };
}

describe('Anchorer', () => {
  it('anchors the other chain’s final checkpoint once it verifies, and again only when it grew', async () => {
    const { anchorer, appended, serve } = setUp();
    assert.deepEqual(await anchorer.anchorNow(), [{ chain: 'works', outcome: 'none' }]);
    worksLog.append(4);
    serve(cosign(worksLog.signCheckpoint()));
    assert.deepEqual(await anchorer.anchorNow(), [
      { chain: 'works', outcome: 'anchored', treeSize: 4, leafIndex: 0 },
    ]);
    assert.deepEqual(await anchorer.anchorNow(), [{ chain: 'works', outcome: 'unchanged', treeSize: 4 }]);
    worksLog.append(2);
    serve(cosign(worksLog.signCheckpoint()));
    await anchorer.anchorNow();
    assert.deepEqual(
      appended.map((r) => [r.type, r.unit, r.meta?.['treeSize']]),
      [
        ['anchor', 'consortium:anchor', 4],
        ['anchor', 'consortium:anchor', 6],
      ],
    );
  });

  it('refuses a checkpoint without the quorum of cosignatures, and reports it', async () => {
    const { anchorer, appended, errors, serve } = setUp();
    serve(new TestLog(works.origin, 'sha256', worksLog.signer).append(3).signCheckpoint());
    assert.deepEqual(await anchorer.anchorNow(), [{ chain: 'works', outcome: 'failed' }]);
    assert.equal(appended.length, 0);
    assert.match(errors[0]!, /anchoring chain works failed/);
  });

  it('starts from the latest anchor already on the chain', async () => {
    const log = new TestLog(works.origin, 'sha256', worksLog.signer).append(5);
    const { anchorer, appended, serve } = setUp({
      leafIndex: 7,
      anchoredOrigin: works.origin,
      anchoredTreeSize: 5,
      checkpoint: '',
    });
    serve(cosign(log.signCheckpoint()));
    assert.deepEqual(await anchorer.anchorNow(), [{ chain: 'works', outcome: 'unchanged', treeSize: 5 }]);
    assert.equal(appended.length, 0);
  });
});
