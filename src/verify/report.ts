// The verification report: each check with its outcome and the values it compared, so that a
// person (a judge, a clerk) can read why a bundle passed or failed.

export type CheckId =
  | 'entry'
  /** For an entry of a service-owned type: signed by a key the consortium authorises for it. */
  | 'authority'
  | 'leaf-hash'
  | 'checkpoint-signature'
  | 'cosignatures'
  | 'inclusion'
  | 'receipt'
  | 'file-digest'
  | 'anchor';

export interface VerificationCheck {
  id: CheckId;
  ok: boolean;
  /** One English sentence with the compared values (the CLI prints it). */
  summary: string;
  /**
   * The values compared, for a reader that words the check in its own language (the portal):
   * a failure names itself by a stable `code` (error code, receipt or authority code) when its id
   * alone does not tell which failure it is; numbers and names are given as values, never as text.
   */
  details?: Record<string, unknown>;
}

export interface CosignerReport {
  /** The name of the witness's key (C2SP key name). */
  name: string;
  keyId: string;
  /** When the witness cosigned, RFC 3339 UTC. */
  time: string;
  /** The witness as the consortium file names it. */
  witness: string;
  /** The member organisation running the witness. */
  organisation: string;
  /** False for a witness of the sequencer's own organisation: its cosignature never counts toward the quorum. */
  counted: boolean;
}

export interface VerificationReport {
  ok: boolean;
  chain: string;
  origin: string;
  index: number;
  treeSize: number;
  leafHash: string;
  rootHash?: string;
  entry?: { type: string; digest: string; unit: string; time: string; meta: Record<string, unknown> };
  cosigners: CosignerReport[];
  checks: VerificationCheck[];
}

export function addCheck(report: VerificationReport, check: VerificationCheck): boolean {
  report.checks.push(check);
  if (!check.ok) report.ok = false;
  return check.ok;
}

/** The error's message and the values it carries, for a failed check. */
export function describeFailure(error: unknown): { summary: string; details: Record<string, unknown> } {
  if (error instanceof Error) {
    const details: Record<string, unknown> = {};
    const carried = (error as { details?: unknown }).details;
    if (carried && typeof carried === 'object') Object.assign(details, carried);
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') details['code'] = code;
    return { summary: error.message, details };
  }
  return { summary: String(error), details: {} };
}
