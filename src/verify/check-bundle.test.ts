import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bytesToHex,
  createSignerKey,
  formatVerifierKey,
  hexToBytes,
  KEY_TYPE_ED25519,
  sha256,
  toVerifierKey,
  utf8ToBytes,
} from '../crypto/index.ts';
import { signBoundEntry } from '../note/index.ts';
import { checkBundle, verifyBundle } from './check-bundle.ts';
import { CheckpointChecker } from './checkpoint-check.ts';
import { VerifyError } from './errors.ts';
import type { VerificationReport } from './report.ts';
import {
  addTestEntry,
  addTestEntryObject,
  bundleOf,
  checkpointOf,
  createTestChain,
  proofOf,
  trustFileOf,
  type TestChain,
} from './testdata/test-chain.ts';
import { parseTrustFile } from './trust.ts';

function makeChain(entries = 7, options: Parameters<typeof createTestChain>[1] = {}): TestChain {
  const chain = createTestChain('evidence', options);
  for (let i = 0; i < entries; i++) addTestEntry(chain, 'evidence', `file ${i}`, { n: i });
  return chain;
}

function failedIds(report: VerificationReport): string[] {
  return report.checks.filter((c) => !c.ok).map((c) => c.id);
}

describe('checkBundle', () => {
  const chain = makeChain();
  const trust = parseTrustFile(trustFileOf([chain]));

  it('passes every check of a genuine bundle and names the cosigners', () => {
    const report = checkBundle(
      bundleOf(chain, 3),
      trust,
      { fileBytes: utf8ToBytes('file 3') },
      new CheckpointChecker(),
    );
    assert.equal(report.ok, true, JSON.stringify(report.checks, null, 2));
    assert.deepEqual(
      report.checks.map((c) => c.id),
      ['entry', 'leaf-hash', 'checkpoint-signature', 'cosignatures', 'inclusion', 'receipt', 'file-digest'],
    );
    assert.deepEqual(
      report.cosigners.map((c) => c.name),
      ['witness-1', 'witness-2', 'witness-3'],
    );
    assert.equal(report.entry?.type, 'evidence');
  });

  it('checks the receipt of a final bundle and of one not yet final', () => {
    const final = checkBundle(bundleOf(chain, 1), trust);
    assert.equal(final.checks.find((c) => c.id === 'receipt')?.ok, true);
    const notFinal = bundleOf(chain, 1, chain.entries.length, checkpointOf(chain, chain.entries.length, 1));
    const report = checkBundle(notFinal, trust);
    assert.equal(report.checks.find((c) => c.id === 'receipt')?.ok, true);
    const forged = { ...bundleOf(chain, 1), receipt: bundleOf(chain, 2).receipt! };
    assert.deepEqual(failedIds(checkBundle(forged, trust)), ['receipt']);
  });

  it('verifies every index of trees of sizes 1 to 9', () => {
    const growing = createTestChain('evidence');
    const growingTrust = parseTrustFile(trustFileOf([growing]));
    for (let size = 1; size <= 9; size++) {
      addTestEntry(growing, 'evidence', `entry ${size}`);
      for (let index = 0; index < size; index++) {
        assert.equal(
          checkBundle(bundleOf(growing, index, size), growingTrust).ok,
          true,
          `index ${index} size ${size}`,
        );
      }
    }
  });

  it('fails the file check for another file and shows both digests', () => {
    const report = checkBundle(bundleOf(chain, 2), trust, { fileBytes: utf8ToBytes('file 3') });
    assert.deepEqual(failedIds(report), ['file-digest']);
    const check = report.checks.find((c) => c.id === 'file-digest')!;
    assert.equal(check.details?.['computedDigest'], `sha256:${bytesToHex(sha256(utf8ToBytes('file 3')))}`);
  });

  it('fails leaf hash and inclusion when the entry text is changed', () => {
    const bundle = bundleOf(chain, 1);
    bundle.entry = bundle.entry.replace('"n":1', '"n":2');
    const report = checkBundle(bundle, trust);
    assert.deepEqual(failedIds(report), ['leaf-hash', 'inclusion']);
    assert.equal(report.ok, false);
  });

  it('fails the entry check for a non-canonical entry text', () => {
    const bundle = bundleOf(chain, 1);
    bundle.entry = bundle.entry.replace('{', '{ ');
    assert.ok(failedIds(checkBundle(bundle, trust)).includes('entry'));
  });

  it('rejects every single-bit flip of every proof hash, showing expected and computed roots', () => {
    const bundle = bundleOf(chain, 4);
    for (let p = 0; p < bundle.inclusionProof.length; p++) {
      const original = hexToBytes(bundle.inclusionProof[p]!);
      for (let bit = 0; bit < 256; bit += 7) {
        const flipped = original.slice();
        flipped[bit >> 3]! ^= 1 << (bit & 7);
        const mutated = { ...bundle, inclusionProof: bundle.inclusionProof.with(p, bytesToHex(flipped)) };
        const report = checkBundle(mutated, trust);
        assert.deepEqual(failedIds(report), ['inclusion']);
        const details = report.checks.find((c) => c.id === 'inclusion')!.details!;
        assert.notEqual(details['expectedRoot'], details['computedRoot']);
      }
    }
  });

  it('rejects a proof with a hash dropped or added, and a wrong index', () => {
    const bundle = bundleOf(chain, 4);
    assert.deepEqual(
      failedIds(checkBundle({ ...bundle, inclusionProof: bundle.inclusionProof.slice(1) }, trust)),
      ['inclusion'],
    );
    const longer = [...bundle.inclusionProof, bundle.inclusionProof[0]!];
    assert.deepEqual(failedIds(checkBundle({ ...bundle, inclusionProof: longer }, trust)), ['inclusion']);
    assert.ok(failedIds(checkBundle({ ...bundle, index: 5 }, trust)).includes('inclusion'));
  });

  it('fails the quorum check with fewer cosignatures than the quorum', () => {
    const bundle = bundleOf(chain, 0, chain.entries.length, checkpointOf(chain, chain.entries.length, 1));
    const report = checkBundle(bundle, trust);
    assert.deepEqual(failedIds(report), ['cosignatures']);
    assert.match(report.checks.find((c) => c.id === 'cosignatures')!.summary, /quorum is 2/);
  });

  it("fails the checkpoint when it is signed by another chain's sequencer", () => {
    const impostor = makeChain();
    impostor.origin = chain.origin;
    const bundle = bundleOf(chain, 0, chain.entries.length, checkpointOf(impostor, chain.entries.length));
    const report = checkBundle(bundle, trust);
    assert.ok(failedIds(report).includes('checkpoint-signature'));
    assert.equal(
      report.checks.some((c) => c.id === 'inclusion'),
      false,
    );
  });

  it('fails inclusion when the bundle states another tree size than its checkpoint', () => {
    const bundle = bundleOf(chain, 0, 5);
    const report = checkBundle({ ...bundle, checkpoint: checkpointOf(chain, 6) }, trust);
    assert.deepEqual(failedIds(report), ['inclusion']);
  });

  it('throws CHAIN_UNKNOWN for a chain the trust file lacks and BUNDLE_INVALID for a wrong origin', () => {
    const bundle = bundleOf(chain, 0);
    assert.throws(
      () => checkBundle({ ...bundle, chain: 'works' }, trust),
      (e: unknown) => e instanceof VerifyError && e.code === 'CHAIN_UNKNOWN',
    );
    assert.throws(
      () => checkBundle({ ...bundle, origin: 'x/y' }, trust),
      (e: unknown) => e instanceof VerifyError && e.code === 'BUNDLE_INVALID',
    );
  });

  it('verifyBundle throws BUNDLE_NOT_VERIFIED with the report', () => {
    const bundle = bundleOf(chain, 2);
    assert.equal(verifyBundle(bundle, trust).ok, true);
    assert.throws(
      () => verifyBundle(bundle, trust, { fileBytes: utf8ToBytes('other') }),
      (e: unknown) =>
        e instanceof VerifyError &&
        e.code === 'BUNDLE_NOT_VERIFIED' &&
        (e.details['report'] as VerificationReport).ok === false,
    );
  });

  it('does not reuse a cached checkpoint outcome under another trust file', () => {
    const checker = new CheckpointChecker();
    const bundle = bundleOf(chain, 2);
    assert.equal(checkBundle(bundle, trust, {}, checker).ok, true);
    const otherKeys = createTestChain('evidence');
    otherKeys.origin = chain.origin;
    const otherTrust = parseTrustFile(trustFileOf([otherKeys]));
    assert.ok(failedIds(checkBundle(bundle, otherTrust, {}, checker)).includes('checkpoint-signature'));
    const stricter = parseTrustFile({
      ...trustFileOf([chain]),
      chains: [{ ...trustFileOf([chain]).chains[0], quorum: 3 }],
    });
    assert.equal(checkBundle(bundleOf(chain, 2, 7, checkpointOf(chain, 7, 2)), trust, {}, checker).ok, true);
    assert.deepEqual(
      failedIds(checkBundle(bundleOf(chain, 2, 7, checkpointOf(chain, 7, 2)), stricter, {}, checker)),
      ['cosignatures'],
    );
  });

  it('verifies an SM3 chain', () => {
    const smChain = makeChain(5, { hashAlgorithm: 'sm3' });
    const smTrust = parseTrustFile(trustFileOf([smChain]));
    assert.equal(checkBundle(bundleOf(smChain, 3), smTrust).ok, true);
  });
});

