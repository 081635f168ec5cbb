import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createSignerKey,
  formatVerifierKey,
  KEY_TYPE_COSIGNATURE_V1,
  KEY_TYPE_ED25519,
  toVerifierKey,
  type KeyType,
} from '../crypto/index.ts';
import { VerifyError } from './errors.ts';
import { parseTrustFile, TRUST_FILE_VERSION } from './trust.ts';

const publicKey = (name: string, type: KeyType) =>
  formatVerifierKey(toVerifierKey(createSignerKey(name, type)));
const sequencerKey = publicKey('court.sealchain.test/evidence', KEY_TYPE_ED25519);
const witnessKeys = new Map(
  ['court', 'copyright-center', 'notary', 'forensics'].map((name) => [
    name,
    publicKey(`${name}.sealchain.test/witness`, KEY_TYPE_COSIGNATURE_V1),
  ]),
);

function trustWith(quorum: number, witnesses: { name: string; key: string }[]) {
  return {
    version: TRUST_FILE_VERSION,
    name: 'test',
    chains: [
      {
        name: 'evidence',
        origin: 'court.sealchain.test/evidence',
        hashAlgorithm: 'sha256',
        sequencer: { name: 'court', key: sequencerKey },
        witnesses,
        quorum,
        maxMergeDelayMs: 10_000,
      },
    ],
    members: [],
    authorities: [],
  };
}

const witnessesOf = (...names: string[]) => names.map((name) => ({ name, key: witnessKeys.get(name)! }));

function refusal(input: unknown): VerifyError {
  try {
    parseTrustFile(input);
  } catch (error) {
    assert.ok(error instanceof VerifyError && error.code === 'TRUST_FILE_INVALID', String(error));
    return error;
  }
  assert.fail('the trust file was accepted');
}

describe('parseTrustFile: the quorum counts independent witnesses', () => {
  it('refuses a quorum larger than the witnesses of organisations other than the sequencer’s', () => {
    const error = refusal(trustWith(3, witnessesOf('court', 'copyright-center', 'notary')));
    assert.equal(
      error.message,
      "trust file: $.chains[0].quorum is 3, but the chain has only 2 independent witnesses (copyright-center, notary): the quorum counts witnesses of organisations other than the sequencer's (court)",
    );
    assert.equal(error.details['path'], '$.chains[0].quorum');
  });

  it('accepts a quorum of every independent witness, and a fourth organisation raises the bound', () => {
    assert.equal(
      parseTrustFile(trustWith(2, witnessesOf('court', 'copyright-center', 'notary'))).chains[0]!.quorum,
      2,
    );
    const four = witnessesOf('court', 'copyright-center', 'notary', 'forensics');
    assert.equal(parseTrustFile(trustWith(3, four)).chains[0]!.quorum, 3);
    refusal(trustWith(4, four));
  });

  it('counts a further key of one organisation once', () => {
    const witnesses = [
      ...witnessesOf('court', 'notary'),
      { name: 'notary/backup', key: witnessKeys.get('forensics')! },
    ];
    assert.match(refusal(trustWith(2, witnesses)).message, /only 1 independent witness \(notary\)/);
    assert.equal(parseTrustFile(trustWith(1, witnesses)).chains[0]!.quorum, 1);
  });

  it('refuses one witness key under two names, which would count one organisation twice', () => {
    const witnesses = [...witnessesOf('notary'), { name: 'forensics', key: witnessKeys.get('notary')! }];
    assert.equal(
      refusal(trustWith(1, witnesses)).message,
      'trust file: $.chains[0].witnesses has two witnesses with one key',
    );
  });
});
