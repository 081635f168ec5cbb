import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { locateLocalTarget } from '../src/node/index.ts';

// Which node of the local consortium answers a path (undefined: the home chain's node, the court's).

describe('locateLocalTarget', () => {
  it('sends chain paths to the chain’s sequencer, witness paths to the witness, and the rest home', () => {
    const cases: [string, unknown][] = [
      ['/v1/chains/works', { chain: 'works' }],
      ['/v1/chains/works/entries/3/bundle', { chain: 'works' }],
      ['/v1/chains/evidence/entries', { chain: 'evidence' }],
      ['/log/works/tile/0/000', { chain: 'works' }],
      ['/witness/copyright-center/add-checkpoint', { witness: 'copyright-center' }],
      ['/witness/notary', { witness: 'notary' }],
      ['/v1/works/search', { chain: 'works' }],
      ['/v1/licenses/L-1/revocation', { chain: 'works' }],
      ['/verify/works/12', { chain: 'works' }],
      ['/verify/2026-W-000001', { chain: 'works' }],
      ['/v1/chains', undefined],
      ['/v1/units', undefined],
      ['/v1/verifications', undefined],
      ['/v1/stats', undefined],
      ['/v1/alarms', undefined],
      ['/docs', undefined],
      ['/v1/workshop', undefined],
    ];
    for (const [path, target] of cases) assert.deepEqual(locateLocalTarget(path), target, path);
  });
});
