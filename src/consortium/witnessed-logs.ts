import { sameVerifierKey, type VerifierKey } from '../crypto/index.ts';
import type { TrustFile } from '../verify/index.ts';
import { ConsortiumError } from './errors.ts';
import type { WitnessedLog } from './witness.ts';

/**
 * The logs a witness key cosigns for: every chain of the consortium file that lists the key
 * among its witnesses. With `audit`, each log is mirrored through its sequencer URL, which
 * must then be in the file.
 */
export function listWitnessedLogs(
  trust: TrustFile,
  witnessKey: VerifierKey,
  options: { audit: boolean } = { audit: false },
): WitnessedLog[] {
  const logs: WitnessedLog[] = [];
  for (const chain of trust.chains) {
    if (!chain.witnesses.some((w) => sameVerifierKey(w.key, witnessKey))) continue;
    const log: WitnessedLog = {
      origin: chain.origin,
      hashAlgorithm: chain.hashAlgorithm,
      logKey: chain.sequencer.key,
    };
    if (!options.audit) {
      logs.push(log);
      continue;
    }
    if (chain.sequencer.url === undefined) {
      throw new ConsortiumError(
        'CONSORTIUM_OPTIONS_INVALID',
        `audit mode needs the URL of the sequencer of chain ${chain.name} in the consortium file`,
        { details: { key: 'audit', chain: chain.name } },
      );
    }
    logs.push({ ...log, auditUrl: chain.sequencer.url });
  }
  return logs;
}
