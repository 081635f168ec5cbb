import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createTestSchemaName,
  dropTestSchema,
  findServerSkipReason,
  TEST_DATABASE_URL,
} from '../src/store/test-support/databases.ts';
import { evaluateCheckpoint, findTrustedChain } from '../src/verify/index.ts';
import { randomDigest } from './api-node-support.ts';
import { Deployment, FAST_SEQUENCER, pollUntil, WITNESSES, type RoleName } from './e2e-consortium-support.ts';

// Issue 21's scenario, as three organisations run it: every role a process of its own on the
// PostgreSQL server (a schema each), the notary's witness killed (-9), the evidence sequencer
// killed (-9) in the middle of a burst of deposits and restarted, then a quiet period with no new
// entry. Every receipted entry must be there, and every checkpoint must end final within the
// merge delay — and stay so. Three organisations give each chain two independent witnesses (the
// sequencer's own does not count), so the quorum is 1 (docs/deployment.md): with the notary down,
// each chain is final on the one independent witness left (the copyright centre for the evidence
// chain, the court for the works chain), as stored and as verified offline.

type Chain = 'evidence' | 'works';
const CHAINS: readonly Chain[] = ['evidence', 'works'];
const ROLES: readonly RoleName[] = ['evidence', 'works', ...WITNESSES.map((w) => `witness-${w}` as RoleName)];

interface ChainView {
  size: number;
  treeSize: number;
  finalTreeSize: number;
  finalCheckpoint: string | null;
  cosigners: string[];
  independentCosigners: string[];
  finality: string;
  maxMergeDelayMs: number;
  finalityLagMs: number;
  witnessStatus: { name: string; state: string }[];
}

