// The API answers the operator pages read (src/api/schemas.ts ChainInfo and Alarm, the users API).

export type WitnessState = 'unknown' | 'ok' | 'failing';
export type WitnessOutcomeKind = 'cosigned' | 'unreachable' | 'alarm' | 'ahead' | 'refused' | 'failed';

export interface WitnessStatus {
  name: string;
  state: WitnessState;
  lastOutcome?: WitnessOutcomeKind;
  /** The problem code of the witness's last refusal. */
  code?: string;
  /** English, for logs and the CLI: the page words lastOutcome and code instead. */
  reason?: string;
  failingSince?: string;
  lastCosignedSize?: number;
  lastCosignedAt?: string;
}

export interface QuorumTally {
  final: boolean;
  independentCosignatures: number;
  required: number;
  independentWitnesses: number;
  cosigningOrganisations: string[];
  ownWitnesses: string[];
}

export interface ChainInfo {
  name: string;
  origin: string;
  hashAlgorithm: string;
  size: number;
  treeSize: number;
  finalTreeSize: number;
  quorum: number;
  sequencer: string;
  witnesses: string[];
  independentCosigners: string[];
  quorumTally: QuorumTally;
  /** English, for the CLI: the page words quorumTally instead. */
  finality: string;
  maxMergeDelayMs: number;
  finalityLagMs: number;
  witnessStatus: WitnessStatus[];
}

export type AlarmKind = 'fork' | 'proof-rejected' | 'audit-mismatch' | 'witness-report';

export interface Alarm {
  source: string;
  kind: AlarmKind;
  origin: string;
  detectedAt: string;
  /** English, for logs and the CLI: the page words kind, witness, code and treeSize instead. */
  summary: string;
  witness?: string;
  code?: string;
  treeSize?: number;
}

export interface UserView {
  name: string;
  displayName: string;
  organisation: string | null;
  roles: string[];
  totpEnabled: boolean;
  passwordChangeRequired: boolean;
  disabledAt: string | null;
  createdAt: string;
}

export interface UserWithPassword {
  user: UserView;
  oneTimePassword: string | null;
}

export interface Organisation {
  name: string;
  [field: string]: unknown;
}
