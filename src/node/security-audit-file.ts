import { appendFile } from 'node:fs/promises';
import type { SecurityAudit, SecurityAuditEvent } from '../api/index.ts';

// The security audit log's file (src/api/security-audit.ts says which refusals go in it).

/** The audit log's file name in a node's data directory. */
export const SECURITY_AUDIT_FILE = 'security-audit.jsonl';

/** Appends events to `path` (created owner-only); a failed write is reported, never thrown at the client. */
export class FileSecurityAudit implements SecurityAudit {
  readonly #path: string;
  readonly #logError: (message: string, error: unknown) => void;

  constructor(path: string, logError: (message: string, error: unknown) => void) {
    this.#path = path;
    this.#logError = logError;
  }

  get path(): string {
    return this.#path;
  }

  async record(event: SecurityAuditEvent): Promise<void> {
    try {
      await appendFile(this.#path, `${JSON.stringify(event)}\n`, { mode: 0o600 });
    } catch (error) {
      this.#logError(`writing the security audit log ${this.#path} failed`, error);
    }
  }
}
