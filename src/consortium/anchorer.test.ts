import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSignerKey, KEY_TYPE_COSIGNATURE_V1, toVerifierKey } from '../crypto/index.ts';
import type { AppendRequest } from '../ledger/index.ts';
import { cosignCheckpoint, formatSignatureLine } from '../note/index.ts';
import type { TrustedChain } from '../verify/index.ts';
import { Anchorer, resolveAnchorerOptions, type AnchorerOptions } from './anchorer.ts';
import type { IndexedAnchor } from './chain-index-storage.ts';
import { TestLog } from './test-support/test-log.ts';

const witnessKey = createSignerKey('notary.sealchain.test/witness', KEY_TYPE_COSIGNATURE_V1);
const worksLog = new TestLog('copyright.sealchain.test/works');
const works: TrustedChain = {
  name: 'works',
  origin: worksLog.origin,
  hashAlgorithm: 'sha256',
  sequencer: { name: 'copyright-center', key: toVerifierKey(worksLog.signer) },
  witnesses: [{ name: 'notary', key: toVerifierKey(witnessKey) }],
  quorum: 1,
  maxMergeDelayMs: 10_000,
};
const evidence: TrustedChain = { ...works, name: 'evidence', origin: 'court.sealchain.test/evidence' };
const HOUR = 3_600_000;

function cosign(note: string): string {
  const body = note.slice(0, note.indexOf('\n\n') + 1);
  return `${note}${formatSignatureLine(cosignCheckpoint(body, witnessKey, 1_700_000_000))}\n`;
}

function setUp(latestAnchor: IndexedAnchor | null = null) {
  let served: string | null = null;
  const appended: AppendRequest[] = [];
  const errors: string[] = [];
  const anchorer = new Anchorer({
    chain: evidence,
    anchored: [works],
    readFinalCheckpoint: async () => served,
    readLatestAnchor: async () => latestAnchor,
    readEntryTime: async () => null,
    readEntryKind: async () => ({ type: 'evidence', unit: 'u' }),
    append: async (request) => {
      appended.push(request);
      return { leafIndex: appended.length - 1, replayed: false };
    },
    onError: (message) => errors.push(message),
  });
  return { anchorer, appended, errors, serve: (note: string | null) => (served = note) };
}

/**
 * One chain of a two-chain consortium: its log (every checkpoint final at once, cosigned by the
 * witness), the type and unit of each entry, and the anchors deposited on it, from which a new
 * Anchorer reads its latest anchor as a restarted node reads its index.
 */
class Side {
  readonly log: TestLog;
  readonly kinds: { type: string; unit: string }[] = [];
  readonly anchors: IndexedAnchor[] = [];
  readonly requests: AppendRequest[] = [];
  /** The sequencer time of each entry appended here, by leaf index. */
  readonly times = new Map<number, string>();

  constructor(readonly chain: TrustedChain) {
    this.log = new TestLog(chain.origin, 'sha256', worksLog.signer);
  }

  deposit(count = 1): void {
    this.log.append(count);
    for (let i = 0; i < count; i++) this.kinds.push({ type: 'evidence', unit: 'platform-a' });
  }

  append(request: AppendRequest, nowMs: number): number {
    const leafIndex = this.log.size;
    this.times.set(leafIndex, new Date(nowMs).toISOString());
    this.requests.push(request);
    this.log.append(1, 'anchor');
    this.kinds.push({ type: request.type, unit: request.unit });
    const meta = request.meta as { treeSize: number; checkpoint: string };
    this.anchors.push({
      leafIndex,
      anchoredOrigin: String(request.meta?.['origin']),
      anchoredTreeSize: meta.treeSize,
      checkpoint: meta.checkpoint,
    });
    return leafIndex;
  }

  /** Anchor entries on this chain, the kind of entry a statistic would count. */
  get anchorCount(): number {
    return this.kinds.filter((kind) => kind.type === 'anchor').length;
  }
}

function connect(self: Side, other: Side, clock: { now: number }, options: Partial<AnchorerOptions> = {}) {
  return new Anchorer({
    chain: self.chain,
    anchored: [other.chain],
    readFinalCheckpoint: async () => (other.log.size === 0 ? null : cosign(other.log.signCheckpoint())),
    readLatestAnchor: async () => self.anchors.at(-1) ?? null,
    readEntryTime: async (leafIndex) => self.times.get(leafIndex) ?? null,
    readEntryKind: async (_chain, leafIndex) => other.kinds[leafIndex] ?? null,
    append: async (request) => ({ leafIndex: self.append(request, clock.now), replayed: false }),
    now: () => clock.now,
    options: { anchorHeartbeatMs: 24 * HOUR, ...options },
    onError: (message, error) => assert.fail(`${message}: ${String(error)}`),
  });
}

