import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConsortiumError } from './errors.ts';
import { checkMirrorRoot, type MirrorState } from './log-audit.ts';

const ROOT = new Uint8Array(32).fill(7);
const state: MirrorState = {
  base: { treeSize: 0, rootHash: new Uint8Array(32) },
  treeSize: 5,
  rootHash: ROOT,
  tiles: new Map(),
};

function hasCode(code: string) {
  return (error: unknown) => error instanceof ConsortiumError && error.code === code;
}

describe('checkMirrorRoot', () => {
  it('accepts the root of a checkpoint of the mirror size', () => {
    checkMirrorRoot(state, { origin: 'log.example', treeSize: 5, rootHash: ROOT, extensions: [] });
  });

  it('answers another root with WITNESS_AUDIT_MISMATCH naming both roots', () => {
    const other = new Uint8Array(32).fill(8);
    assert.throws(
      () => checkMirrorRoot(state, { origin: 'log.example', treeSize: 5, rootHash: other, extensions: [] }),
      (error: unknown) =>
        hasCode('WITNESS_AUDIT_MISMATCH')(error) &&
        (error as ConsortiumError).details['computedRoot'] === '07'.repeat(32),
    );
  });

  it('answers a checkpoint of another size with WITNESS_MIRROR_INVALID, a fault of the witness', () => {
    assert.throws(
      () => checkMirrorRoot(state, { origin: 'log.example', treeSize: 6, rootHash: ROOT, extensions: [] }),
      hasCode('WITNESS_MIRROR_INVALID'),
    );
  });
});
