import {
  Anchorer,
  ChainIndexer,
  Finalizer,
  type AnchorProofSource,
  type PeerClient,
} from '../consortium/index.ts';
import { readEntryTypeAndUnit, type Ledger } from '../ledger/index.ts';
import { SqlChainIndexStorage, SqlFinalityStorage, type SqlClient } from '../store/index.ts';
import type { TrustedChain, TrustFile } from '../verify/index.ts';
import { type ChainServiceOptions, type NodeMetrics, pickFinalityOptions } from '../services/index.ts';
import { logFinalityEvent } from './finality-log.ts';
import type { NodeLog } from './node-log.ts';

// The consortium side of one sequenced chain: the finalizer (witness cosignatures and finality),
// the index (counts, verification records, anchors) and the anchorer (the other chains' final
// checkpoints deposited on this one). Each runs on its own timer; closing stops all of them.

export interface ChainServicesConfig {
  trust: TrustFile;
  chain: TrustedChain;
  ledger: Ledger;
  client: SqlClient;
  /** The nodes of the other chains, by chain name. */
  peers: ReadonlyMap<string, PeerClient>;
  options: ChainServiceOptions;
  metrics: NodeMetrics;
  logError: (message: string, error: unknown) => void;
  /** A line in the node's log for each alarm (fork reports). */
  logAlarm: (line: string) => void;
  /** Where witness health and finality stalls are logged. */
  log: NodeLog;
}

export interface ChainServices {
  finality: Finalizer;
  finalityStorage: SqlFinalityStorage;
  index: SqlChainIndexStorage;
  indexer: ChainIndexer;
  anchorer: Anchorer | null;
  anchorSource: AnchorProofSource;
  start(): void;
  close(): Promise<void>;
}

export async function openChainServices(config: ChainServicesConfig): Promise<ChainServices> {
  const { chain, ledger, metrics, options } = config;
  const finalityStorage = new SqlFinalityStorage(config.client);
  const index = new SqlChainIndexStorage(config.client);
  const finality = await Finalizer.open({
    chain,
    storage: finalityStorage,
    readCheckpoint: () => ledger.readCheckpoint(),
    watchCheckpoints: (listener) => ledger.watchCheckpoints(listener),
    proveConsistency: async (size1, size2) => (await ledger.proveConsistency(size1, size2)).hashes,
    options: pickFinalityOptions(options),
    onFinal: (head) => metrics.noteFinal(chain.name, head),
    onWitnessOutcome: (outcome) => metrics.countWitnessAnswer(chain.name, outcome.witness, outcome.kind),
    onForkReport: (report) => {
      metrics.countForkReport(chain.name, report.witness, report.code);
      config.logAlarm(
        `ALARM chain ${chain.name} (${chain.origin}): witness ${report.witness} refused checkpoint ${report.treeSize} with ${report.code}: ${report.reason}`,
      );
    },
    onEvent: (event) => {
      logFinalityEvent(config.log, chain.name, event);
      if (event.kind === 'behind-witness') {
        ledger.halt(`witness ${event.witness} cosigned a larger tree of this chain than this node stores`, {
          witness: event.witness,
          witnessSize: event.witnessSize,
          treeSize: event.treeSize,
        });
      }
    },
    onError: config.logError,
  });
  metrics.watchFinality(chain.name, finality);
  const indexer = new ChainIndexer({
    chain,
    trust: config.trust,
    storage: index,
    countEntries: () => ledger.size,
    readEntries: (start, end) => ledger.readEntries(start, end),
    limits: ledger.options,
    options: { pollMs: options.indexPollMs },
    onError: config.logError,
  });
  const others = config.trust.chains.filter((other) => config.peers.has(other.name));
  const anchorer =
    others.length === 0
      ? null
      : new Anchorer({
          chain,
          anchored: others,
          readFinalCheckpoint: async (other) =>
            (await config.peers.get(other.name)!.readChain(other.name)).finalCheckpoint,
          readLatestAnchor: (other) => index.readLatestAnchor(chain.origin, other.origin),
          readEntryTime: async (leafIndex) =>
            readEntryTypeAndUnit((await ledger.readEntry(leafIndex)).entry)?.time ?? null,
          readEntryKind: (other, leafIndex) =>
            config.peers.get(other.name)!.readEntryKind(other.name, leafIndex),
          append: async (request) => {
            const receipt = await ledger.append(request);
            return { leafIndex: receipt.leafIndex, replayed: receipt.replayed };
          },
          options: {
            anchorIntervalMs: options.anchorIntervalMs,
            anchorHeartbeatMs: options.anchorHeartbeatMs,
          },
          onAnchor: (anchor) => metrics.countAnchor(chain.name, anchor.chain),
          onError: config.logError,
        });
  const anchorSource: AnchorProofSource = {
    chain,
    anchoringChains: others.map((other) => ({ chain: other, peer: config.peers.get(other.name)! })),
    proveInclusion: async (leafIndex, treeSize) => (await ledger.proveInclusion(leafIndex, treeSize)).hashes,
  };
  let closing: Promise<void> | undefined;
  return {
    finality,
    finalityStorage,
    index,
    indexer,
    anchorer,
    anchorSource,
    start() {
      finality.start();
      indexer.start();
      anchorer?.start();
    },
    close() {
      closing ??= (async () => {
        await Promise.all([finality.close(), indexer.close(), anchorer?.close()]);
      })();
      return closing;
    },
  };
}
