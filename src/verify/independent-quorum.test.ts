import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  describeQuorumRule,
  describeQuorumTally,
  isQuorumReached,
  listIndependentWitnesses,
  organisationOf,
  tallyQuorum,
  type QuorumChain,
} from './independent-quorum.ts';

const named = (...names: string[]) => names.map((name) => ({ name }));

// The local consortium's evidence chain: the court sequences, four members witness.
const evidence: QuorumChain = {
  sequencer: { name: 'court' },
  witnesses: named('court', 'copyright-center', 'notary', 'forensics'),
  quorum: 2,
};

describe('tallyQuorum', () => {
  it("never counts the sequencer's own witness", () => {
    assert.equal(isQuorumReached(evidence, ['court', 'notary']), false);
    assert.equal(isQuorumReached({ ...evidence, quorum: 1 }, ['court']), false);
    const tally = tallyQuorum(evidence, ['court', 'notary']);
    assert.deepEqual(tally.counted, ['notary']);
    assert.deepEqual(tally.ownWitnesses, ['court']);
    assert.equal(tally.reached, false);
  });

  it('is reached by two independent organisations, whoever else cosigned', () => {
    assert.equal(isQuorumReached(evidence, ['notary', 'copyright-center']), true);
    assert.equal(isQuorumReached(evidence, ['court', 'forensics', 'notary']), true);
  });

  it('counts two cosignatures of one organisation once', () => {
    const chain: QuorumChain = {
      sequencer: { name: 'court' },
      witnesses: named('court', 'notary', 'notary/backup', 'copyright-center'),
      quorum: 2,
    };
    const tally = tallyQuorum(chain, ['notary', 'notary/backup']);
    assert.deepEqual(tally.counted, ['notary']);
    assert.equal(tally.reached, false);
    assert.equal(isQuorumReached(chain, ['notary/backup', 'copyright-center']), true);
    assert.equal(isQuorumReached(evidence, ['notary', 'notary']), false, 'one witness twice is one');
  });

  it("counts a further witness of the sequencer's organisation as its own", () => {
    const chain: QuorumChain = {
      sequencer: { name: 'court' },
      witnesses: named('court/audit', 'notary', 'copyright-center'),
      quorum: 1,
    };
    assert.equal(isQuorumReached(chain, ['court/audit']), false);
    assert.deepEqual(tallyQuorum(chain, []).ownWitnesses, ['court/audit']);
  });

  it('counts nothing for a name that is not a witness of the chain', () => {
    assert.equal(isQuorumReached(evidence, ['notary', 'stranger']), false);
    assert.equal(isQuorumReached(evidence, ['notary', 'notary/forged']), false);
  });

  it('is reached at quorum 0 without any cosignature', () => {
    assert.equal(isQuorumReached({ sequencer: { name: 'court' }, witnesses: [], quorum: 0 }, []), true);
  });
});

describe('listIndependentWitnesses and organisationOf', () => {
  it('lists each organisation other than the sequencer’s once, in the file’s order', () => {
    assert.deepEqual(listIndependentWitnesses(evidence), ['copyright-center', 'notary', 'forensics']);
    assert.deepEqual(
      listIndependentWitnesses({
        sequencer: { name: 'copyright-center' },
        witnesses: named('notary/a', 'court', 'notary/b', 'copyright-center'),
      }),
      ['notary', 'court'],
    );
    assert.equal(organisationOf('notary/backup'), 'notary');
    assert.equal(organisationOf('notary'), 'notary');
  });
});

describe('describeQuorumTally and describeQuorumRule', () => {
  it('names the counted organisations and the sequencer’s own witness in one phrase', () => {
    assert.equal(
      describeQuorumTally(tallyQuorum(evidence, ['court', 'copyright-center', 'notary'])),
      "cosigned by 2 of 3 independent witnesses (copyright-center, notary), quorum 2; the sequencer's own witness (court) does not count",
    );
    assert.equal(
      describeQuorumTally(tallyQuorum(evidence, ['court', 'notary'])),
      "cosigned by 1 of 3 independent witnesses (notary), but the quorum is 2; the sequencer's own witness (court) does not count",
    );
    assert.equal(
      describeQuorumTally(tallyQuorum({ ...evidence, witnesses: named('notary', 'forensics') }, [])),
      'cosigned by 0 of 2 independent witnesses, but the quorum is 2',
    );
  });

  it('states the rule of a chain', () => {
    assert.equal(
      describeQuorumRule(evidence),
      "final at 2 of 3 independent witnesses (copyright-center, notary, forensics); the sequencer's own witness (court) does not count",
    );
  });
});