function setUpPair() {
  const clock = { now: Date.UTC(2026, 11, 7) };
  const a = new Side(works);
  const b = new Side(evidence);
  a.deposit(3);
  b.deposit(2);
  let anchorerA = connect(a, b, clock);
  let anchorerB = connect(b, a, clock);
  return {
    a,
    b,
    clock,
    /** A round of both anchorers, one after the other, the clock moved on by `stepMs` first. */
    async tick(stepMs = 10_000): Promise<string[]> {
      clock.now += stepMs;
      const rounds = [...(await anchorerA.anchorNow()), ...(await anchorerB.anchorNow())];
      return rounds.map((round) => round.outcome);
    },
    restart(): void {
      anchorerA = connect(a, b, clock);
      anchorerB = connect(b, a, clock);
    },
  };
}

describe('Anchorer', () => {
  it('anchors the other chain’s final checkpoint once it verifies, and again only when it grew', async () => {
    const { anchorer, appended, serve } = setUp();
    assert.deepEqual(await anchorer.anchorNow(), [{ chain: 'works', outcome: 'none' }]);
    worksLog.append(4);
    serve(cosign(worksLog.signCheckpoint()));
    assert.deepEqual(await anchorer.anchorNow(), [
      { chain: 'works', outcome: 'anchored', treeSize: 4, leafIndex: 0 },
    ]);
    assert.deepEqual(await anchorer.anchorNow(), [{ chain: 'works', outcome: 'unchanged', treeSize: 4 }]);
    worksLog.append(2);
    serve(cosign(worksLog.signCheckpoint()));
    await anchorer.anchorNow();
    assert.deepEqual(
      appended.map((r) => [r.type, r.unit, r.meta?.['treeSize']]),
      [
        ['anchor', 'consortium:anchor', 4],
        ['anchor', 'consortium:anchor', 6],
      ],
    );
  });

  it('refuses a checkpoint without the quorum of cosignatures, and reports it', async () => {
    const { anchorer, appended, errors, serve } = setUp();
    serve(new TestLog(works.origin, 'sha256', worksLog.signer).append(3).signCheckpoint());
    assert.deepEqual(await anchorer.anchorNow(), [{ chain: 'works', outcome: 'failed' }]);
    assert.equal(appended.length, 0);
    assert.match(errors[0]!, /anchoring chain works failed/);
  });

  it('starts from the latest anchor already on the chain', async () => {
    const log = new TestLog(works.origin, 'sha256', worksLog.signer).append(5);
    const { anchorer, appended, serve } = setUp({
      leafIndex: 7,
      anchoredOrigin: works.origin,
      anchoredTreeSize: 5,
      checkpoint: '',
    });
    serve(cosign(log.signCheckpoint()));
    assert.deepEqual(await anchorer.anchorNow(), [{ chain: 'works', outcome: 'unchanged', treeSize: 5 }]);
    assert.equal(appended.length, 0);
  });

  it('writes no anchor on idle chains after the first, and none back for a checkpoint holding only anchors', async () => {
    const pair = setUpPair();
    // A anchors B's 2 entries; B then sees A's deposits (and A's anchor) and anchors A once.
    assert.deepEqual(await pair.tick(), ['anchored', 'anchored']);
    for (let i = 0; i < 50; i++) assert.deepEqual(await pair.tick(), ['unchanged', 'unchanged']);
    assert.deepEqual([pair.a.anchorCount, pair.b.anchorCount], [1, 1]);
  });

  it('answers a deposit on B with exactly one anchor on A, and the ping-pong stops', async () => {
    const pair = setUpPair();
    await pair.tick();
    await pair.tick();
    pair.b.deposit();
    const sizeOfB = pair.b.log.size;
    // A anchors B's new checkpoint; B does not anchor A's checkpoint that grew by that anchor only.
    assert.deepEqual(await pair.tick(), ['anchored', 'unchanged']);
    for (let i = 0; i < 20; i++) assert.deepEqual(await pair.tick(), ['unchanged', 'unchanged']);
    assert.deepEqual([pair.a.anchorCount, pair.b.anchorCount], [2, 1]);
    assert.equal(pair.a.anchors.at(-1)!.anchoredTreeSize, sizeOfB);
    // A deposit on A after its anchor is new again: B anchors A's checkpoint with both.
    pair.a.deposit();
    assert.deepEqual(await pair.tick(), ['unchanged', 'anchored']);
    assert.equal(pair.b.anchors.at(-1)!.anchoredTreeSize, pair.a.log.size);
    assert.deepEqual(await pair.tick(), ['unchanged', 'unchanged']);
  });

  it('re-anchors the unchanged checkpoint by the heartbeat, once per period, and only then', async () => {
    const pair = setUpPair();
    await pair.tick();
    const start = pair.clock.now;
    // Rounds spread over 24 h (an hour apart, to keep the test quick): none anchors until the
    // heartbeat is due, 24 h after the first anchors.
    for (let hour = 1; hour < 24; hour++) assert.deepEqual(await pair.tick(HOUR), ['unchanged', 'unchanged']);
    assert.deepEqual(await pair.tick(start + 24 * HOUR - 1 - pair.clock.now), ['unchanged', 'unchanged']);
    assert.deepEqual(await pair.tick(1), ['heartbeat', 'heartbeat']);
    assert.deepEqual([pair.a.anchorCount, pair.b.anchorCount], [2, 2]);
    // The heartbeat anchors of each other are anchor entries only: no answer before the next one.
    assert.deepEqual(await pair.tick(), ['unchanged', 'unchanged']);
    assert.deepEqual(await pair.tick(24 * HOUR - 20_000), ['unchanged', 'unchanged']);
    assert.deepEqual(await pair.tick(), ['heartbeat', 'heartbeat']);
    assert.deepEqual([pair.a.anchorCount, pair.b.anchorCount], [3, 3]);
    // Each heartbeat has its own idempotency key, so that the ledger appends it, not replays it.
    const keys = new Set(pair.a.requests.map((request) => request.idempotencyKey));
    assert.equal(keys.size, 3);
  });

  it('keeps the heartbeat due a period after the latest anchor across a restart, not a period after the restart', async () => {
    const pair = setUpPair();
    await pair.tick();
    const anchoredAt = pair.clock.now;
    assert.deepEqual(await pair.tick(23 * HOUR), ['unchanged', 'unchanged']);
    pair.restart();
    assert.deepEqual(await pair.tick(anchoredAt + 24 * HOUR - 1 - pair.clock.now), [
      'unchanged',
      'unchanged',
    ]);
    assert.deepEqual(await pair.tick(1), ['heartbeat', 'heartbeat']);
    assert.deepEqual([pair.a.anchorCount, pair.b.anchorCount], [2, 2]);
  });

  it('heartbeats once at once after a restart that came when the heartbeat was overdue, then waits a period', async () => {
    const pair = setUpPair();
    await pair.tick();
    pair.clock.now += 30 * HOUR;
    pair.restart();
    assert.deepEqual(await pair.tick(), ['heartbeat', 'heartbeat']);
    pair.restart();
    for (let i = 0; i < 5; i++) assert.deepEqual(await pair.tick(HOUR), ['unchanged', 'unchanged']);
    assert.deepEqual([pair.a.anchorCount, pair.b.anchorCount], [2, 2]);
  });

  it('does not anchor an already anchored checkpoint again after a restart', async () => {
    const pair = setUpPair();
    await pair.tick();
    pair.b.deposit();
    await pair.tick();
    const counts = [pair.a.anchorCount, pair.b.anchorCount];
    pair.restart();
    for (let i = 0; i < 5; i++) assert.deepEqual(await pair.tick(), ['unchanged', 'unchanged']);
    assert.deepEqual([pair.a.anchorCount, pair.b.anchorCount], counts);
  });

  it('refuses an unknown option and a heartbeat that is not a positive integer', () => {
    assert.throws(() => resolveAnchorerOptions({ anchorHeartbeatMs: 0 }), /anchorHeartbeatMs/);
    assert.throws(() => resolveAnchorerOptions({ heartbeat: 1 } as never), /unknown anchorer option/);
    assert.equal(resolveAnchorerOptions().anchorHeartbeatMs, 86_400_000);
  });
});
