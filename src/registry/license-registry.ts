import { bytesToHex, type HashAlgorithm } from '../crypto/index.ts';
import type { AppendReceipt } from '../ledger/index.ts';
import { buildLicenseEntry, buildRevocationEntry, digestLicense } from './chain-entries.ts';
import { RegistryError } from './errors.ts';
import { parseLicenseTerms } from './license-terms.ts';
import { formatRegistrationNumber, parseRegistrationNumber } from './registration-number.ts';
import type { EntryRef, RegistryStorage, Revoker, StoredLicense } from './storage.ts';
import { requireCertifiable, toLicenseStatus, type LicenseStatus } from './review-status.ts';
import { keepLicenseWithoutIdNumber } from './stored-particulars.ts';
import { parseReason } from './text-checks.ts';
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
  /** For the registrant only: the registry keeps none that holds an identity number. */
  disclosures: Record<string, string>;
}

/** Who revokes: a principal, and whether it may revoke anyone's licence (a copyright-centre registrar). */
export interface LicenseActor {
  name: string;
  forAnyone: boolean;
}

function toEntryRef(receipt: AppendReceipt): EntryRef {
  return { index: receipt.leafIndex, leafHash: bytesToHex(receipt.leafHash), time: receipt.time };
}

const MAX_REASON_CHARS = 2000;

/**
 * Licences (授权) of registered works: a grant deposits a `license` entry, a revocation a
 * `license-revocation` entry naming it. The licensor is the work's rights holder; the registry
 * writes both entries on the holder's behalf, for the unit that registered the work and no other.
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
    const work = requireCertifiable(await this.#works.readWork(workNumber));
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
    const kept = keepLicenseWithoutIdNumber(terms, disclosures);
    const stored = await this.#storage.insertLicense({
      number,
      workNumber: work.number,
      unit,
      licensor: work.metadata.rightsHolder.name,
      terms: kept.terms,
      disclosures: kept.disclosures,
      entryRequest,
    });
    try {
      const receipt = await this.#chain.append({ ...entryRequest, unit, idempotencyKey: number });
      const license = (await this.#storage.completeLicense(number, toEntryRef(receipt)))!;
      return { license, receipt, disclosures };
    } catch (error) {
      await this.#storage.deleteIncompleteLicense(stored.number).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Revokes a licence for `actor`: the unit or creator that registered the work (its licensor's
   * registrant), or, when `actor.forAnyone` (a registrar of the copyright centre, as the permission
   * table decides), any licence. The entry's `unit` is the actor; the registry keeps who and why.
   */
  async revoke(actor: LicenseActor, number: string, reason: unknown): Promise<LicenseGrant> {
    const license = await this.readLicense(number);
    const work = await this.#works.readWork(license.workNumber);
    if (work.unit !== actor.name && !actor.forAnyone) {
      throw new RegistryError(
        'NOT_REGISTRANT',
        `only ${work.unit}, which registered ${work.number} for its rights holder, or a registrar may revoke ${license.number}`,
        { details: { number: license.number, work: work.number } },
      );
    }
    const text = parseReason(reason, 'LICENSE_INVALID', MAX_REASON_CHARS);
    if (license.revocation !== null) throw this.#alreadyRevoked(license);
    const revokedBy: Revoker = {
      name: actor.name,
      capacity: work.unit === actor.name ? 'licensor' : 'registrar',
    };
    const entryRequest = buildRevocationEntry(license, revokedBy);
    const begun = await this.#storage.beginRevocation(license.number, {
      reason: text,
      revokedBy,
      entryRequest,
    });
    if (begun === null || (begun.revocation?.entry ?? null) !== null)
      throw this.#alreadyRevoked(begun ?? license);
    try {
      const receipt = await this.#chain.append({
        ...entryRequest,
        unit: revokedBy.name,
        idempotencyKey: `${license.number}/revocation`,
      });
      return {
        license: (await this.#storage.completeRevocation(license.number, toEntryRef(receipt)))!,
        receipt,
        disclosures: {},
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

  /** Granted or revoked, with the time and entry of each (see review-status.ts). */
  async readLicenseStatus(number: string): Promise<LicenseStatus> {
    return toLicenseStatus(await this.readLicense(number));
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
        unit: license.revocation.revokedBy?.name ?? license.unit,
        idempotencyKey: `${license.number}/revocation`,
      });
      await this.#storage.completeRevocation(license.number, toEntryRef(receipt));
    }
  }
}
