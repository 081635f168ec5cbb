import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { isSealchainError } from '../errors/index.ts';
import { parseTrustFile } from '../verify/index.ts';
import { assembleConsortium, type MemberSource } from './consortium-assembly.ts';
import { digestConsortiumFile } from './consortium-digest.ts';
import { formatConsortiumFile } from './consortium-file.ts';
import { listWitnessedLogs } from './witnessed-logs.ts';
import { planMember, type MemberPlan } from './member-file.ts';

const hasCode = (code: string) => (error: unknown) =>
  isSealchainError(error) && error.code === code && !error.message.includes('\n');

function planThree(): Record<'court' | 'copyright' | 'notary', MemberPlan> {
  return {
    court: planMember({
      name: 'court',
      role: 'court',
      sequencers: [{ chain: 'evidence' }],
      witness: true,
      url: 'https://court.example.cn',
    }),
    copyright: planMember({
      name: 'copyright-center',
      role: 'copyright-center',
      sequencers: [{ chain: 'works' }],
      witness: true,
      url: 'https://copyright.example.cn',
    }),
    notary: planMember({
      name: 'notary',
      role: 'notary',
      sequencers: [],
      witness: true,
      url: 'https://notary.example.cn',
    }),
  };
}

const sourcesOf = (plans: Record<string, MemberPlan>): MemberSource[] =>
  Object.entries(plans).map(([name, plan]) => ({ file: `${name}.member.json`, member: plan.member }));

