import { createReadStream } from 'node:fs';
import { bytesToHex, createHasher, type HashAlgorithm } from '../crypto/index.ts';
import { compareTextSignatures, type MediaOptionsInput } from '../fingerprint/index.ts';
import type { AppendReceipt, AppendRequest } from '../ledger/index.ts';
import { buildWorkEntry } from './chain-entries.ts';
import { RegistryError } from './errors.ts';
import { Mutex } from './mutex.ts';
import { resolveRegistryOptions, type RegistryOptions } from './options.ts';
import { formatRegistrationNumber, parseRegistrationNumber } from './registration-number.ts';
import type { EntryRef, RegistryStorage, SimilarWork, StoredWork, WorkQuery } from './storage.ts';
import { inspectWorkFile, type WorkFingerprint } from './work-file.ts';
import { WorkIndex, type IndexedCodes } from './work-index.ts';
import { parseWorkMetadata, type WorkType } from './work-metadata.ts';
import { checkUploadFileName } from './upload-form.ts';
import { keepWorkWithoutIdNumber } from './stored-particulars.ts';
import { refuseForbiddenText } from './text-checks.ts';

/** The works chain as the registry uses it: appends with idempotency keys (a Ledger is one). */
export interface WorksChain {
  append(request: AppendRequest): Promise<AppendReceipt>;
}

/** Where registered files are kept, addressed by SHA-256 (the store's BlobStore is one). */
export interface WorkFileStore {
  writeBlob(
    source: AsyncIterable<Uint8Array>,
    options?: { expectedSha256?: string },
  ): Promise<{ sha256: string; sizeBytes: number; created: boolean }>;
}

export interface WorkRegistryConfig {
  storage: RegistryStorage;
  chain: WorksChain;
  /** The chain's hash algorithm: entry digests use it. */
  hashAlgorithm: HashAlgorithm;
  files: WorkFileStore;
  options?: Partial<RegistryOptions>;
  /** Milliseconds since the epoch (default Date.now). */
  clock?: () => number;
}

export interface RegistrationRequest {
  /** The submitting application unit. */
  unit: string;
  /** The uploaded file, already on local disk (the caller removes it afterwards). */
  filePath: string;
  fileName: string;
  /** The declared metadata: parsed JSON or its text. */
  metadata: unknown;
}

export interface Registration {
  work: StoredWork;
  receipt: AppendReceipt;
  /**
   * Commitment name → disclosure, for the registrant only: the registry keeps none that holds an
   * identity number (see stored-particulars.ts), so this answer is the holder's one copy.
   */
  disclosures: Record<string, string>;
}

export interface SimilarSearch {
  /** A registered work of exactly this file, if any. */
  identical: StoredWork | null;
  similar: SimilarWork[];
  fingerprint: WorkFingerprint;
}

const REBUILD_BATCH = 10_000;

function toIndexedCodes(fingerprint: WorkFingerprint): IndexedCodes {
  const codes: IndexedCodes = {};
  if (fingerprint.content !== undefined) {
    codes.contentKind = fingerprint.content.kind;
    codes.contentCode = fingerprint.content.iscc;
  }
  if (fingerprint.pdq !== undefined) codes.pdq = fingerprint.pdq;
  if (fingerprint.textSignature !== undefined) codes.textSignature = fingerprint.textSignature;
  return codes;
}

function toEntryRef(receipt: AppendReceipt): EntryRef {
  return { index: receipt.leafIndex, leafHash: bytesToHex(receipt.leafHash), time: receipt.time };
}

async function* readFile(path: string): AsyncIterable<Uint8Array> {
  for await (const chunk of createReadStream(path)) yield chunk as Uint8Array;
}

/**
 * Works registration (DESIGN.md "Works registration"): checks a work's file against its declared
 * type, fingerprints it, refuses a file registered before, flags near-identical earlier works,
 * deposits a `work` entry on the works chain and keeps the registration.
 */
export class WorkRegistry {
  readonly options: RegistryOptions;
  readonly #storage: RegistryStorage;
  readonly #chain: WorksChain;
  readonly #hashAlgorithm: HashAlgorithm;
  readonly #files: WorkFileStore;
  readonly #clock: () => number;
  readonly #index: WorkIndex;
  readonly #mutex = new Mutex();

  private constructor(config: WorkRegistryConfig, options: RegistryOptions) {
    this.options = options;
    this.#storage = config.storage;
    this.#chain = config.chain;
    this.#hashAlgorithm = config.hashAlgorithm;
    this.#files = config.files;
    this.#clock = config.clock ?? Date.now;
    this.#index = new WorkIndex(options.pdqMinQuality);
  }

