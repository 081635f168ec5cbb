import type { SimilarityBasis } from '../certificate/index.ts';
import type { TextSignature } from '../fingerprint/index.ts';
import type { LicenseTerms } from './license-terms.ts';
import type { NumberKind } from './registration-number.ts';
import type { WorkFingerprint } from './work-file.ts';
import type { WorkMetadata } from './work-metadata.ts';

/** Where a registration or licence sits on the works chain, once its entry is sequenced. */
export interface EntryRef {
  index: number;
  leafHash: string;
  /** The entry's sequencer time, RFC 3339 UTC: the legal time of the registration. */
  time: string;
}

/** The fields of the chain entry, kept exactly so that an interrupted append can be replayed. */
export interface EntryRequest {
  type: string;
  digest: string;
  meta: Record<string, unknown>;
}

/** An earlier registration that a new one resembles, as shown on the answer and the certificate. */
export interface SimilarWork {
  number: string;
  title: string;
  time: string;
  /** In [0, 1]. */
  similarity: number;
  basis: SimilarityBasis;
}

/**
 * A registration like an earlier one is held for a registrar's review; null for one that never
 * needed review (and for registrations made before reviews existed).
 */
export type ReviewStatus = 'pending-review' | 'approved' | 'rejected';

/** A registrar's decision on a held registration, recorded as a `registration-decision` entry. */
export interface Decision {
  decision: 'approve' | 'reject';
  /** Why; required for a rejection, shown on the verify page. */
  reason: string;
  /** Who decided (the registrar principal), the entry's `unit`. */
  registrar: string;
  entryRequest: EntryRequest;
  /** Null while the entry is being written. */
  entry: EntryRef | null;
}

export interface StoredWork {
  /** Assigned by the storage, increasing: the key of the in-memory indexes. */
  id: number;
  number: string;
  /** The application unit that registered the work. */
  unit: string;
  metadata: WorkMetadata;
  fileName: string;
  fingerprint: WorkFingerprint;
  similar: SimilarWork[];
  /** Commitment name → disclosure (see commitments.ts). */
  disclosures: Record<string, string>;
  entryRequest: EntryRequest;
  /** Null while the entry is being written. */
  entry: EntryRef | null;
  review: ReviewStatus | null;
  /** Set once a registrar decided (its entry may still be being written). */
  decision: Decision | null;
}

export type NewWork = Omit<StoredWork, 'id' | 'entry' | 'decision'>;

/**
 * Who revoked a licence: its licensor, through the unit or creator that registered the work, or a
 * registrar of the copyright centre, who may revoke any licence (permission table, `forAnyone`).
 */
export interface Revoker {
  /** The principal that revoked it (the revocation entry's `unit`). */
  name: string;
  capacity: 'licensor' | 'registrar';
}

export interface Revocation {
  reason: string;
  /** Absent on revocations recorded before it was kept: those were the licensor's (the granting unit). */
  revokedBy?: Revoker;
  entryRequest: EntryRequest;
  entry: EntryRef | null;
}

export interface StoredLicense {
  id: number;
  number: string;
  workNumber: string;
  /** The unit that granted it (the one that registered the work). */
  unit: string;
  /** The licensor: the rights holder of the work, by name. */
  licensor: string;
  terms: LicenseTerms;
  disclosures: Record<string, string>;
  entryRequest: EntryRequest;
  entry: EntryRef | null;
  revocation: Revocation | null;
}

export type NewLicense = Omit<StoredLicense, 'id' | 'entry' | 'revocation'>;

/** What the similarity indexes are rebuilt from at start. */
export interface WorkCodes {
  id: number;
  contentKind?: string;
  contentCode?: string;
  pdq?: { hash: string; quality: number };
  textSignature?: TextSignature;
}

export interface WorkQuery {
  /** Rights holder's name, matched after normalizeHolderName. */
  holder?: string;
  /** Words of the title, matched as a case-insensitive substring. */
  text?: string;
  /** Only works with id below this (pages go from newest to oldest). */
  beforeId?: number;
  /** Only works registered by this unit or user principal (the entry's submitter). */
  registrant?: string;
  /** Works to skip before the first answered (numbered pages of one registrant's works). */
  offset?: number;
  limit: number;
}

/**
 * What the registry needs from a database. Write methods MUST be atomic and durable, as in
 * LedgerStorage; reads MUST see every write that resolved before they were called.
 */
export interface RegistryStorage {
  /** The next sequence number (from 1) of `kind` in `year`; never the same twice, even across processes. */
  allocateSequence(kind: NumberKind, year: number): Promise<number>;

  /**
   * Stores a new work without an entry. MUST write nothing and resolve the stored work of the same
   * SHA-256 as `existing` when there is one (so two registrations of one file cannot both succeed).
   */
  insertWork(
    work: NewWork,
  ): Promise<{ inserted: true; work: StoredWork } | { inserted: false; existing: StoredWork }>;

  /** Records the work's entry; resolves the updated work, or null when there is no such work. */
  completeWork(number: string, entry: EntryRef): Promise<StoredWork | null>;

  /** Deletes a work that has no entry yet (a failed append); a work with an entry is never deleted. */
  deleteIncompleteWork(number: string): Promise<void>;

  readWork(number: string): Promise<StoredWork | null>;
  readWorksByIds(ids: readonly number[]): Promise<StoredWork[]>;
  findWorkBySha256(sha256: string): Promise<StoredWork | null>;

  /** Works with an entry matching the query, newest first. */
  listWorks(query: WorkQuery): Promise<StoredWork[]>;
  /** How many works with an entry match the query (its beforeId, offset and limit ignored). */
  countWorks(query: Omit<WorkQuery, 'limit'>): Promise<number>;

  /**
   * Records a decision on a work held for review, without its entry, unless it is not held or a
   * decision was recorded already; resolves the work as stored afterwards, or null.
   */
  beginDecision(number: string, decision: Omit<Decision, 'entry'>): Promise<StoredWork | null>;
  /** Records the decision's entry and the review's outcome. */
  completeDecision(number: string, entry: EntryRef): Promise<StoredWork | null>;
  /** Removes a decision that has no entry yet (a failed append). */
  clearIncompleteDecision(number: string): Promise<void>;
  /** Registrations on the chain waiting for review, oldest first. */
  listPendingReviews(limit: number): Promise<StoredWork[]>;

  /** Works (registrations or decisions) and licences (grants or revocations) still without their entry. */
  listIncomplete(): Promise<{ works: StoredWork[]; licenses: StoredLicense[] }>;

  /** Up to `limit` works' codes with id > afterId, by id. */
  scanWorkCodes(afterId: number, limit: number): Promise<WorkCodes[]>;

  insertLicense(license: NewLicense): Promise<StoredLicense>;
  completeLicense(number: string, entry: EntryRef): Promise<StoredLicense | null>;
  deleteIncompleteLicense(number: string): Promise<void>;
  readLicense(number: string): Promise<StoredLicense | null>;
  /** The licences of a work, oldest first. */
  listLicenses(workNumber: string): Promise<StoredLicense[]>;

  /**
   * Records a revocation without its entry unless the licence has one already; resolves the
   * licence as stored afterwards (whose revocation may then be an earlier one), or null.
   */
  beginRevocation(number: string, revocation: Omit<Revocation, 'entry'>): Promise<StoredLicense | null>;
  completeRevocation(number: string, entry: EntryRef): Promise<StoredLicense | null>;
  /** Removes a revocation that has no entry yet (a failed append). */
  clearIncompleteRevocation(number: string): Promise<void>;
}
