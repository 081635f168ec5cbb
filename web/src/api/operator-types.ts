// The API answers the operator pages read (src/api/schemas.ts ChainInfo and Alarm, the users API).

export interface WitnessStatus {
  name: string;
  state: string;
  lastOutcome?: string;
  reason?: string;
  failingSince?: string;
  lastCosignedSize?: number;
  lastCosignedAt?: string;
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
  finality: string;
  maxMergeDelayMs: number;
  finalityLagMs: number;
  witnessStatus: WitnessStatus[];
}

export interface Alarm {
  source: string;
  kind: string;
  origin: string;
  detectedAt: string;
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