describe('checkBundle with cross-chain anchors', () => {
  const evidence = makeChain(6);
  const works = createTestChain('works');
  addTestEntry(works, 'work', 'a work');
  const anchoredCheckpoint = checkpointOf(evidence, 6);
  const anchorIndex = addTestEntry(works, 'anchor', anchoredCheckpoint, { chain: 'evidence', size: 6 });
  addTestEntry(works, 'work', 'another work');
  const trust = parseTrustFile(trustFileOf([evidence, works]));
  // The evidence chain has grown since it was anchored.
  addTestEntry(evidence, 'evidence', 'later');
  const anchor = {
    checkpoint: anchoredCheckpoint,
    inclusionProof: proofOf(evidence, 2, 6),
    bundle: bundleOf(works, anchorIndex),
  };

  it('verifies the entry, the anchor entry on the other chain, and inclusion under the anchored checkpoint', () => {
    const report = checkBundle({ ...bundleOf(evidence, 2), anchors: [anchor] }, trust);
    assert.equal(report.ok, true, JSON.stringify(report.checks, null, 2));
    assert.match(report.checks.find((c) => c.id === 'anchor')!.summary, /anchored on chain works at index 1/);
  });

  it('fails when the anchored checkpoint is not the one the anchor entry records', () => {
    const report = checkBundle(
      { ...bundleOf(evidence, 2), anchors: [{ ...anchor, checkpoint: checkpointOf(evidence, 5) }] },
      trust,
    );
    assert.deepEqual(failedIds(report), ['anchor']);
  });

  it('fails when the anchor proof is for another entry', () => {
    const report = checkBundle({ ...bundleOf(evidence, 3), anchors: [anchor] }, trust);
    assert.deepEqual(failedIds(report), ['anchor']);
  });
});

