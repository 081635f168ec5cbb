import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Ledger, StoredCheckpoint } from '../ledger/index.ts';

// Prometheus metrics of one node, in a registry of its own so several nodes can share a process.

export class NodeMetrics {
  readonly registry = new Registry();
  readonly #entries: Counter<'chain'>;
  readonly #checkpoints: Counter<'chain'>;
  readonly #checkpointSize: Gauge<'chain'>;
  readonly #requestSeconds: Histogram<'method' | 'route' | 'status'>;
  readonly #ledgers = new Map<string, Ledger>();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'sealchain_process_' });
    this.#entries = new Counter({
      name: 'sealchain_entries_total',
      help: 'Entries sequenced through this node (idempotent replays excluded)',
      labelNames: ['chain'],
      registers: [this.registry],
    });
    this.#checkpoints = new Counter({
      name: 'sealchain_checkpoints_total',
      help: 'New checkpoints this node has seen',
      labelNames: ['chain'],
      registers: [this.registry],
    });
    this.#checkpointSize = new Gauge({
      name: 'sealchain_checkpoint_tree_size',
      help: 'Tree size of the latest checkpoint',
      labelNames: ['chain'],
      registers: [this.registry],
    });
    const ledgers = this.#ledgers;
    new Gauge({
      name: 'sealchain_chain_size',
      help: 'Entries sequenced so far (integrated or not)',
      labelNames: ['chain'],
      registers: [this.registry],
      collect() {
        for (const [chain, ledger] of ledgers) this.set({ chain }, ledger.size);
      },
    });
    new Gauge({
      name: 'sealchain_integration_lag_seconds',
      help: 'Age of the oldest receipted entry that no checkpoint covers yet',
      labelNames: ['chain'],
      registers: [this.registry],
      collect() {
        for (const [chain, ledger] of ledgers) this.set({ chain }, ledger.measureIntegrationLagMs() / 1000);
      },
    });
    this.#requestSeconds = new Histogram({
      name: 'sealchain_http_request_duration_seconds',
      help: 'HTTP request latency, by route pattern',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
  }

  watchLedger(chain: string, ledger: Ledger): void {
    this.#ledgers.set(chain, ledger);
  }

  countEntries(chain: string, entries: number): void {
    if (entries > 0) this.#entries.inc({ chain }, entries);
  }

  noteCheckpoint(chain: string, checkpoint: StoredCheckpoint): void {
    this.#checkpoints.inc({ chain });
    this.#checkpointSize.set({ chain }, checkpoint.treeSize);
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.#requestSeconds.observe({ method, route, status: String(status) }, seconds);
  }
}
