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

/** A line of GET /v1/me/captures (CaptureSummarySchema). */
export interface CaptureSummary {
  id: string;
  url: string;
  status: CaptureStatus;
  state: 'complete' | 'partial' | 'failed' | null;
  phase: string | null;
  progress: { percent: number; message: string };
  principal: string;
  /** The label of the caller's key that asked; null for the caller itself. */
  key: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  title: string | null;
  reasons: string[];
  package: { bytes: number; digest: string; url: string } | null;
  screenshot: string | null;
  entry: CaptureEntryRef | null;
  certificate: string | null;
  error: { code: string; message: string } | null;
}

export interface CaptureList {
  captures: CaptureSummary[];
  /** The `cursor` of the next (older) page; null on the last page. */
  next: string | null;
}

export interface MyEntry {
  chain: string;
  index: number;
  id: string;
  type: string;
  digest: string;
  time: string;
  principal: string;
  /** The label of the caller's key that made the entry; null for the caller itself. */
  key: string | null;
}

export interface MyEntriesPage {
  entries: MyEntry[];
  /** The `cursor` of the next (older) page; null on the last page. */
  next: string | null;
}

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
