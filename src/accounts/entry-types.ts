import { AccountsError } from './errors.ts';

// DESIGN.md "Roles and authority": an entry type owned by a service is written only by that
// service, on the chain that owns it. The raw entries API (single, batch, uploads) writes
// `evidence` and the caller organisation's own namespace `x-<org>/<name>`, nothing else.

/** Which service writes each service-owned type, and on which chains (null: any chain). */
export const SERVICE_ENTRY_TYPES: Readonly<
  Record<string, { service: string; chains: readonly string[] | null }>
> = Object.freeze({
  work: { service: 'registry', chains: ['works'] },
  license: { service: 'registry', chains: ['works'] },
  'license-revocation': { service: 'registry', chains: ['works'] },
  'registration-decision': { service: 'registry', chains: ['works'] },
  capture: { service: 'capture', chains: null },
  verification: { service: 'verification', chains: null },
  anchor: { service: 'anchoring', chains: null },
  case: { service: 'cases', chains: null },
  notice: { service: 'notices', chains: null },
  archive: { service: 'cases', chains: null },
});

/** The one type every principal allowed to deposit may write through the raw entries API. */
export const RAW_ENTRY_TYPE = 'evidence';

/** `x-<org>/<name>`: a custom type in organisation `<org>`'s namespace. */
export const CUSTOM_ENTRY_TYPE_PATTERN = /^x-([a-z0-9][a-z0-9-]{0,62})\/([a-z][a-z0-9-]{0,31})$/;

/** Who is writing: a principal through the raw entries API, or a service of the node. */
export type EntryWriter = { kind: 'raw'; organisation: string | null } | { kind: 'service'; service: string };

/**
 * Decides whether `writer` may write an entry of `type` on chain `chain`; throws otherwise:
 * ENTRY_TYPE_RESERVED (a service's type, or any other name, through the raw API),
 * ENTRY_TYPE_FOREIGN (a custom type of another organisation), ENTRY_TYPE_WRONG_CHAIN (a
 * service's type on a chain that does not own it, or written by another service).
 */
export function authoriseEntryWrite(type: string, writer: EntryWriter, chain: string): void {
  if (writer.kind === 'service') {
    const owner = SERVICE_ENTRY_TYPES[type];
    if (owner === undefined || owner.service !== writer.service) {
      throw new AccountsError(
        'ENTRY_TYPE_RESERVED',
        `the ${writer.service} service does not write ${type} entries`,
        {
          details: { type, service: writer.service },
        },
      );
    }
    if (owner.chains !== null && !owner.chains.includes(chain)) {
      throw new AccountsError(
        'ENTRY_TYPE_WRONG_CHAIN',
        `${type} entries belong on chain ${owner.chains.join(' or ')}, not on ${chain}`,
        { details: { type, chain, chains: owner.chains } },
      );
    }
    return;
  }
  if (type === RAW_ENTRY_TYPE) return;
  const custom = CUSTOM_ENTRY_TYPE_PATTERN.exec(type);
  if (custom !== null) {
    if (writer.organisation !== null && custom[1] === writer.organisation) return;
    throw new AccountsError(
      'ENTRY_TYPE_FOREIGN',
      writer.organisation === null
        ? `custom type ${type} needs a principal of organisation ${custom[1]}; this principal belongs to no organisation`
        : `custom type ${type} belongs to organisation ${custom[1]}; this principal's organisation is ${writer.organisation} (use x-${writer.organisation}/<name>)`,
      { details: { type, organisation: writer.organisation } },
    );
  }
  const owner = SERVICE_ENTRY_TYPES[type];
  throw new AccountsError(
    'ENTRY_TYPE_RESERVED',
    owner === undefined
      ? `the entries API writes evidence and x-<organisation>/<name> entries only, not ${type}`
      : `${type} entries are written only by the ${owner.service} service, not through the entries API`,
    { details: { type, ...(owner === undefined ? {} : { service: owner.service }) } },
  );
}
