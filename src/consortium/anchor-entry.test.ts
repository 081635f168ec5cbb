import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSignerKey, KEY_TYPE_COSIGNATURE_V1, toVerifierKey } from '../crypto/index.ts';
import { buildEntry, DEFAULT_LEDGER_OPTIONS, parseEntry } from '../ledger/index.ts';
import { cosignCheckpoint, formatSignatureLine } from '../note/index.ts';
import type { TrustedChain } from '../verify/index.ts';
import {
  ANCHOR_UNIT,
  buildAnchorRequest,
  digestAnchoredCheckpoint,
  readAnchorEntry,
} from './anchor-entry.ts';
import { TestLog } from './test-support/test-log.ts';

const TIME = '2026-01-02T03:04:05.678Z';

function makeChain(
  name: string,
  log: TestLog,
  witnessKey = createSignerKey(`${name}.w`, KEY_TYPE_COSIGNATURE_V1),
) {
  const chain: TrustedChain = {
    name,
    origin: log.origin,
    hashAlgorithm: log.hasher.algorithm,
    sequencer: { name, key: toVerifierKey(log.signer) },
    witnesses: [{ name: 'notary', key: toVerifierKey(witnessKey) }],
    quorum: 1,
    maxMergeDelayMs: 10_000,
  };
  return { chain, witnessKey };
}

function cosigned(log: TestLog, witnessKey: ReturnType<typeof createSignerKey>): string {
  const note = log.signCheckpoint();
  const body = note.slice(0, note.indexOf('\n\n') + 1);
  return `${note}${formatSignatureLine(cosignCheckpoint(body, witnessKey, 1_700_000_000))}\n`;
}

describe('anchor entries', () => {
  const evidenceLog = new TestLog('court.sealchain.test/evidence').append(5);
  const worksLog = new TestLog('copyright.sealchain.test/works', 'sm3');
  const evidence = makeChain('evidence', evidenceLog);
  const works = makeChain('works', worksLog);

  it('carry the digest src/verify recomputes: the anchoring chain’s hash of the note text', () => {
    const note = cosigned(evidenceLog, evidence.witnessKey);
    const request = buildAnchorRequest(works.chain, evidence.chain, note, 5);
    assert.equal(request.digest, digestAnchoredCheckpoint(works.chain, note));
    assert.match(request.digest, /^sm3:[0-9a-f]{64}$/);
    assert.equal(request.unit, ANCHOR_UNIT);
    assert.equal(request.idempotencyKey, `anchor:${evidenceLog.origin}:5`);
    const { bytes } = buildEntry(request, TIME, DEFAULT_LEDGER_OPTIONS);
    const entry = parseEntry(bytes, DEFAULT_LEDGER_OPTIONS);
    assert.deepEqual(readAnchorEntry(works.chain, 9, entry), {
      leafIndex: 9,
      anchoredOrigin: evidenceLog.origin,
      anchoredTreeSize: 5,
      checkpoint: note,
    });
  });

  it('are not read from entries of another unit, with another digest or a size that is not the note’s', () => {
    const note = cosigned(evidenceLog, evidence.witnessKey);
    const request = buildAnchorRequest(works.chain, evidence.chain, note, 5);
    const read = (fields: typeof request) =>
      readAnchorEntry(
        works.chain,
        0,
        parseEntry(buildEntry(fields, TIME, DEFAULT_LEDGER_OPTIONS).bytes, DEFAULT_LEDGER_OPTIONS),
      );
    assert.equal(read({ ...request, unit: 'some-platform' }), null);
    assert.equal(read({ ...request, digest: `sm3:${'0'.repeat(64)}` }), null);
    assert.equal(read({ ...request, meta: { ...request.meta, treeSize: 4 } }), null);
    assert.equal(read({ ...request, meta: { ...request.meta, checkpoint: 'not a note' } }), null);
  });
});
