import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CosignedTreeHead, Finalizer, WitnessHealth, WitnessOutcomeKind } from '../consortium/index.ts';
import type { Ledger, StoredCheckpoint } from '../ledger/index.ts';

// Prometheus metrics of one node, in a registry of its own so several nodes can share a process
// (each then labels its series with `node`).

export interface NodeMetricsOptions {
  /** The `node` label of every series, when several nodes share a process. */
  node?: string;
  /** Collect the process's own metrics (CPU, memory, event loop) in this registry. */
  processMetrics?: boolean;
}

function listWitnessHealth(
  finalizers: ReadonlyMap<string, Finalizer>,
): { chain: string; health: WitnessHealth }[] {
  return [...finalizers].flatMap(([chain, finalizer]) =>
    finalizer.describeHealth().witnesses.map((health) => ({ chain, health })),
  );
}

export class NodeMetrics {
  readonly registry = new Registry();
  readonly #entries: Counter<'chain'>;
  readonly #checkpoints: Counter<'chain'>;
  readonly #checkpointSize: Gauge<'chain'>;
  readonly #finalSize: Gauge<'chain'>;
  readonly #witnessAnswers: Counter<'chain' | 'witness' | 'outcome'>;
  readonly #forkReports: Counter<'chain' | 'witness' | 'code'>;
  readonly #anchors: Counter<'chain' | 'anchored'>;
  readonly #verifications: Counter<'chain' | 'result' | 'scope'>;
  readonly #cosignatures: Counter<'witness' | 'origin'>;
  readonly #witnessRefusals: Counter<'witness' | 'code'>;
  readonly #witnessAlarms: Counter<'witness' | 'origin' | 'kind'>;
  readonly #requestSeconds: Histogram<'method' | 'route' | 'status'>;
  readonly #ledgers = new Map<string, Ledger>();
  readonly #finalizers = new Map<string, Finalizer>();

