import type { FinalityEvent } from '../consortium/index.ts';
import type { NodeLog } from './node-log.ts';

// One log line for each change in a chain's finality: a witness that starts failing (with the
// reason) or recovers, finality that stalls beyond the merge delay (with what is missing) or
// resumes. The line says it in words; its fields carry the figures for log queries.

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

export function logFinalityEvent(log: NodeLog, chain: string, event: FinalityEvent): void {
  switch (event.kind) {
    case 'witness-failing':
      log.write(
        'warn',
        `chain ${chain}: witness ${event.witness} is failing (${event.outcome}: ${event.reason})`,
        {
          event: event.kind,
          chain,
          witness: event.witness,
          outcome: event.outcome,
          reason: event.reason,
        },
      );
      return;
    case 'witness-recovered':
      log.write(
        'info',
        `chain ${chain}: witness ${event.witness} cosigns again after ${seconds(event.failedForMs)} s of failures`,
        { event: event.kind, chain, witness: event.witness, failedForMs: event.failedForMs },
      );
      return;
    case 'stalled':
      log.write(
        'warn',
        `chain ${chain}: finality stalled: entries beyond tree size ${event.finalTreeSize} not final for ${seconds(event.pendingForMs)} s; ${event.reason}`,
        {
          event: event.kind,
          chain,
          treeSize: event.treeSize,
          finalTreeSize: event.finalTreeSize,
          pendingForMs: event.pendingForMs,
          reason: event.reason,
        },
      );
      return;
    case 'behind-witness':
      log.write(
        'error',
        `chain ${chain}: witness ${event.witness} cosigned tree size ${event.witnessSize}, larger than this storage's ${event.treeSize}: the database was rewound; deposits are refused so the chain does not fork`,
        {
          event: event.kind,
          chain,
          witness: event.witness,
          witnessSize: event.witnessSize,
          treeSize: event.treeSize,
        },
      );
      return;
    case 'resumed':
      log.write(
        'info',
        `chain ${chain}: finality resumed at tree size ${event.finalTreeSize} after ${seconds(event.stalledForMs)} s stalled`,
        { event: event.kind, chain, finalTreeSize: event.finalTreeSize, stalledForMs: event.stalledForMs },
      );
      return;
  }
}
