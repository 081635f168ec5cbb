import { bytesToHex, type HashAlgorithm } from '../crypto/index.ts';
import type { AppendReceipt } from '../ledger/index.ts';
import { buildLicenseEntry, buildRevocationEntry, digestLicense } from './chain-entries.ts';
import { RegistryError } from './errors.ts';
import { parseLicenseTerms } from './license-terms.ts';
import { formatRegistrationNumber, parseRegistrationNumber } from './registration-number.ts';
import type { EntryRef, RegistryStorage, StoredLicense } from './storage.ts';
import type { WorkRegistry, WorksChain } from './work-registry.ts';

export interface LicenseRegistryConfig {
  storage: RegistryStorage;
  chain: WorksChain;
  hashAlgorithm: HashAlgorithm;
  works: WorkRegistry;
  clock?: () => number;
}

export interface LicenseGrant {
  license: StoredLicense;
  receipt: AppendReceipt;
}

function toEntryRef(receipt: AppendReceipt): EntryRef {
  return { index: receipt.leafIndex, leafHash: bytesToHex(receipt.leafHash), time: receipt.time };
}

const MAX_REASON_CHARS = 2000;

/**
 * Licences (授权) of registered works: a grant deposits a `license` entry, a revocation a
 * `license-revocation` entry naming it. Only the unit that registered a work grants or revokes.
 */
export class LicenseRegistry {
  readonly #storage: RegistryStorage;
  readonly #chain: WorksChain;
  readonly #hashAlgorithm: HashAlgorithm;
  readonly #works: WorkRegistry;
  readonly #clock: () => number;

  private constructor(config: LicenseRegistryConfig) {
    this.#storage = config.storage;
    this.#chain = config.chain;
    this.#hashAlgorithm = config.hashAlgorithm;
    this.#works = config.works;
    this.#clock = config.clock ?? Date.now;
  }

  /** Opens the licences and finishes grants and revocations a crash interrupted. */
  static async open(config: LicenseRegistryConfig): Promise<LicenseRegistry> {
    const registry = new LicenseRegistry(config);
    const { licenses } = await config.storage.listIncomplete();
    for (const license of licenses) await registry.#resume(license).catch(() => undefined);
    return registry;
  }

  async grant(unit: string, workNumber: string, termsInput: unknown): Promise<LicenseGrant> {
    const work = await this.#works.readWork(workNumber);
    if (work.unit !== unit) {
      throw new RegistryError(
        'NOT_REGISTRANT',
        `only ${work.unit}, which registered ${work.number}, may license it`,
        {
          details: { number: work.number },
        },
      );
    }
    const terms = parseLicenseTerms(termsInput);
    const year = new Date(this.#clock()).getUTCFullYear();
    const number = formatRegistrationNumber(year, 'L', await this.#storage.allocateSequence('L', year));
    const digest = digestLicense(this.#hashAlgorithm, number, work, terms);
    const { entryRequest, disclosures } = buildLicenseEntry(number, digest, work, terms);
    const stored = await this.#storage.insertLicense({
      number,
      workNumber: work.number,
      unit,
      terms,
      disclosures,
      entryRequest,
    });
    try {
      const receipt = await this.#chain.append({ ...entryRequest, unit, idempotencyKey: number });
      return { license: (await this.#storage.completeLicense(number, toEntryRef(receipt)))!, receipt };
    } catch (error) {
      await this.#storage.deleteIncompleteLicense(stored.number).catch(() => undefined);
      throw error;
    }
  }

  async revoke(unit: string, number: string, reason: unknown): Promise<LicenseGrant> {
    const license = await this.readLicense(number);
    if (license.unit !== unit) {
      throw new RegistryError(
        'NOT_REGISTRANT',
        `only ${license.unit}, which granted ${license.number}, may revoke it`,
        {
          details: { number: license.number },
        },
      );
    }
    if (typeof reason !== 'string' || reason.trim() === '' || reason.length > MAX_REASON_CHARS) {
      throw new RegistryError(
        'LICENSE_INVALID',
        `reason: must be text of 1 to ${MAX_REASON_CHARS} characters`,
        {
          details: { issues: [{ field: 'reason', message: 'must be text' }] },
        },
      );
    }
    if (license.revocation !== null) throw this.#alreadyRevoked(license);
    const entryRequest = buildRevocationEntry(license);
    const begun = await this.#storage.beginRevocation(license.number, {
      reason: reason.trim(),
      entryRequest,
    });
    if (begun === null || (begun.revocation?.entry ?? null) !== null)
      throw this.#alreadyRevoked(begun ?? license);
    try {
      const receipt = await this.#chain.append({
        ...entryRequest,
        unit,
        idempotencyKey: `${license.number}/revocation`,
      });
      return {
        license: (await this.#storage.completeRevocation(license.number, toEntryRef(receipt)))!,
        receipt,
      };
    } catch (error) {
      await this.#storage.clearIncompleteRevocation(license.number).catch(() => undefined);
      throw error;
    }
  }

  async readLicense(number: string): Promise<StoredLicense> {
    const parsed = parseRegistrationNumber(number);
    const license = parsed.kind === 'L' ? await this.#storage.readLicense(parsed.text) : null;
    if (license === null || license.entry === null) {
      throw new RegistryError('LICENSE_NOT_FOUND', `no licence is recorded as ${parsed.text}`, {
        details: { number: parsed.text },
      });
    }
    return license;
  }

  async listLicenses(workNumber: string): Promise<StoredLicense[]> {
    const work = await this.#works.readWork(workNumber);
    return (await this.#storage.listLicenses(work.number)).filter((license) => license.entry !== null);
  }

  #alreadyRevoked(license: StoredLicense): RegistryError {
    return new RegistryError('LICENSE_ALREADY_REVOKED', `${license.number} is revoked already`, {
      details: { number: license.number, revokedAt: license.revocation?.entry?.time ?? null },
    });
  }

  async #resume(license: StoredLicense): Promise<void> {
    if (license.entry === null) {
      const receipt = await this.#chain.append({
        ...license.entryRequest,
        unit: license.unit,
        idempotencyKey: license.number,
      });
      await this.#storage.completeLicense(license.number, toEntryRef(receipt));
    }
    if (license.revocation !== null && license.revocation.entry === null) {
      const receipt = await this.#chain.append({
        ...license.revocation.entryRequest,
        unit: license.unit,
        idempotencyKey: `${license.number}/revocation`,
      });
      await this.#storage.completeRevocation(license.number, toEntryRef(receipt));
    }
  }
}
