import { DEFAULT_FINALITY_OPTIONS, type FinalityOptions } from '../consortium/index.ts';
import { ServiceError } from './errors.ts';

/** How a sequencer node works with the rest of the consortium. */
export interface ChainServiceOptions extends FinalityOptions {
  /**
   * Pause between looks at the other chains' latest final checkpoints, in milliseconds; one is
   * deposited only when its chain holds new entries other than anchors since the last deposit.
   */
  anchorIntervalMs: number;
  /** Longest time between deposits of another chain's final checkpoint, even unchanged (ms, 24 h). */
  anchorHeartbeatMs: number;
  /** Pause between reads of new entries into the chain's index, in milliseconds. */
  indexPollMs: number;
  /** Longest wait for another chain's node to answer (a bundle that is not final yet), in milliseconds. */
  peerWaitMs: number;
}

export const DEFAULT_CHAIN_SERVICE_OPTIONS: Readonly<ChainServiceOptions> = Object.freeze({
  ...DEFAULT_FINALITY_OPTIONS,
  anchorIntervalMs: 10_000,
  anchorHeartbeatMs: 86_400_000,
  indexPollMs: 200,
  peerWaitMs: 10_000,
});

/** Merges `options` over the defaults; rejects unknown keys and values that are not integers ≥ 1 (≥ 0 for retries). */
export function resolveChainServiceOptions(options: Partial<ChainServiceOptions> = {}): ChainServiceOptions {
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_CHAIN_SERVICE_OPTIONS, key)) {
      throw new ServiceError('NODE_OPTIONS_INVALID', `unknown consortium option "${key}"`, {
        details: { key },
      });
    }
  }
  const resolved = { ...DEFAULT_CHAIN_SERVICE_OPTIONS, ...options };
  for (const [key, value] of Object.entries(resolved)) {
    const min = key === 'witnessRetries' ? 0 : 1;
    if (!Number.isSafeInteger(value) || value < min) {
      throw new ServiceError('NODE_OPTIONS_INVALID', `consortium option ${key} must be an integer ≥ ${min}`, {
        details: { key, value },
      });
    }
  }
  return resolved;
}

/** The finality options within them. */
export function pickFinalityOptions(options: ChainServiceOptions): FinalityOptions {
  return {
    checkpointPollMs: options.checkpointPollMs,
    watchedPollMs: options.watchedPollMs,
    witnessTimeoutMs: options.witnessTimeoutMs,
    witnessRetries: options.witnessRetries,
    witnessRetryMs: options.witnessRetryMs,
    maxWitnessRetryMs: options.maxWitnessRetryMs,
    firstAnswerWaitMs: options.firstAnswerWaitMs,
  };
}
