import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSignerKey, toVerifierKey, utf8ToBytes } from '../crypto/index.ts';
import { buildEntry, DEFAULT_LEDGER_OPTIONS, type EntryFields, type StoredEntry } from '../ledger/index.ts';
import type { ProofBundle, TrustedChain, TrustFile } from '../verify/index.ts';
import { buildAnchorRequest } from './anchor-entry.ts';
import { ChainIndexer } from './chain-indexer.ts';
import { createEntrySigner } from './entry-signer.ts';
import { MemoryChainIndexStorage } from './test-support/memory-chain-index-storage.ts';
import { TestLog } from './test-support/test-log.ts';
import { buildVerificationFields } from './verification-entry.ts';

function makeChain(name: string, origin: string): TrustedChain {
  return {
    name,
    origin,
    hashAlgorithm: 'sha256',
    sequencer: { name, key: toVerifierKey(createSignerKey(origin)) },
    witnesses: [],
    quorum: 0,
    maxMergeDelayMs: 10_000,
  };
}

const evidence = makeChain('evidence', 'court.sealchain.test/evidence');
const works = makeChain('works', 'copyright.sealchain.test/works');
const digest = `sha256:${'ab'.repeat(32)}`;
const courtKey = createSignerKey('court-service');
// The court's service key may sign verification records on the evidence chain, and nothing else.
const trust: TrustFile = {
  version: 1,
  name: 'test',
  chains: [evidence, works],
  members: [],
  authorities: [
    { member: 'court', chain: 'evidence', key: toVerifierKey(courtKey), types: ['verification'] },
  ],
};
const signByCourt = createEntrySigner(trust, evidence, new Map([['court', courtKey]]));

function store(fields: readonly EntryFields[]): StoredEntry[] {
  return fields.map((f, leafIndex) => ({
    leafIndex,
    entry: buildEntry(f, '2026-01-01T00:00:00.000Z', DEFAULT_LEDGER_OPTIONS).bytes,
    leafHash: new Uint8Array(32),
    unit: f.unit,
    idempotencyKey: null,
    receipt: '',
  }));
}

function verificationOf(index: number, caseNumber: string): EntryFields {
  const bundle = { chain: 'works', origin: works.origin, index, leafHash: 'ee'.repeat(32) } as ProofBundle;
  const report = {
    ok: true,
    chain: 'works',
    origin: works.origin,
    index,
    treeSize: 9,
    leafHash: 'ee'.repeat(32),
    cosigners: [],
    checks: [],
  };
  return buildVerificationFields(evidence, bundle, report, 'clerk', caseNumber);
}

/** A verification record as the court's node writes it: signed with the court's service key. */
function courtVerificationOf(index: number, caseNumber: string): EntryFields {
  return signByCourt(verificationOf(index, caseNumber));
}

describe('ChainIndexer', () => {
  it('counts entries per unit and type and keeps verification records and anchors, across batches', async () => {
    const note = new TestLog(works.origin).append(3).signCheckpoint();
    const entries = store([
      { type: 'evidence', digest, unit: 'platform' },
      { type: 'evidence', digest, unit: 'platform' },
      courtVerificationOf(4, 'case-1'),
      buildAnchorRequest(evidence, works, note, 3),
      { type: 'evidence', digest, unit: 'court' },
      courtVerificationOf(5, 'case-1'),
    ]);
    entries.push({ ...entries[0]!, leafIndex: 6, entry: utf8ToBytes('not json') });
    const storage = new MemoryChainIndexStorage();
    const errors: string[] = [];
    const indexer = new ChainIndexer({
      chain: evidence,
      trust,
      storage,
      countEntries: () => entries.length,
      readEntries: async (start, end) => entries.slice(start, end),
      limits: DEFAULT_LEDGER_OPTIONS,
      options: { batchEntries: 4 },
      onError: (message) => errors.push(message),
    });
    assert.equal(await indexer.catchUp(), 7);
    assert.deepEqual(await storage.readUnitTypeCounts(evidence.origin), [
      { unit: 'clerk', type: 'verification', entries: 2 },
      { unit: 'platform', type: 'evidence', entries: 2 },
      { unit: 'consortium:anchor', type: 'anchor', entries: 1 },
      { unit: 'court', type: 'evidence', entries: 1 },
    ]);
    const daily = await storage.readDailyUnitCounts(evidence.origin, '2026-01-01');
    assert.ok(daily.every((count) => count.day === '2026-01-01'));
    assert.equal(
      daily.reduce((total, count) => total + count.entries, 0),
      6,
      'each readable entry is counted on its Beijing day',
    );
    const summary = await storage.summarizeVerifications(evidence.origin, 5);
    assert.equal(summary.crossChainVerifications, 2);
    assert.equal(summary.crossChainCases, 1);
    assert.deepEqual(await storage.findCoveringAnchor(evidence.origin, works.origin, 2), {
      leafIndex: 3,
      anchoredOrigin: works.origin,
      anchoredTreeSize: 3,
      checkpoint: note,
    });
    assert.equal(errors.length, 1, 'the unreadable entry is reported and skipped');
    const again = new ChainIndexer({
      ...{ chain: evidence, trust, storage, limits: DEFAULT_LEDGER_OPTIONS },
      countEntries: () => 7,
      readEntries: async () => [],
    });
    assert.equal(await again.catchUp(), 7, 'a restart resumes from the stored size and reads nothing');
  });

  it('counts as court verifications only records signed by a key the consortium file authorises for them', async () => {
    const otherKey = createSignerKey('unit-own-key');
    const signByOther = createEntrySigner(
      { ...trust, authorities: [{ ...trust.authorities[0]!, key: toVerifierKey(otherKey) }] },
      evidence,
      new Map([['court', otherKey]]),
    );
    const entries = store([
      verificationOf(1, 'case-old'), // written before roles existed: no signature
      signByOther(verificationOf(2, 'case-forged')), // a key the consortium file does not authorise
      courtVerificationOf(3, 'case-court'),
    ]);
    const storage = new MemoryChainIndexStorage();
    const indexer = new ChainIndexer({
      chain: evidence,
      trust,
      storage,
      countEntries: () => entries.length,
      readEntries: async (start, end) => entries.slice(start, end),
      limits: DEFAULT_LEDGER_OPTIONS,
    });
    assert.equal(await indexer.catchUp(), 3);
    const summary = await storage.summarizeVerifications(evidence.origin, 5);
    assert.equal(summary.verifications, 1);
    assert.equal(summary.crossChainVerifications, 1);
    assert.deepEqual(
      summary.topCases.map((c) => c.caseNumber),
      ['case-court'],
    );
    assert.deepEqual(await storage.readUnitTypeCounts(evidence.origin), [
      { unit: 'clerk', type: 'verification', entries: 3 },
    ]);
    const daily = await storage.readDailyTypeCounts(evidence.origin, '2026-01-01');
    assert.deepEqual(
      daily.filter((count) => count.subtype === 'cross-chain').map((count) => count.entries),
      [1],
      'only the court verification is a cross-chain verification of the day',
    );
  });
});