  constructor(options: NodeMetricsOptions = {}) {
    if (options.node !== undefined) this.registry.setDefaultLabels({ node: options.node });
    if (options.processMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry, prefix: 'sealchain_process_' });
    }
    const registers = [this.registry];
    this.#entries = new Counter({
      name: 'sealchain_entries_total',
      help: 'Entries sequenced through this node (idempotent replays excluded)',
      labelNames: ['chain'],
      registers,
    });
    this.#checkpoints = new Counter({
      name: 'sealchain_checkpoints_total',
      help: 'New checkpoints this node has seen',
      labelNames: ['chain'],
      registers,
    });
    this.#checkpointSize = new Gauge({
      name: 'sealchain_checkpoint_tree_size',
      help: 'Tree size of the latest checkpoint',
      labelNames: ['chain'],
      registers,
    });
    this.#finalSize = new Gauge({
      name: 'sealchain_final_tree_size',
      help: 'Tree size of the latest final (quorum-cosigned) checkpoint',
      labelNames: ['chain'],
      registers,
    });
    this.#witnessAnswers = new Counter({
      name: 'sealchain_witness_requests_total',
      help: 'Cosignature requests to witnesses, by outcome (cosigned, unreachable, alarm, ahead, refused, failed)',
      labelNames: ['chain', 'witness', 'outcome'],
      registers,
    });
    this.#forkReports = new Counter({
      name: 'sealchain_fork_alarms_total',
      help: 'Witnesses that answered with evidence of a fork or misbehaviour of this node’s chain',
      labelNames: ['chain', 'witness', 'code'],
      registers,
    });
    this.#anchors = new Counter({
      name: 'sealchain_anchors_total',
      help: 'Final checkpoints of other chains deposited on this chain',
      labelNames: ['chain', 'anchored'],
      registers,
    });
    this.#verifications = new Counter({
      name: 'sealchain_verifications_total',
      help: 'Bundles verified and recorded by this node, by result and scope (own chain or cross-chain)',
      labelNames: ['chain', 'result', 'scope'],
      registers,
    });
    this.#cosignatures = new Counter({
      name: 'sealchain_witness_cosignatures_total',
      help: 'Checkpoints this witness cosigned',
      labelNames: ['witness', 'origin'],
      registers,
    });
    this.#witnessRefusals = new Counter({
      name: 'sealchain_witness_refusals_total',
      help: 'add-checkpoint requests this witness refused, by problem code',
      labelNames: ['witness', 'code'],
      registers,
    });
    this.#witnessAlarms = new Counter({
      name: 'sealchain_witness_alarms_total',
      help: 'Alarms this witness raised (fork, proof-rejected, audit-mismatch); the log is frozen after one',
      labelNames: ['witness', 'origin', 'kind'],
      registers,
    });
    const ledgers = this.#ledgers;
    new Gauge({
      name: 'sealchain_chain_size',
      help: 'Entries sequenced so far (integrated or not)',
      labelNames: ['chain'],
      registers,
      collect() {
        for (const [chain, ledger] of ledgers) this.set({ chain }, ledger.size);
      },
    });
    new Gauge({
      name: 'sealchain_integration_lag_seconds',
      help: 'Age of the oldest receipted entry that no checkpoint covers yet',
      labelNames: ['chain'],
      registers,
      collect() {
        for (const [chain, ledger] of ledgers) this.set({ chain }, ledger.measureIntegrationLagMs() / 1000);
      },
    });
    const finalizers = this.#finalizers;
    new Gauge({
      name: 'sealchain_finality_lag_seconds',
      help: 'How long the oldest checkpoint not yet final has waited for its quorum (0 when all are final)',
      labelNames: ['chain'],
      registers,
      collect() {
        for (const [chain, finalizer] of finalizers) {
          this.set({ chain }, finalizer.describeHealth().finalityLagMs / 1000);
        }
      },
    });
    new Gauge({
      name: 'sealchain_witness_up',
      help: '1 when the witness’s last answer was a cosignature that is stored, 0 when it failed (unknown before its first answer: no series)',
      labelNames: ['chain', 'witness'],
      registers,
      collect() {
        this.reset();
        for (const { chain, health } of listWitnessHealth(finalizers)) {
          if (health.state !== 'unknown')
            this.set({ chain, witness: health.witness }, health.state === 'ok' ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'sealchain_witness_last_cosignature_timestamp_seconds',
      help: 'When the witness’s latest cosignature was stored, in seconds since the epoch',
      labelNames: ['chain', 'witness'],
      registers,
      collect() {
        this.reset();
        for (const { chain, health } of listWitnessHealth(finalizers)) {
          if (health.lastCosignedAt !== undefined) {
            this.set({ chain, witness: health.witness }, health.lastCosignedAt / 1000);
          }
        }
      },
    });
    this.#requestSeconds = new Histogram({
      name: 'sealchain_http_request_duration_seconds',
      help: 'HTTP request latency, by route pattern',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
  }

  watchLedger(chain: string, ledger: Ledger): void {
    this.#ledgers.set(chain, ledger);
  }

  watchFinality(chain: string, finalizer: Finalizer): void {
    this.#finalizers.set(chain, finalizer);
  }

  countEntries(chain: string, entries: number): void {
    if (entries > 0) this.#entries.inc({ chain }, entries);
  }

  noteCheckpoint(chain: string, checkpoint: StoredCheckpoint): void {
    this.#checkpoints.inc({ chain });
    this.#checkpointSize.set({ chain }, checkpoint.treeSize);
  }

  noteFinal(chain: string, head: CosignedTreeHead): void {
    this.#finalSize.set({ chain }, head.treeSize);
  }

  countWitnessAnswer(chain: string, witness: string, outcome: WitnessOutcomeKind): void {
    this.#witnessAnswers.inc({ chain, witness, outcome });
  }

  countForkReport(chain: string, witness: string, code: string): void {
    this.#forkReports.inc({ chain, witness, code });
  }

  countAnchor(chain: string, anchored: string): void {
    this.#anchors.inc({ chain, anchored });
  }

  countVerification(chain: string, verified: boolean, crossChain: boolean): void {
    this.#verifications.inc({
      chain,
      result: verified ? 'verified' : 'not-verified',
      scope: crossChain ? 'cross-chain' : 'own-chain',
    });
  }

  countCosignature(witness: string, origin: string): void {
    this.#cosignatures.inc({ witness, origin });
  }

  countWitnessRefusal(witness: string, code: string): void {
    this.#witnessRefusals.inc({ witness, code });
  }

  countWitnessAlarm(witness: string, origin: string, kind: string): void {
    this.#witnessAlarms.inc({ witness, origin, kind });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.#requestSeconds.observe({ method, route, status: String(status) }, seconds);
  }
}
