import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CliError } from './errors.ts';
import { describeFinalityWait, readChainFinalityView, type ChainFinalityView } from './finality-status.ts';

const VIEW: ChainFinalityView = {
  treeSize: 12,
  finalTreeSize: 9,
  cosigners: ['court'],
  quorum: 2,
  sequencer: 'court',
  witnesses: ['court', 'copyright-center', 'notary', 'forensics'],
  maxMergeDelayMs: 10_000,
  failing: [],
};

describe('describeFinalityWait', () => {
  it('counts the independent cosignatures of a covering checkpoint against the quorum, and names the independent witnesses not heard from', () => {
    assert.equal(
      describeFinalityWait(VIEW, [9, 10, 11]),
      "the checkpoint of tree size 12 is cosigned by 0 of 3 independent witnesses, but the quorum is 2; the sequencer's own witness (court) does not count; no cosignature yet from copyright-center, notary, forensics",
    );
    assert.equal(
      describeFinalityWait({ ...VIEW, cosigners: ['notary', 'court'] }, [11]),
      "the checkpoint of tree size 12 is cosigned by 1 of 3 independent witnesses (notary), but the quorum is 2; the sequencer's own witness (court) does not count; no cosignature yet from copyright-center, forensics",
    );
  });

  it('counts every witness from a server that does not name the sequencer', () => {
    assert.equal(
      describeFinalityWait(
        { ...VIEW, sequencer: '', witnesses: ['court', 'copyright-center', 'notary'] },
        [11],
      ),
      'the checkpoint of tree size 12 is cosigned by 1 of 3 independent witnesses (court), but the quorum is 2; no cosignature yet from copyright-center, notary',
    );
  });

  it('names the witnesses whose last answer failed, with why, apart from those not heard from', () => {
    assert.equal(
      describeFinalityWait(
        { ...VIEW, failing: [{ name: 'notary', reason: 'unreachable: connect ECONNREFUSED' }] },
        [11],
      ),
      "the checkpoint of tree size 12 is cosigned by 0 of 3 independent witnesses, but the quorum is 2; the sequencer's own witness (court) does not count; failing: notary (unreachable: connect ECONNREFUSED); no cosignature yet from copyright-center, forensics",
    );
  });

  it('says when no checkpoint covers the highest entry yet', () => {
    assert.equal(
      describeFinalityWait(VIEW, [11, 12]),
      'no checkpoint covers entry 12 yet (the latest has tree size 12; the sequencer integrates within 10 s)',
    );
    assert.equal(
      describeFinalityWait({ ...VIEW, treeSize: 0, finalTreeSize: 0, cosigners: [] }, [0]),
      'no checkpoint covers entry 0 yet (no checkpoint yet; the sequencer integrates within 10 s)',
    );
  });

  it('says when the quorum is there but the server has not counted the checkpoint final yet', () => {
    assert.equal(
      describeFinalityWait({ ...VIEW, cosigners: ['court', 'notary', 'forensics'] }, [11]),
      "the checkpoint of tree size 12 is cosigned by 2 of 3 independent witnesses (notary, forensics), quorum 2; the sequencer's own witness (court) does not count; the server has not counted it final yet",
    );
  });

  it('says when the chain is final up to the entries already', () => {
    assert.equal(
      describeFinalityWait({ ...VIEW, finalTreeSize: 12 }, [10, 11]),
      'the chain is final up to them; fetching the bundles',
    );
  });
});

describe('readChainFinalityView', () => {
  it('reads the finality fields of the chain view and leaves the rest', () => {
    const { failing: _failing, ...older } = VIEW;
    assert.deepEqual(
      readChainFinalityView({ ...older, name: 'evidence', checkpoint: null }),
      VIEW,
      'a server without witnessStatus',
    );
    const witnessStatus = [
      { name: 'court', state: 'ok', lastOutcome: 'cosigned', lastCosignedSize: 12 },
      { name: 'notary', state: 'failing', lastOutcome: 'unreachable', reason: 'timeout' },
      { name: 'copyright-center', state: 'unknown' },
    ];
    const { sequencer: _sequencer, ...withoutSequencer } = older;
    assert.equal(readChainFinalityView(withoutSequencer).sequencer, '', 'a server that does not name it');
    assert.deepEqual(readChainFinalityView({ ...older, witnessStatus }).failing, [
      { name: 'notary', reason: 'unreachable: timeout' },
    ]);
  });

  it('throws SERVER_ANSWER_INVALID naming the field the server got wrong', () => {
    for (const [body, field] of [
      [null, 'object'],
      [[VIEW], 'object'],
      [{ ...VIEW, quorum: '2' }, 'quorum'],
      [{ ...VIEW, treeSize: -1 }, 'treeSize'],
      [{ ...VIEW, cosigners: [1] }, 'cosigners'],
      [{ ...VIEW, witnesses: undefined }, 'witnesses'],
      [{ ...VIEW, sequencer: 7 }, 'sequencer'],
    ] as const) {
      assert.throws(
        () => readChainFinalityView(body),
        (error: unknown) =>
          error instanceof CliError &&
          error.code === 'SERVER_ANSWER_INVALID' &&
          error.details['field'] === field,
      );
    }
  });
});
