import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Mutator, runFuzz } from '../../test/support/mutator.ts';
import { ConsortiumError } from './errors.ts';
import { formatAddCheckpointRequest, parseAddCheckpointRequest } from './add-checkpoint-request.ts';
import { TestLog } from './test-support/test-log.ts';

// Hostile input: 100,000 seeded random and mutated add-checkpoint bodies; the only failure allowed
// is a ConsortiumError, and a parsed request always holds a consistent old size and proof.

const log = new TestLog('witness.fuzz.test/log').append(40);
const corpus = [
  formatAddCheckpointRequest(0, [], log.signCheckpoint(3)),
  formatAddCheckpointRequest(3, log.proveConsistency(3, 40), log.signCheckpoint(40)),
  formatAddCheckpointRequest(17, log.proveConsistency(17, 33), log.signCheckpoint(33)),
];

describe('parseAddCheckpointRequest under hostile input', () => {
  it('answers 100,000 mutated bodies with a request or a ConsortiumError', () => {
    const accepted = runFuzz(
      new Mutator(0x3717, corpus),
      100_000,
      (input) => {
        const request = parseAddCheckpointRequest(input);
        assert.ok(request.oldSize <= request.checkpoint.treeSize);
        const emptyProof = request.oldSize === 0 || request.oldSize === request.checkpoint.treeSize;
        assert.ok(!emptyProof || request.proof.length === 0);
        assert.ok(request.proof.every((hash) => hash.length === 32));
      },
      (error) => error instanceof ConsortiumError,
    );
    assert.ok(accepted > 100, `only ${accepted} mutated bodies parsed: the mutations miss the success path`);
  });
});
