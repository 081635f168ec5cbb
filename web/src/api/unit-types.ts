// The API answers the unit pages read, as the server sends them (src/api/contract/schemas.ts,
// src/api/contract/captures.ts, src/api/contract/me-entries.ts, src/api/routes/me-keys.ts).

export interface DepositResult {
  index: number;
  leafHash: string;
  id: string;
  receipt: string;
  entry: string;
  time: string;
  replayed: boolean;
}

export interface BatchResult {
  results: DepositResult[];
}

export interface CaptureEntryRef {
  chain: string;
  index: number;
  id: string;
  time: string;
}

export interface CaptureJob {
  id: string;
  url: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  phase: string | null;
  state: 'complete' | 'partial' | 'failed' | null;
  reasons: string[];
  createdAt?: string;
  title?: string | null;
  finalUrl?: string | null;
  package?: { sha256: string; bytes: number; digest: string; url: string } | null;
  attachments?: { path: string; mediaType?: string }[];
  entry?: CaptureEntryRef | null;
  error?: { code?: string; message?: string } | string | null;
}

export type CaptureStatus = 'queued' | 'running' | 'done' | 'failed';

// The answers of GET /v1/me/captures and GET /v1/me/entries are the contract's.
export type { CaptureList, CaptureSummary, MyEntriesPage, MyEntry } from '../../../src/api/contract/index.ts';

export interface ApiKeyView {
  id: string;
  name: string;
  organisation: string;
  roles: string[];
  createdAt: string;
}

export interface CreatedApiKey {
  key: ApiKeyView;
  /** The secret, shown once. */
  apiKey: string;
}

export interface ChainSummary {
  name: string;
  origin: string;
}
