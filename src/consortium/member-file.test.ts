import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createSignerKey,
  formatVerifierKey,
  KEY_TYPE_COSIGNATURE_V1,
  KEY_TYPE_ED25519,
  sameVerifierKey,
  toVerifierKey,
} from '../crypto/index.ts';
import { isSealchainError } from '../errors/index.ts';
import { formatMemberFile, MAX_MEMBER_FILE_BYTES, parseMemberFile, planMember } from './member-file.ts';

const hasCode = (code: string, path?: string) => (error: unknown) =>
  isSealchainError(error) &&
  error.code === code &&
  (path === undefined || error.details['path'] === path) &&
  !error.message.includes('\n');

const COURT = {
  name: 'court',
  role: 'court' as const,
  displayName: 'Internet Court (互联网法院)',
  sequencers: [{ chain: 'evidence' }],
  witness: true,
  url: 'https://court.example.cn/',
};

function courtDocument(): Record<string, unknown> {
  return JSON.parse(formatMemberFile(planMember(COURT).member));
}

describe('planMember', () => {
  it('creates one key a role, names them after the host, and lists the public halves with their URLs', () => {
    const { member, keys } = planMember(COURT);
    assert.deepEqual(
      keys.map((k) => [k.kind, k.chain, k.key.name, k.key.type]),
      [
        ['sequencer', 'evidence', 'court.example.cn/evidence', KEY_TYPE_ED25519],
        ['witness', undefined, 'court.example.cn/witness', KEY_TYPE_COSIGNATURE_V1],
        ['service', undefined, 'court.example.cn/service', KEY_TYPE_ED25519],
      ],
    );
    assert.ok(sameVerifierKey(member.service!.key, toVerifierKey(keys[2]!.key)));
    assert.deepEqual(member.sequencers[0]!.url, 'https://court.example.cn/log/evidence');
    assert.equal(member.sequencers[0]!.origin, 'court.example.cn/evidence');
    assert.ok(sameVerifierKey(member.sequencers[0]!.key, toVerifierKey(keys[0]!.key)));
    assert.equal(member.witness!.url, 'https://court.example.cn/witness/court');
    assert.ok(sameVerifierKey(member.witness!.key, toVerifierKey(keys[1]!.key)));
  });

  it('takes an explicit origin, witness key name and witness base (a witness on a port of its own)', () => {
    const { member } = planMember({
      ...COURT,
      sequencers: [{ chain: 'evidence', origin: 'court.example.cn/evidence/2026' }],
      url: 'http://10.0.0.1:8081',
      witnessUrl: 'http://10.0.0.1:8082',
      witnessKeyName: 'court.example.cn/witness',
    });
    assert.equal(member.sequencers[0]!.origin, 'court.example.cn/evidence/2026');
    assert.equal(member.sequencers[0]!.url, 'http://10.0.0.1:8081/log/evidence');
    assert.equal(member.witness!.key.name, 'court.example.cn/witness');
    assert.equal(member.witness!.url, 'http://10.0.0.1:8082/witness/court');
  });

  it('refuses a bad name, a member with no role to play, a bad URL and an origin holding "+"', () => {
    const bad = (options: Partial<typeof COURT> & Record<string, unknown>, key: string) =>
      assert.throws(
        () => planMember({ ...COURT, ...options } as typeof COURT),
        (e) =>
          hasCode('CONSORTIUM_OPTIONS_INVALID')(e) && (e as { details: { key: string } }).details.key === key,
      );
    bad({ name: 'Court' }, 'name');
    bad({ sequencers: [], witness: false }, 'sequencers');
    bad({ url: 'ftp://court.example.cn' }, 'url');
    bad({ sequencers: [{ chain: 'evidence', origin: 'a+b' }] } as never, 'origin');
    bad({ sequencers: [{ chain: 'evidence' }, { chain: 'evidence' }] }, 'chain');
    bad({ witnessKeyName: 'x y' } as never, 'witnessKeyName');
  });
});

describe('parseMemberFile', () => {
  it('reads back what formatMemberFile wrote', () => {
    const { member } = planMember(COURT);
    assert.deepEqual(parseMemberFile(formatMemberFile(member), 'court.member.json'), member);
    assert.deepEqual(
      parseMemberFile(new TextEncoder().encode(formatMemberFile(member)), 'court.member.json'),
      member,
    );
  });

  it('answers malformed, oversized and mistyped files with MEMBER_FILE_INVALID naming file and field', () => {
    const cases: [string | Uint8Array, string][] = [
      ['{"format": "sealchain-member/v1",', '$'],
      [new Uint8Array([0x7b, 0xff, 0x7d]), '$'],
      [' '.repeat(MAX_MEMBER_FILE_BYTES + 1), '$'],
      ['[]', '$'],
      ['null', '$'],
      ['"court"', '$'],
      [JSON.stringify({ ...courtDocument(), format: 'sealchain-bundle/v1' }), '$.format'],
      [JSON.stringify({ ...courtDocument(), name: 7 }), '$.name'],
      [JSON.stringify({ ...courtDocument(), name: '../../etc' }), '$.name'],
      [JSON.stringify({ ...courtDocument(), role: 'king' }), '$.role'],
      [JSON.stringify({ ...courtDocument(), sequencers: {} }), '$.sequencers'],
      [JSON.stringify({ ...courtDocument(), sequencers: ['x'] }), '$.sequencers[0]'],
      [JSON.stringify({ ...courtDocument(), witness: { key: 'not a key' } }), '$.witness.key'],
      [JSON.stringify({ ...courtDocument(), witness: { key: 12 } }), '$.witness.key'],
      [JSON.stringify({ ...courtDocument(), colour: 'red' }), '$.colour'],
      [JSON.stringify({ ...courtDocument(), displayName: 'x'.repeat(256) }), '$.displayName'],
    ];
    for (const [input, path] of cases) {
      assert.throws(() => parseMemberFile(input, 'court.member.json'), hasCode('MEMBER_FILE_INVALID', path));
    }
    assert.throws(
      () => parseMemberFile('{', 'court.member.json'),
      (e) => e instanceof Error && e.message.startsWith('court.member.json: '),
    );
  });

  it('refuses a witness key given as a sequencer key, a URL that is not http, and a sequencer key not named after its origin', () => {
    const document = courtDocument();
    const [sequencer] = document['sequencers'] as Record<string, unknown>[];
    const witness = document['witness'] as Record<string, unknown>;
    const withSequencer = (change: Record<string, unknown>) =>
      JSON.stringify({ ...document, sequencers: [{ ...sequencer, ...change }] });
    assert.throws(
      () => parseMemberFile(withSequencer({ key: witness['key'] }), 'f'),
      hasCode('MEMBER_FILE_INVALID', '$.sequencers[0].key'),
    );
    assert.throws(
      () => parseMemberFile(withSequencer({ url: 'javascript:alert(1)' }), 'f'),
      hasCode('MEMBER_FILE_INVALID', '$.sequencers[0].url'),
    );
    const other = formatVerifierKey(toVerifierKey(createSignerKey('elsewhere.example/evidence')));
    assert.throws(
      () => parseMemberFile(withSequencer({ key: other }), 'f'),
      hasCode('MEMBER_FILE_INVALID', '$.sequencers[0].key'),
    );
    assert.throws(
      () => parseMemberFile(JSON.stringify({ ...document, sequencers: [sequencer, sequencer] }), 'f'),
      hasCode('MEMBER_FILE_INVALID', '$.sequencers'),
    );
  });
});
