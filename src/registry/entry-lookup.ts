import { RegistryError } from './errors.ts';
import { requireCertifiable } from './review-status.ts';
import type { EntryRef, RegistryStorage, StoredLicense, StoredWork } from './storage.ts';

// What the registry says about a chain entry is what the entry and the registry's record agree
// on: a record is found by the number in the entry's meta, and is this entry's only if the record
// names this very entry. Anyone can write a number into an entry's meta; only the registry's own
// entry is the registration (issue 22, point 13: "the certificate mixes A's details with B's").

export type RegistryRecordOfEntry =
  | { type: 'work'; work: StoredWork }
  | { type: 'license'; license: StoredLicense; work: StoredWork }
  | { type: 'license-revocation'; license: StoredLicense; work: StoredWork };

const REGISTRY_TYPES = new Set(['work', 'license', 'license-revocation']);

function notRegistration(index: number, number: string, recorded: EntryRef | null): RegistryError {
  return new RegistryError(
    'ENTRY_NOT_REGISTRATION',
    recorded === null
      ? `entry ${index} is not a registration of the registry: no ${number} is recorded`
      : `entry ${index} is not a registration of the registry: ${number} is entry ${recorded.index}`,
    { details: { index, number, recordedIndex: recorded?.index ?? null } },
  );
}

/**
 * The registry's record of the chain entry at `index`: null for entry types the registry does not
 * write; ENTRY_NOT_REGISTRATION when the entry names a number whose record is another entry (or
 * none); REGISTRATION_UNDER_REVIEW or REGISTRATION_REJECTED for a registration not certified.
 */
export async function readRegistryRecordOfEntry(
  storage: RegistryStorage,
  entry: { type: string; meta?: Record<string, unknown> | undefined },
  index: number,
): Promise<RegistryRecordOfEntry | null> {
  if (!REGISTRY_TYPES.has(entry.type)) return null;
  const key = entry.type === 'license-revocation' ? 'license' : 'number';
  const meta: Record<string, unknown> =
    typeof entry.meta === 'object' && entry.meta !== null ? entry.meta : {};
  const number = meta[key];
  if (typeof number !== 'string' || number.length > 64) throw notRegistration(index, String(number), null);
  if (entry.type === 'work') {
    const work = await storage.readWork(number);
    if (work === null || work.entry?.index !== index)
      throw notRegistration(index, number, work?.entry ?? null);
    return { type: 'work', work: requireCertifiable(work) };
  }
  const license = await storage.readLicense(number);
  const recorded = entry.type === 'license' ? (license?.entry ?? null) : (license?.revocation?.entry ?? null);
  if (license === null || recorded?.index !== index) throw notRegistration(index, number, recorded);
  const work = await storage.readWork(license.workNumber);
  if (work === null) throw notRegistration(index, license.workNumber, null);
  return entry.type === 'license'
    ? { type: 'license', license, work }
    : { type: 'license-revocation', license, work };
}
