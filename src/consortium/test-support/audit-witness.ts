// An audit-mode witness of one TestLog, mirroring it through the tlog-tiles read API at `auditUrl`,
// for the tests of witness audit mode.
import { toVerifierKey, type SignerKey } from '../../crypto/index.ts';
import { Witness } from '../witness.ts';
import type { WitnessOptions } from '../witness-options.ts';
import type { WitnessAlarm, WitnessStorage } from '../witness-storage.ts';
import type { TestLog } from './test-log.ts';

export interface AuditWitnessConfig {
  readonly signer: SignerKey;
  readonly log: TestLog;
  readonly auditUrl: string;
  readonly storage: WitnessStorage;
  readonly options?: Partial<WitnessOptions>;
  readonly onAlarm?: (alarm: WitnessAlarm) => void;
}

export function openAuditWitness(config: AuditWitnessConfig): Witness {
  const { log } = config;
  return new Witness({
    signer: config.signer,
    logs: [
      {
        origin: log.origin,
        hashAlgorithm: 'sha256',
        logKey: toVerifierKey(log.signer),
        auditUrl: config.auditUrl,
      },
    ],
    storage: config.storage,
    ...(config.options === undefined ? {} : { options: config.options }),
    ...(config.onAlarm === undefined ? {} : { onAlarm: config.onAlarm }),
  });
}
