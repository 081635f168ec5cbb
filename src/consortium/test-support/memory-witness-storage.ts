import { equalBytes } from '../../crypto/index.ts';
import type {
  AdvanceOutcome,
  NewWitnessAlarm,
  WitnessAlarm,
  WitnessedCheckpoint,
  WitnessLogState,
  WitnessStorage,
} from '../witness-storage.ts';

// A test-only WitnessStorage in memory: the simple reference the conformance suite also runs
// against, and a fast storage for the witness's unit tests. Not durable, so never used in a node.

function copyCheckpoint(checkpoint: WitnessedCheckpoint): WitnessedCheckpoint {
  return { ...checkpoint, rootHash: checkpoint.rootHash.slice() };
}

export class MemoryWitnessStorage implements WitnessStorage {
  readonly #latest = new Map<string, WitnessedCheckpoint>();
  readonly #alarms: WitnessAlarm[] = [];

  async readLogState(origin: string): Promise<WitnessLogState> {
    return this.#readNow(origin);
  }

  #readNow(origin: string): WitnessLogState {
    const latest = this.#latest.get(origin);
    return {
      latest: latest === undefined ? null : copyCheckpoint(latest),
      frozen: this.#alarms.some((alarm) => alarm.origin === origin),
    };
  }

  async advanceCheckpoint(expectedSize: number, next: WitnessedCheckpoint): Promise<AdvanceOutcome> {
    const state = this.#readNow(next.origin);
    const latestSize = state.latest?.treeSize ?? 0;
    const grows =
      next.treeSize > expectedSize ||
      (next.treeSize === expectedSize &&
        (state.latest === null || equalBytes(state.latest.rootHash, next.rootHash)));
    if (state.frozen || latestSize !== expectedSize || !grows) return { advanced: false, state };
    this.#latest.set(next.origin, copyCheckpoint(next));
    return { advanced: true };
  }

  async recordAlarm(alarm: NewWitnessAlarm): Promise<WitnessAlarm> {
    const stored = { ...alarm, id: this.#alarms.length + 1 };
    this.#alarms.push(stored);
    return { ...stored };
  }

  async listAlarms(origin?: string): Promise<WitnessAlarm[]> {
    return this.#alarms
      .filter((alarm) => origin === undefined || alarm.origin === origin)
      .map((a) => ({ ...a }));
  }
}
