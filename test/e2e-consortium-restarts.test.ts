import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TlogClient } from '../src/consortium/index.ts';
import { bytesToHex, equalBytes } from '../src/crypto/index.ts';
import { CompactRange, rfc6962, TILE_WIDTH } from '../src/merkle/index.ts';
import { parseCheckpoint, parseNote } from '../src/note/index.ts';
import { evaluateCheckpoint, findTrustedChain } from '../src/verify/index.ts';
import { randomDigest } from './api-node-support.ts';
import { Deployment, type RoleName } from './e2e-consortium-support.ts';

// Every role of the consortium crashes (SIGKILL) and restarts in turn while platforms keep
// depositing on both chains: no receipted entry is lost, every checkpoint any node served is a
// checkpoint of the one tree the chain ends with, and everything receipted becomes final.

type Chain = 'evidence' | 'works';
const CHAINS: readonly Chain[] = ['evidence', 'works'];
const RESTART_ORDER: readonly RoleName[] = [
  'witness-notary',
  'evidence',
  'witness-court',
  'works',
  'witness-copyright-center',
];

describe('restarts of every role under load (child processes on loopback)', () => {
  let deployment: Deployment;
  const apiKeys = new Map<Chain, string>();
  const receipted = new Map<Chain, Map<number, string>>(CHAINS.map((c) => [c, new Map()]));
  const served = new Map<Chain, Set<string>>(CHAINS.map((c) => [c, new Set()]));
  let loading = true;

  before(async () => {
    deployment = await Deployment.create();
    const [evidence, works] = await Promise.all([
      deployment.start('evidence'),
      deployment.start('works'),
      deployment.start('witness-court'),
      deployment.start('witness-copyright-center'),
      deployment.start('witness-notary'),
    ]);
    apiKeys.set('evidence', await deployment.createUnit('evidence', evidence.adminToken!));
    apiKeys.set('works', await deployment.createUnit('works', works.adminToken!));
  });

  after(() => deployment.dispose());

  async function depositLoop(chain: Chain): Promise<void> {
    while (loading) {
      try {
        const answer = await deployment.request(chain, `/v1/chains/${chain}/entries/batch`, {
          token: apiKeys.get(chain)!,
          json: { entries: Array.from({ length: 10 }, () => ({ digest: randomDigest() })) },
        });
        if (answer.status === 201) {
          for (const result of answer.json.results) receipted.get(chain)!.set(result.index, result.leafHash);
        }
      } catch {
        // The sequencer is down: nothing was receipted.
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function observeLoop(chain: Chain): Promise<void> {
    while (loading) {
      try {
        const latest = await deployment.request(chain, `/log/${chain}/checkpoint`);
        if (latest.status === 200) served.get(chain)!.add(latest.text);
        const info = await deployment.request(chain, `/v1/chains/${chain}`);
        if (info.status === 200 && info.json.finalCheckpoint !== null)
          served.get(chain)!.add(info.json.finalCheckpoint);
      } catch {
        // The sequencer is down.
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('loses no receipted entry and serves only checkpoints of one tree per chain', async () => {
    const load = Promise.all([...CHAINS.map(depositLoop), ...CHAINS.map(observeLoop)]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const role of RESTART_ORDER) {
      await deployment.stop(role, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 100));
      await deployment.start(role);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    loading = false;
    await load;

    for (const chain of CHAINS) {
      const acknowledged = receipted.get(chain)!;
      assert.ok(acknowledged.size >= 50, `${chain}: only ${acknowledged.size} entries receipted under load`);
      const last = Math.max(...acknowledged.keys());
      const final = await deployment.request(
        chain,
        `/v1/chains/${chain}/entries/${last}/bundle?wait=final&timeoutMs=20000`,
      );
      assert.equal(final.status, 200, `${chain}: the last receipted entry is not final: ${final.text}`);

      const trusted = findTrustedChain(deployment.trust, chain);
      const treeSize = final.json.treeSize as number;
      const hasher = rfc6962(trusted.hashAlgorithm);
      const client = new TlogClient(`${deployment.url(chain)}/log/${chain}`);
      const leafHashes: Uint8Array[] = [];
      for (let index = 0; index * TILE_WIDTH < treeSize; index++) {
        const width = Math.min(TILE_WIDTH, treeSize - index * TILE_WIDTH);
        for (const entry of await client.readEntryBundle({ index, width }))
          leafHashes.push(hasher.hashLeaf(entry));
      }
      for (const [index, leafHash] of acknowledged) {
        assert.equal(
          bytesToHex(leafHashes[index]!),
          leafHash,
          `${chain}: receipted entry ${index} changed or was lost`,
        );
      }

      const roots: Uint8Array[] = [hasher.emptyRoot()];
      const range = new CompactRange(hasher);
      for (const leafHash of leafHashes) {
        range.append(leafHash);
        roots.push(range.root());
      }
      let finalSeen = 0;
      for (const note of served.get(chain)!) {
        const checkpoint = parseCheckpoint(parseNote(note).text);
        assert.ok(checkpoint.treeSize <= treeSize, `${chain}: a served checkpoint is past the final tree`);
        assert.ok(
          equalBytes(checkpoint.rootHash, roots[checkpoint.treeSize]!),
          `${chain}: the served checkpoint of size ${checkpoint.treeSize} is not a checkpoint of the chain's tree`,
        );
        const outcome = evaluateCheckpoint(trusted, note);
        assert.equal(
          outcome.signature.ok,
          true,
          `${chain}: a served checkpoint is not signed by its sequencer`,
        );
        if (outcome.final) finalSeen++;
      }
      assert.ok(finalSeen > 0, `${chain}: no final checkpoint was observed`);
    }

    for (const role of [
      'evidence',
      'works',
      'witness-court',
      'witness-copyright-center',
      'witness-notary',
    ] as const) {
      assert.deepEqual(
        (await deployment.request(role, '/v1/alarms')).json,
        { alarms: [] },
        `${role} raised an alarm`,
      );
    }
  });
});
