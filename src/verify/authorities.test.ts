import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createSignerKey,
  formatVerifierKey,
  KEY_TYPE_COSIGNATURE_V1,
  KEY_TYPE_ED25519,
  toVerifierKey,
} from '../crypto/index.ts';
import { VerifyError } from './errors.ts';
import { createTestChain, trustFileOf, type TrustFileJson } from './testdata/test-chain.ts';
import { parseTrustFile } from './trust.ts';

const works = createTestChain('works');
const evidence = createTestChain('evidence');
const keyText = (name: string) => formatVerifierKey(toVerifierKey(createSignerKey(name, KEY_TYPE_ED25519)));
const REGISTRAR = keyText('copyright.test/registrar');
const COURT = keyText('court.test/service');

function consortium(): TrustFileJson {
  const json = trustFileOf([works, evidence]);
  json.members = [
    { name: 'court', role: 'court' },
    { name: 'copyright-center', role: 'copyright-center' },
  ];
  json.authorities = [
    { member: 'copyright-center', chain: 'works', key: REGISTRAR, types: ['work', 'license'] },
    { member: 'court', chain: 'evidence', key: COURT, types: ['verification', 'capture'] },
  ];
  return json;
}

function refusal(path: string, message: RegExp) {
  return (error: unknown) =>
    error instanceof VerifyError &&
    error.code === 'TRUST_FILE_INVALID' &&
    error.details['path'] === path &&
    message.test(error.message);
}

describe('parseTrustFile › authorities', () => {
  it('reads the members, chains, keys and types the file authorises', () => {
    const trust = parseTrustFile(consortium());
    assert.deepEqual(
      trust.authorities.map((a) => [a.member, a.chain, formatVerifierKey(a.key), a.types]),
      [
        ['copyright-center', 'works', REGISTRAR, ['work', 'license']],
        ['court', 'evidence', COURT, ['verification', 'capture']],
      ],
    );
  });

  it('refuses a version-1 file in one line saying what to do', () => {
    const json = { ...consortium(), version: 1 } as Record<string, unknown>;
    delete json['authorities'];
    assert.throws(
      () => parseTrustFile(json),
      (error: unknown) =>
        error instanceof VerifyError &&
        !error.message.includes('\n') &&
        /version.*is 1.*reads version 2.*consortium init/.test(error.message),
    );
  });

  it('refuses a file without authorities', () => {
    const json = consortium() as Partial<TrustFileJson>;
    delete json.authorities;
    assert.throws(() => parseTrustFile(json), refusal('$.authorities', /must be an array/));
  });

  const cases: [string, (json: TrustFileJson) => void, string, RegExp][] = [
    [
      'an unknown field',
      (j) => void Object.assign(j.authorities[0]!, { role: 'x' }),
      '$.authorities[0].role',
      /not a known field/,
    ],
    [
      'a member not in the file',
      (j) => void (j.authorities[0]!.member = 'notary'),
      '$.authorities[0].member',
      /not a member/,
    ],
    [
      'a chain not in the file',
      (j) => void (j.authorities[0]!.chain = 'cases'),
      '$.authorities[0].chain',
      /not a chain/,
    ],
    [
      'a type of no service',
      (j) => void (j.authorities[0]!.types = ['evidence']),
      '$.authorities[0].types[0]',
      /must be one of work, /,
    ],
    [
      'a reserved type without an owner here',
      (j) => void (j.authorities[0]!.types = ['anchor']),
      '$.authorities[0].types[0]',
      /must be one of/,
    ],
    ['no type', (j) => void (j.authorities[0]!.types = []), '$.authorities[0].types', /at least 1/],
    [
      'a type twice',
      (j) => void (j.authorities[0]!.types = ['work', 'work']),
      '$.authorities[0].types',
      /twice/,
    ],
    [
      'a malformed key',
      (j) => void (j.authorities[0]!.key = 'registrar+00+AA'),
      '$.authorities[0].key',
      /not a valid verifier key/,
    ],
    [
      'a cosignature key',
      (j) =>
        void (j.authorities[0]!.key = formatVerifierKey(
          toVerifierKey(createSignerKey('w', KEY_TYPE_COSIGNATURE_V1)),
        )),
      '$.authorities[0].key',
      /Ed25519/,
    ],
    [
      'one key twice',
      (j) => void (j.authorities[1]!.key = REGISTRAR),
      '$.authorities[1].key',
      /listed twice/,
    ],
    [
      "a chain's sequencer key",
      (j) => void (j.authorities[0]!.key = formatVerifierKey(toVerifierKey(works.sequencer))),
      '$.authorities[0].key',
      /sequencer or witness key/,
    ],
    [
      'works and evidence types on one chain',
      (j) =>
        void j.authorities.push({ member: 'court', chain: 'works', key: keyText('x'), types: ['capture'] }),
      '$.authorities[2].types',
      /capture on chain works, which other types make the works chain/,
    ],
  ];
  for (const [what, change, path, message] of cases) {
    it(`refuses ${what}`, () => {
      const json = consortium();
      change(json);
      assert.throws(() => parseTrustFile(json), refusal(path, message));
    });
  }
});
