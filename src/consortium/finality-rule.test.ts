import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSignerKey, KEY_TYPE_COSIGNATURE_V1, toVerifierKey } from '../crypto/index.ts';
import { cosignCheckpoint, parseNote, verifyCosignedCheckpoint } from '../note/index.ts';
import type { TrustedChain } from '../verify/index.ts';
import { ConsortiumError } from './errors.ts';
import { addWitnessCosignatures, toUncosignedHead } from './finality-rule.ts';
import { TestLog } from './test-support/test-log.ts';

const log = new TestLog('court.sealchain.test/evidence').append(5);
const NAMES = ['court', 'copyright-center', 'notary', 'forensics'];
const keys = NAMES.map((name) => createSignerKey(`${name}.sealchain.test/witness`, KEY_TYPE_COSIGNATURE_V1));
const chain: TrustedChain = {
  name: 'evidence',
  origin: log.origin,
  hashAlgorithm: 'sha256',
  sequencer: { name: 'court', key: toVerifierKey(log.signer) },
  witnesses: NAMES.map((name, i) => ({
    name,
    key: toVerifierKey(keys[i]!),
  })),
  quorum: 2,
  maxMergeDelayMs: 10_000,
};
const checkpoint = { treeSize: 5, rootHash: log.rootAt(5), note: log.signCheckpoint(5) };
const body = parseNote(checkpoint.note).text;
const cosignature = (i: number) => cosignCheckpoint(body, keys[i]!, 1_700_000_000 + i);

describe('addWitnessCosignatures', () => {
  it('adds a cosignature to the stored note and is final once two independent witnesses cosigned', () => {
    const one = addWitnessCosignatures(
      chain,
      toUncosignedHead(checkpoint),
      checkpoint,
      new Map([['court', cosignature(0)]]),
    );
    assert.deepEqual(one.cosigners, ['court']);
    assert.equal(one.final, false);
    const two = addWitnessCosignatures(chain, one, checkpoint, new Map([['notary', cosignature(2)]]));
    assert.deepEqual(two.cosigners, ['court', 'notary']);
    assert.equal(two.final, false, "the sequencer's own witness (court) does not count");
    const three = addWitnessCosignatures(chain, two, checkpoint, new Map([['forensics', cosignature(3)]]));
    assert.deepEqual(three.cosigners, ['court', 'notary', 'forensics']);
    assert.equal(three.final, true);
    const verified = verifyCosignedCheckpoint(three.note, {
      origin: log.origin,
      logKey: toVerifierKey(log.signer),
      witnessKeys: keys.map((key) => toVerifierKey(key)),
      quorum: 3,
    });
    assert.equal(verified.cosignatures.length, 3);
  });

  it("never makes a checkpoint final on the sequencer's own cosignature, nor on one witness twice", () => {
    const own = addWitnessCosignatures(
      { ...chain, quorum: 1 },
      toUncosignedHead(checkpoint),
      checkpoint,
      new Map([['court', cosignature(0)]]),
    );
    assert.equal(own.final, false);
    const once = addWitnessCosignatures(
      chain,
      toUncosignedHead(checkpoint),
      checkpoint,
      new Map([['notary', cosignature(2)]]),
    );
    const again = addWitnessCosignatures(chain, once, checkpoint, new Map([['notary', cosignature(2)]]));
    assert.equal(again.final, false);
    const stranger = addWitnessCosignatures(
      chain,
      again,
      checkpoint,
      new Map([['stranger', cosignature(1)]]),
    );
    assert.equal(stranger.final, false, 'a name the chain lacks counts nothing');
  });

  it('changes nothing when the cosignature is there already', () => {
    const once = addWitnessCosignatures(
      chain,
      toUncosignedHead(checkpoint),
      checkpoint,
      new Map([['court', cosignature(0)]]),
    );
    const twice = addWitnessCosignatures(chain, once, checkpoint, new Map([['court', cosignature(0)]]));
    assert.deepEqual(twice, once);
  });

  it('keeps a final version final', () => {
    const stored = { ...toUncosignedHead(checkpoint), final: true };
    assert.equal(addWitnessCosignatures({ ...chain, quorum: 3 }, stored, checkpoint, new Map()).final, true);
  });

  it('refuses to add to a stored checkpoint of the same size with another root', () => {
    const other = { ...toUncosignedHead(checkpoint), rootHash: log.rootAt(4) };
    assert.throws(
      () => addWitnessCosignatures(chain, other, checkpoint, new Map([['court', cosignature(0)]])),
      (error: unknown) => error instanceof ConsortiumError && error.code === 'CHECKPOINT_ROOT_MISMATCH',
    );
  });
});
