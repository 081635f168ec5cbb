import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createSignerKey,
  formatVerifierKey,
  KEY_TYPE_ED25519,
  toVerifierKey,
  type SignerKey,
} from '../crypto/index.ts';
import { formatEntrySignedMessage, signBoundEntry } from '../note/index.ts';
import { bytesToBase64, signEd25519 } from '../crypto/index.ts';
import { checkEntryAuthority, type AuthorityCheckedEntry } from './entry-authority.ts';
import { createTestChain, trustFileOf } from './testdata/test-chain.ts';
import { findTrustedChain, parseTrustFile, type TrustFile } from './trust.ts';

const works = createTestChain('works');
const evidence = createTestChain('evidence');
const registrar = createSignerKey('copyright.test/registrar', KEY_TYPE_ED25519);
const court = createSignerKey('court.test/service', KEY_TYPE_ED25519);
const unitKey = createSignerKey('unit-b', KEY_TYPE_ED25519);

function consortium(): TrustFile {
  const json = trustFileOf([works, evidence]);
  json.members = [
    { name: 'court', role: 'court' },
    { name: 'copyright-center', role: 'copyright-center' },
  ];
  json.authorities = [
    {
      member: 'copyright-center',
      chain: 'works',
      key: formatVerifierKey(toVerifierKey(registrar)),
      types: ['work', 'license', 'license-revocation', 'registration-decision'],
    },
    {
      member: 'court',
      chain: 'evidence',
      key: formatVerifierKey(toVerifierKey(court)),
      types: ['verification', 'capture'],
    },
  ];
  return parseTrustFile(json);
}

const trust = consortium();
const worksChain = findTrustedChain(trust, 'works');
const evidenceChain = findTrustedChain(trust, 'evidence');

const WORK: AuthorityCheckedEntry = {
  type: 'work',
  unit: 'unit-a',
  digest: `sha256:${'ab'.repeat(32)}`,
  meta: { number: 'SC-2026-W-00000001-3', sha256: 'ab'.repeat(32) },
};

function signed(
  entry: AuthorityCheckedEntry,
  key: SignerKey,
  bound: Partial<{ origin: string; type: string; unit: string }> = {},
) {
  const sig = signBoundEntry(
    {
      origin: bound.origin ?? worksChain.origin,
      type: bound.type ?? entry.type,
      unit: bound.unit ?? entry.unit,
      digest: entry.digest,
      meta: entry.meta,
    },
    key,
  );
  return { ...entry, sig };
}