  /** Rebuilds the similarity indexes from the stored codes and finishes registrations a crash interrupted. */
  static async open(config: WorkRegistryConfig): Promise<WorkRegistry> {
    const registry = new WorkRegistry(config, resolveRegistryOptions(config.options));
    await registry.#rebuildIndex();
    await registry.#resumeIncomplete();
    return registry;
  }

  get storage(): RegistryStorage {
    return this.#storage;
  }

  get indexSizes(): { content: number; pdq: number; text: number } {
    return this.#index.sizes;
  }

  get mediaOptions(): MediaOptionsInput {
    return { imageMaxPixels: this.options.imageMaxPixels, tempDir: this.options.scratchDir };
  }

  async register(request: RegistrationRequest): Promise<Registration> {
    const now = new Date(this.#clock());
    const metadata = parseWorkMetadata(request.metadata, now.toISOString().slice(0, 10));
    const fileName = checkUploadFileName(request.fileName);
    const fingerprint = await inspectWorkFile(request.filePath, metadata.workType, this.mediaOptions);
    const digest = await this.#digestFile(request.filePath, fingerprint);
    const { stored: work, disclosures } = await this.#mutex.run(async () => {
      const earlier = await this.#storage.findWorkBySha256(fingerprint.sha256);
      if (earlier !== null) throw this.#alreadyRegistered(earlier, metadata.rightsHolder.name);
      const similar = await this.#findSimilar(fingerprint);
      const sequence = await this.#storage.allocateSequence('W', now.getUTCFullYear());
      const number = formatRegistrationNumber(now.getUTCFullYear(), 'W', sequence);
      const { entryRequest, disclosures } = buildWorkEntry(
        number,
        digest,
        metadata,
        fileName,
        fingerprint,
        similar,
      );
      const kept = keepWorkWithoutIdNumber(metadata, disclosures);
      const inserted = await this.#storage.insertWork({
        number,
        unit: request.unit,
        metadata: kept.metadata,
        fileName,
        fingerprint,
        similar,
        disclosures: kept.disclosures,
        entryRequest,
        // A registration like an earlier one waits for a registrar (issue 22): never certified as an original.
        review: similar.length > 0 ? 'pending-review' : null,
      });
      if (!inserted.inserted) throw this.#alreadyRegistered(inserted.existing, metadata.rightsHolder.name);
      this.#index.add(inserted.work.id, toIndexedCodes(fingerprint));
      return { stored: inserted.work, disclosures };
    });
    try {
      await this.#files.writeBlob(readFile(request.filePath), { expectedSha256: fingerprint.sha256 });
      const receipt = await this.#chain.append({
        ...work.entryRequest,
        unit: work.unit,
        idempotencyKey: work.number,
      });
      const completed = await this.#storage.completeWork(work.number, toEntryRef(receipt));
      return { work: completed!, receipt, disclosures };
    } catch (error) {
      this.#index.delete(work.id);
      await this.#storage.deleteIncompleteWork(work.number).catch(() => undefined);
      throw error;
    }
  }

  /** The registration of `number`; REGISTRATION_NUMBER_INVALID or WORK_NOT_FOUND otherwise. */
  async readWork(number: string): Promise<StoredWork> {
    const parsed = parseRegistrationNumber(number);
    if (parsed.kind !== 'W') {
      throw new RegistryError('WORK_NOT_FOUND', `${parsed.text} is a licence number, not a work's`, {
        details: { number: parsed.text },
      });
    }
    const work = await this.#storage.readWork(parsed.text);
    if (work === null || work.entry === null) {
      throw new RegistryError('WORK_NOT_FOUND', `no work is registered as ${parsed.text}`, {
        details: { number: parsed.text },
      });
    }
    return work;
  }

  /** Works matching the query; TEXT_INVALID for a holder or title text holding NUL. */
  listWorks(query: Partial<WorkQuery>): Promise<StoredWork[]> {
    if (query.holder !== undefined) refuseForbiddenText('holder', query.holder);
    if (query.text !== undefined) refuseForbiddenText('q', query.text);
    const limit = Math.min(Math.max(1, query.limit ?? 20), this.options.maxListLimit);
    return this.#storage.listWorks({ ...query, limit });
  }

  /**
   * One numbered page (from 1) of the works `registrant` registered, newest first, with how many
   * there are; `text` narrows them to titles containing it. TEXT_INVALID for a text holding NUL.
   */
  async listRegistrantWorks(query: {
    registrant: string;
    text?: string;
    page: number;
    pageSize: number;
  }): Promise<{ works: StoredWork[]; total: number }> {
    if (query.text !== undefined) refuseForbiddenText('q', query.text);
    const pageSize = Math.min(Math.max(1, query.pageSize), this.options.maxListLimit);
    const filter: Omit<WorkQuery, 'limit'> = { registrant: query.registrant };
    if (query.text !== undefined) filter.text = query.text;
    const [works, total] = await Promise.all([
      this.#storage.listWorks({
        ...filter,
        limit: pageSize,
        offset: (Math.max(1, query.page) - 1) * pageSize,
      }),
      this.#storage.countWorks(filter),
    ]);
    return { works, total };
  }

  /** Registered works like the file at `path` (of any type), without registering anything. */
  async searchSimilar(path: string, declaredType: WorkType = 'other'): Promise<SimilarSearch> {
    const fingerprint = await inspectWorkFile(path, declaredType, this.mediaOptions);
    const identical = await this.#storage.findWorkBySha256(fingerprint.sha256);
    const similar = await this.#findSimilar(fingerprint);
    return {
      identical: identical?.entry === null ? null : identical,
      similar: similar.filter((s) => s.number !== identical?.number),
      fingerprint,
    };
  }

  async #digestFile(path: string, fingerprint: WorkFingerprint): Promise<string> {
    if (this.#hashAlgorithm === 'sha256') return `sha256:${fingerprint.sha256}`;
    const hasher = createHasher(this.#hashAlgorithm);
    for await (const chunk of readFile(path)) hasher.update(chunk);
    return `${this.#hashAlgorithm}:${bytesToHex(hasher.digest())}`;
  }

  #alreadyRegistered(earlier: StoredWork, holderName: string): RegistryError {
    const time = earlier.entry?.time ?? null;
    return new RegistryError(
      'WORK_ALREADY_REGISTERED',
      `this file is registered already as ${earlier.number}${time === null ? '' : ` (${time})`}, by ${earlier.metadata.rightsHolder.name}`,
      {
        details: {
          number: earlier.number,
          time,
          holder: earlier.metadata.rightsHolder.name,
          title: earlier.metadata.title,
          sameHolder: earlier.metadata.rightsHolder.name === holderName,
        },
      },
    );
  }

  async #findSimilar(fingerprint: WorkFingerprint): Promise<SimilarWork[]> {
    const codes = toIndexedCodes(fingerprint);
    const best = new Map<number, { similarity: number; basis: SimilarWork['basis'] }>();
    const note = (id: number, similarity: number, basis: SimilarWork['basis']) => {
      const known = best.get(id);
      if (known === undefined || similarity > known.similarity) best.set(id, { similarity, basis });
    };
    for (const match of this.#index.findCodeMatches(codes, this.options))
      note(match.id, match.similarity, match.basis);
    const textIds: number[] = [];
    if (fingerprint.textSignature !== undefined) {
      const candidates = this.#index.findTextCandidates(
        fingerprint.textSignature,
        this.options.textMinSimilarity,
        200,
      );
      textIds.push(...candidates.map((c) => c.id));
    }
    const works = await this.#storage.readWorksByIds([...new Set([...best.keys(), ...textIds])]);
    const byId = new Map(works.map((work) => [work.id, work]));
    for (const id of textIds) {
      const stored = byId.get(id)?.fingerprint.textSignature;
      if (stored === undefined || fingerprint.textSignature === undefined) continue;
      const similarity = compareTextSignatures(fingerprint.textSignature, stored);
      if (similarity >= this.options.textMinSimilarity) note(id, similarity, 'text');
    }
    const similar: SimilarWork[] = [];
    for (const [id, { similarity, basis }] of best) {
      const work = byId.get(id);
      if (work === undefined || work.entry === null || work.fingerprint.sha256 === fingerprint.sha256)
        continue;
      similar.push({
        number: work.number,
        title: work.metadata.title,
        time: work.entry.time,
        similarity,
        basis,
      });
    }
    return similar
      .sort((a, b) => b.similarity - a.similarity || a.time.localeCompare(b.time))
      .slice(0, this.options.maxSimilarListed);
  }

  async #rebuildIndex(): Promise<void> {
    let afterId = 0;
    for (;;) {
      const batch = await this.#storage.scanWorkCodes(afterId, REBUILD_BATCH);
      if (batch.length === 0) break;
      this.#index.stageMany(batch);
      afterId = batch.at(-1)!.id;
    }
    this.#index.flushStaged();
  }

  // An append whose answer was lost (a crash between commit and the storage update) is replayed
  // with the same idempotency key: the chain returns the entry it already has, or appends it now.
  async #resumeIncomplete(): Promise<void> {
    const { works } = await this.#storage.listIncomplete();
    for (const work of works) {
      if (work.entry !== null) continue;
      try {
        const receipt = await this.#chain.append({
          ...work.entryRequest,
          unit: work.unit,
          idempotencyKey: work.number,
        });
        await this.#storage.completeWork(work.number, toEntryRef(receipt));
      } catch {
        // The chain refused or is down: the registration stays incomplete until the next start.
      }
    }
  }
}