describe('finality through a witness crash and a sequencer crash during a burst (PostgreSQL server)', () => {
  const skip = findServerSkipReason('server');
  const prefix = createTestSchemaName();
  let deployment: Deployment;
  const apiKeys = new Map<Chain, string>();
  const receipted = new Map<Chain, Map<number, string>>(CHAINS.map((chain) => [chain, new Map()]));

  before(async () => {
    if (skip !== undefined) return;
    // Anchoring rarely, so that the quiet period has no new entry at all.
    const quiet = { consortiumOptions: { ...FAST_SEQUENCER.consortiumOptions, anchorIntervalMs: 3_600_000 } };
    const overrides = Object.fromEntries(
      ROLES.map((role) => [
        role,
        {
          databaseUrl: TEST_DATABASE_URL,
          databaseSchema: `${prefix}_${role.replaceAll('-', '_')}`,
          ...(role.startsWith('witness-') ? {} : quiet),
        },
      ]),
    );
    deployment = await Deployment.create(overrides);
    const started = await Promise.all(ROLES.map((role) => deployment.start(role)));
    for (const chain of CHAINS) {
      const token = started[ROLES.indexOf(chain)]!.adminToken!;
      apiKeys.set(chain, await deployment.createUnit(chain, token));
    }
  });

  after(async () => {
    if (skip !== undefined) return;
    await deployment.dispose();
    for (const role of ROLES) await dropTestSchema(`${prefix}_${role.replaceAll('-', '_')}`);
  });

  async function depositBurst(chain: Chain, until: () => boolean): Promise<void> {
    while (!until()) {
      try {
        const answer = await deployment.request(chain, `/v1/chains/${chain}/entries/batch`, {
          token: apiKeys.get(chain)!,
          json: { entries: Array.from({ length: 20 }, () => ({ digest: randomDigest() })) },
        });
        if (answer.status === 201) {
          for (const result of answer.json.results) receipted.get(chain)!.set(result.index, result.leafHash);
        }
      } catch {
        // The sequencer is down: nothing was receipted.
      }
    }
  }

  async function readView(chain: Chain): Promise<ChainView> {
    const answer = await deployment.request(chain, `/v1/chains/${chain}`);
    assert.equal(answer.status, 200, answer.text);
    return answer.json as ChainView;
  }

  it('ends every checkpoint final at 1 of 2 independent witnesses within the merge delay, and it stays so', async (t) => {
    if (skip !== undefined) return t.skip(skip);
    await deployment.stop('witness-notary', 'SIGKILL');

    let bursting = true;
    const burst = Promise.all(CHAINS.map((chain) => depositBurst(chain, () => !bursting)));
    await pollUntil(
      async () => receipted.get('evidence')!.size,
      (count) => count >= 200,
    );
    await deployment.stop('evidence', 'SIGKILL');
    await deployment.start('evidence');
    const before = receipted.get('evidence')!.size;
    await pollUntil(
      async () => receipted.get('evidence')!.size,
      (count) => count >= before + 200,
    );
    bursting = false;
    await burst;
    const quietFrom = performance.now();

    for (const chain of CHAINS) {
      const view = await pollUntil(
        () => readView(chain),
        (v) => v.size > 0 && v.finalTreeSize === v.size && v.treeSize === v.size && v.cosigners.length === 2,
        30_000,
      );
      const waitedMs = performance.now() - quietFrom;
      assert.equal(view.finalTreeSize, view.size, `${chain}: not final: ${JSON.stringify(view)}`);
      assert.ok(
        waitedMs <= view.maxMergeDelayMs,
        `${chain}: final ${Math.round(waitedMs)} ms after the burst, more than the merge delay`,
      );
      assert.deepEqual(
        [...view.cosigners].sort(),
        ['copyright-center', 'court'],
        `${chain}: cosigned by both members up`,
      );
      const independent = chain === 'evidence' ? 'copyright-center' : 'court';
      const own = chain === 'evidence' ? 'court' : 'copyright-center';
      assert.deepEqual(view.independentCosigners, [independent], `${chain}: one independent witness counted`);
      assert.equal(
        view.finality,
        `cosigned by 1 of 2 independent witnesses (${independent}), quorum 1; the sequencer's own witness (${own}) does not count`,
      );
      assert.equal(view.finalityLagMs, 0);
      const notary = view.witnessStatus.find((w) => w.name === 'notary');
      assert.equal(notary?.state, 'failing', `${chain}: the notary is shown failing`);
      const outcome = evaluateCheckpoint(findTrustedChain(deployment.trust, chain), view.finalCheckpoint!);
      assert.equal(outcome.final, true, `${chain}: the final checkpoint verifies as final offline`);
      assert.deepEqual(
        outcome.cosigners.filter((c) => c.counted).map((c) => c.organisation),
        [independent],
        `${chain}: offline, only the independent cosignature counts`,
      );

      const acknowledged = receipted.get(chain)!;
      const last = Math.max(...acknowledged.keys());
      assert.ok(last < view.finalTreeSize, `${chain}: receipted entry ${last} is under the final checkpoint`);
      const bundle = await deployment.request(chain, `/v1/chains/${chain}/entries/${last}/bundle`);
      assert.equal(bundle.status, 200);
      assert.equal(bundle.headers.get('sealchain-finality'), 'final');
      assert.equal(
        bundle.json.leafHash,
        acknowledged.get(last),
        `${chain}: entry ${last} is the one receipted`,
      );
    }

    // Quiet: nothing new arrives, and it stays final, as stored.
    const settled = new Map<Chain, ChainView>();
    for (const chain of CHAINS) settled.set(chain, await readView(chain));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    for (const chain of CHAINS) {
      const view = await readView(chain);
      assert.equal(view.size, settled.get(chain)!.size, `${chain}: the quiet period stayed quiet`);
      assert.equal(view.finalTreeSize, view.size, `${chain}: still final`);
    }
    assert.match(deployment.logs.get('evidence') ?? '', /witness notary is failing \(unreachable/);
    const metrics = (await deployment.request('evidence', '/metrics')).text;
    assert.match(metrics, /^sealchain_witness_up\{chain="evidence",witness="notary"\} 0$/m);
    assert.match(metrics, /^sealchain_witness_up\{chain="evidence",witness="court"\} 1$/m);
    assert.match(metrics, /^sealchain_finality_lag_seconds\{chain="evidence"\} 0$/m);
  });
});