describe('checkEntryAuthority', () => {
  it('accepts a registration signed on its chain by the registrar key the consortium authorises', () => {
    const outcome = checkEntryAuthority(signed(WORK, registrar), worksChain, trust);
    assert.equal(outcome.ok, true, outcome.summary);
    assert.equal(outcome.required, true);
    assert.equal(outcome.member, 'copyright-center');
  });

  it('requires nothing of an evidence entry or an anchor', () => {
    for (const type of ['evidence', 'anchor', 'x-court/note']) {
      const outcome = checkEntryAuthority({ ...WORK, type }, evidenceChain, trust);
      assert.deepEqual([outcome.required, outcome.ok], [false, true], type);
    }
  });

  it('refuses a registration that carries no signature, in one sentence', () => {
    const outcome = checkEntryAuthority(WORK, worksChain, trust);
    assert.equal(outcome.code, 'ENTRY_AUTHORITY_MISSING');
    assert.equal(
      outcome.summary,
      'this registration is not signed by a key the consortium authorises to register works (it carries no signature)',
    );
  });

  it("refuses a registration signed by an application unit's own key, naming that key", () => {
    const outcome = checkEntryAuthority(signed(WORK, unitKey), worksChain, trust);
    assert.equal(outcome.code, 'ENTRY_AUTHORITY_UNAUTHORIZED');
    assert.match(
      outcome.summary,
      /^this registration is not signed by a key the consortium authorises to register works \(it was signed by the key named "unit-b"/,
    );
  });

  it('refuses a registration signed by a key authorised for another type (the court key)', () => {
    const outcome = checkEntryAuthority(signed(WORK, court), worksChain, trust);
    assert.equal(outcome.code, 'ENTRY_AUTHORITY_UNAUTHORIZED');
    assert.match(
      outcome.summary,
      /signed by court's key, which is authorised for verification, capture on chain evidence only/,
    );
  });

  it('refuses a registration signed by the chain sequencer key', () => {
    const outcome = checkEntryAuthority(signed(WORK, works.sequencer), worksChain, trust);
    assert.equal(outcome.code, 'ENTRY_AUTHORITY_UNAUTHORIZED');
    assert.match(outcome.summary, /the sequencer key of chain works/);
  });

  it("refuses a registrar's signature made for another type, unit or chain", () => {
    const replays = {
      type: signed({ ...WORK, type: 'work' }, registrar, { type: 'license' }),
      unit: signed(WORK, registrar, { unit: 'unit-b' }),
      chain: signed(WORK, registrar, { origin: evidenceChain.origin }),
    };
    for (const [what, entry] of Object.entries(replays)) {
      const outcome = checkEntryAuthority(entry, worksChain, trust);
      assert.equal(outcome.code, 'ENTRY_AUTHORITY_INVALID', what);
      assert.match(outcome.summary, /its signature does not verify over this entry on chain works/, what);
    }
  });

  it('refuses a signed licence carried over as a registration', () => {
    const license = signed({ ...WORK, type: 'license' }, registrar);
    const outcome = checkEntryAuthority({ ...license, type: 'work' }, worksChain, trust);
    assert.equal(outcome.code, 'ENTRY_AUTHORITY_INVALID');
  });

  it('refuses a registration whose meta was altered after signing', () => {
    const entry = signed(WORK, registrar);
    const outcome = checkEntryAuthority(
      { ...entry, meta: { ...entry.meta, number: 'SC-2026-W-00000002-1' } },
      worksChain,
      trust,
    );
    assert.equal(outcome.code, 'ENTRY_AUTHORITY_INVALID');
  });

  it("refuses a registrar's form-1 signature (digest and meta only, not bound to type and chain)", () => {
    const sig = {
      key: formatVerifierKey(toVerifierKey(registrar)),
      signature: bytesToBase64(signEd25519(registrar.seed, formatEntrySignedMessage(WORK.digest, WORK.meta))),
    };
    const outcome = checkEntryAuthority({ ...WORK, sig }, worksChain, trust);
    assert.equal(outcome.code, 'ENTRY_AUTHORITY_INVALID');
    assert.match(outcome.summary, /covers only the digest and meta/);
  });

  it('refuses a malformed signature without throwing', () => {
    for (const sig of [null, 'text', { key: 'nope', signature: 'AAAA', v: 2 }, { key: 1 }]) {
      const outcome = checkEntryAuthority({ ...WORK, sig }, worksChain, trust);
      assert.equal(outcome.code, 'ENTRY_AUTHORITY_INVALID', JSON.stringify(sig));
    }
  });

  it('refuses a registration on the evidence chain even when the registrar signed it for that chain', () => {
    const entry = signed(WORK, registrar, { origin: evidenceChain.origin });
    const outcome = checkEntryAuthority(entry, evidenceChain, trust);
    assert.equal(outcome.code, 'ENTRY_AUTHORITY_WRONG_CHAIN');
    assert.equal(
      outcome.summary,
      'this registration cannot be on chain evidence: the consortium authorises no key to register works there',
    );
  });

  it("names what each service-owned entry is when a unit wrote it (a revocation of another unit's licence, a capture)", () => {
    const revocation = checkEntryAuthority({ ...WORK, type: 'license-revocation' }, worksChain, trust);
    assert.equal(
      revocation.summary,
      'this licence revocation is not signed by a key the consortium authorises to revoke licences (it carries no signature)',
    );
    const capture = checkEntryAuthority({ ...WORK, type: 'capture' }, evidenceChain, trust);
    assert.equal(
      capture.summary,
      'this capture record is not signed by a key the consortium authorises to record web captures (it carries no signature)',
    );
    const verification = checkEntryAuthority(
      signed({ ...WORK, type: 'verification' }, unitKey, { origin: evidenceChain.origin }),
      evidenceChain,
      trust,
    );
    assert.equal(verification.code, 'ENTRY_AUTHORITY_UNAUTHORIZED');
    assert.match(
      verification.summary,
      /^this verification record is not signed by a key the consortium authorises to record verifications/,
    );
  });

  it('accepts a court verification and a capture signed by the court key on the evidence chain', () => {
    for (const type of ['verification', 'capture']) {
      const entry = signed({ ...WORK, type, meta: { result: 'verified' } }, court, {
        origin: evidenceChain.origin,
      });
      const outcome = checkEntryAuthority(entry, evidenceChain, trust);
      assert.equal(outcome.ok, true, `${type}: ${outcome.summary}`);
    }
  });
});