describe('checkBundle › authority', () => {
  const works = createTestChain('works');
  const registrar = createSignerKey('copyright.test/registrar', KEY_TYPE_ED25519);
  const unitKey = createSignerKey('unit-b', KEY_TYPE_ED25519);
  const entry = {
    v: 1,
    type: 'work',
    digest: `sha256:${'cd'.repeat(32)}`,
    unit: 'unit-b',
    time: '2026-11-21T08:00:00.000Z',
    meta: { number: 'SC-2026-W-00000001-3' },
  };
  const bound = {
    origin: works.origin,
    type: 'work',
    unit: 'unit-b',
    digest: entry.digest,
    meta: entry.meta,
  };
  const genuine = addTestEntryObject(works, { ...entry, sig: signBoundEntry(bound, registrar) });
  const forged = addTestEntryObject(works, { ...entry, sig: signBoundEntry(bound, unitKey) });
  const unsigned = addTestEntryObject(works, entry);
  const json = trustFileOf([works]);
  json.members = [{ name: 'copyright-center', role: 'copyright-center' }];
  json.authorities = [
    {
      member: 'copyright-center',
      chain: 'works',
      key: formatVerifierKey(toVerifierKey(registrar)),
      types: ['work'],
    },
  ];
  const trust = parseTrustFile(json);

  it('shows the authority check as its own line for a registration signed by the registrar', () => {
    const report = checkBundle(bundleOf(works, genuine), trust);
    assert.equal(report.ok, true, JSON.stringify(report.checks, null, 2));
    assert.deepEqual(report.checks[1], {
      id: 'authority',
      ok: true,
      summary:
        "signed by copyright-center's key, which the consortium authorises to register works on chain works",
      details: {
        type: 'work',
        chain: 'works',
        member: 'copyright-center',
        signerKey: formatVerifierKey(toVerifierKey(registrar)),
      },
    });
  });

  it('fails only the authority check of an otherwise sound bundle whose registration a unit signed', () => {
    for (const [index, code] of [
      [forged, 'ENTRY_AUTHORITY_UNAUTHORIZED'],
      [unsigned, 'ENTRY_AUTHORITY_MISSING'],
    ] as const) {
      const report = checkBundle(bundleOf(works, index), trust);
      assert.deepEqual(failedIds(report), ['authority']);
      assert.equal(report.checks.find((c) => c.id === 'authority')!.details!['code'], code);
    }
  });

  it('adds no authority line for an evidence entry', () => {
    const report = checkBundle(bundleOf(works, addTestEntry(works, 'evidence', 'x')), trust);
    assert.equal(
      report.checks.some((c) => c.id === 'authority'),
      false,
    );
  });
});
