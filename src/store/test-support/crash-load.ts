// What the crash test and the process it kills share: the child's configuration, the lines it
// prints, and the requests it makes (so the test can replay them after a restart).
import type { AppendRequest } from '../../ledger/index.ts';
import type { DatabaseOptions } from '../open-database.ts';

export interface CrashChildConfig {
  database: Partial<DatabaseOptions>;
  origin: string;
  signerKey: string;
  workers: number;
}

export type CrashChildLine =
  | {
      kind: 'receipt';
      leafIndex: number;
      leafHash: string;
      receipt: string;
      digest: string;
      idempotencyKey: string | null;
    }
  | { kind: 'checkpoint'; treeSize: number; note: string }
  | { kind: 'ready' };

export function makeCrashRequest(digest: string, idempotencyKey: string | null): AppendRequest {
  return {
    type: 'evidence',
    digest,
    unit: 'crash-unit',
    meta: { source: 'crash-test' },
    ...(idempotencyKey === null ? {} : { idempotencyKey }),
  };
}