describe('assembleConsortium', () => {
  it("authorises each member's service key on the chain it sequences, for the types of its role", () => {
    const plans = planThree();
    const trust = assembleConsortium(sourcesOf(plans), { name: 'beijing' });
    assert.deepEqual(
      trust.authorities.map((a) => [a.member, a.chain, a.key.name, a.types]),
      [
        [
          'copyright-center',
          'works',
          'copyright.example.cn/service',
          ['work', 'license', 'license-revocation', 'registration-decision'],
        ],
        ['court', 'evidence', 'court.example.cn/service', ['verification', 'capture']],
      ],
    );
    assert.equal(
      plans.notary.member.service,
      undefined,
      'a member that sequences nothing has no service key',
    );
    assert.deepEqual(parseTrustFile(formatConsortiumFile(trust)), trust);
  });

  it('builds the consortium of three members: each chain with its sequencer, every witness, a majority quorum', () => {
    const plans = planThree();
    const trust = assembleConsortium(sourcesOf(plans), { name: 'beijing' });
    assert.deepEqual(
      trust.chains.map((c) => [c.name, c.origin, c.sequencer.name, c.sequencer.url, c.quorum]),
      [
        ['evidence', 'court.example.cn/evidence', 'court', 'https://court.example.cn/log/evidence', 2],
        [
          'works',
          'copyright.example.cn/works',
          'copyright-center',
          'https://copyright.example.cn/log/works',
          2,
        ],
      ],
    );
    for (const chain of trust.chains) {
      assert.deepEqual(
        chain.witnesses.map((w) => [w.name, w.url]),
        [
          ['copyright-center', 'https://copyright.example.cn/witness/copyright-center'],
          ['court', 'https://court.example.cn/witness/court'],
          ['notary', 'https://notary.example.cn/witness/notary'],
        ],
      );
    }
    assert.deepEqual(
      trust.members.map((m) => m.name),
      ['copyright-center', 'court', 'notary'],
    );
    // The nodes can run on it: each witness key finds both chains.
    assert.equal(listWitnessedLogs(trust, plans.notary.member.witness!.key, { audit: true }).length, 2);
    assert.deepEqual(parseTrustFile(formatConsortiumFile(trust)), trust);
  });

  it('gives the same file, and digest, whatever order the member files come in', () => {
    const sources = sourcesOf(planThree());
    const digest = (list: MemberSource[]) =>
      digestConsortiumFile(formatConsortiumFile(assembleConsortium(list, { name: 'beijing', quorum: 2 })));
    assert.equal(digest(sources), digest([...sources].reverse()));
    assert.equal(digest(sources), digest([sources[1]!, sources[2]!, sources[0]!]));
  });

  it('keeps the order of the chains it is given and refuses a chain nobody sequences', () => {
    const sources = sourcesOf(planThree());
    const trust = assembleConsortium(sources, { name: 'b', chains: ['works', 'evidence'] });
    assert.deepEqual(
      trust.chains.map((c) => c.name),
      ['works', 'evidence'],
    );
    assert.throws(
      () => assembleConsortium(sources, { name: 'b', chains: ['evidence', 'works', 'archives'] }),
      (e) => hasCode('CHAIN_SEQUENCER_MISSING')(e) && /"archives"/.test((e as Error).message),
    );
    assert.throws(
      () => assembleConsortium(sources, { name: 'b', chains: ['evidence'] }),
      hasCode('CONSORTIUM_OPTIONS_INVALID'),
    );
    assert.throws(
      () => assembleConsortium(sources.slice(2), { name: 'b' }),
      hasCode('CHAIN_SEQUENCER_MISSING'),
    );
  });

  it('refuses two members of one name, one key in two files, one chain or origin sequenced twice', () => {
    const plans = planThree();
    const sources = sourcesOf(plans);
    const court = plans.court.member;
    const duplicate = (member: MemberSource['member'], kind: string) =>
      assert.throws(
        () => assembleConsortium([...sources, { file: 'intruder.member.json', member }], { name: 'b' }),
        (e) =>
          hasCode('MEMBER_DUPLICATE')(e) &&
          (e as { details: { kind: string; files: string[] } }).details.kind === kind &&
          /intruder\.member\.json/.test((e as Error).message),
      );
    duplicate({ ...court }, 'name');
    duplicate({ name: 'copycat', role: 'other', sequencers: [], witness: court.witness! }, 'key');
    const works = plans.copyright.member.sequencers[0]!;
    const otherWorks = planMember({
      name: 'copycat',
      role: 'other',
      sequencers: [{ chain: 'works' }],
      witness: false,
      url: 'https://copycat.example',
    }).member;
    duplicate(otherWorks, 'chain');
    const sameOrigin = planMember({
      name: 'copycat',
      role: 'other',
      sequencers: [{ chain: 'works2', origin: works.origin }],
      witness: false,
      url: 'https://copycat.example',
    }).member;
    duplicate(sameOrigin, 'origin');
  });

  it('refuses a quorum larger than the independent witnesses of a chain, and bad options', () => {
    const sources = sourcesOf(planThree());
    assert.throws(
      () => assembleConsortium(sources, { name: 'b', quorum: 3 }),
      (e) =>
        hasCode('QUORUM_UNREACHABLE')(e) &&
        (e as Error).message ===
          "a quorum of 3 needs 3 independent witnesses on chain evidence, but the member files bring 2 besides its sequencer's own (court) (copyright-center, notary)",
    );
    assert.equal(assembleConsortium(sources, { name: 'b', quorum: 2 }).chains[0]!.quorum, 2);
    assert.equal(assembleConsortium(sources, { name: 'b', quorum: 1 }).chains[1]!.quorum, 1);
    assert.throws(() => assembleConsortium(sources, { name: '' }), hasCode('CONSORTIUM_OPTIONS_INVALID'));
    assert.throws(
      () => assembleConsortium(sources, { name: 'b', quorum: 0 }),
      hasCode('CONSORTIUM_OPTIONS_INVALID'),
    );
    assert.throws(
      () => assembleConsortium(sources, { name: 'b', colour: 'red' } as never),
      hasCode('CONSORTIUM_OPTIONS_INVALID'),
    );
    assert.throws(() => assembleConsortium([], { name: 'b' }), hasCode('CONSORTIUM_OPTIONS_INVALID'));
  });
});

describe('digestConsortiumFile', () => {
  it('is SHA-256 over the RFC 8785 canonical form: layout and key order do not count, content does', () => {
    // The canonical form of this text is {"a":[1,"é"],"b":true} (RFC 8785 §3.2.3: names sorted).
    const expected = createHash('sha256').update('{"a":[1,"é"],"b":true}', 'utf8').digest('hex');
    assert.equal(digestConsortiumFile('{\n  "b": true,\n  "a": [1.0, "\\u00e9"]\n}\n'), `sha256:${expected}`);
    assert.notEqual(digestConsortiumFile('{"a":[1,"é"],"b":false}'), `sha256:${expected}`);
    assert.throws(() => digestConsortiumFile('{"a":'), hasCode('CONSORTIUM_FILE_INVALID'));
    assert.throws(() => digestConsortiumFile('"\\ud800"'), hasCode('CONSORTIUM_FILE_INVALID'));
  });
});
