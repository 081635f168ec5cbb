import { sameVerifierKey, toVerifierKey, type SignerKey } from '../crypto/index.ts';
import type { EntryFields } from '../ledger/index.ts';
import { signBoundEntry } from '../note/index.ts';
import { isAuthorityEntryType, type TrustedChain, type TrustFile } from '../verify/index.ts';

// How a node signs what its services write (DESIGN.md "Roles and authority"): an entry of a
// service-owned type gets a chain-bound signature (src/note/entry-signature.ts) by the service
// key this node holds that the consortium file authorises for that type on this chain. The
// offline verifier (src/verify/entry-authority.ts) accepts such an entry only with it.

/** Adds the service signature to the fields of an entry (other fields, e.g. an idempotency key, kept). */
export type EntrySigner = <T extends EntryFields>(fields: T) => T;

/**
 * The signer of chain `chain` given the service keys this node holds (by member). An entry of a
 * type no service owns, or one this node holds no authorised key for, is returned as it is: the
 * ledger takes it, and offline verification says it lacks the authority.
 */
export function createEntrySigner(
  trust: TrustFile,
  chain: TrustedChain,
  serviceKeys: ReadonlyMap<string, SignerKey>,
): EntrySigner {
  const keys = new Map<string, SignerKey>();
  for (const authority of trust.authorities) {
    if (authority.chain !== chain.name) continue;
    const key = serviceKeys.get(authority.member);
    if (key === undefined || !sameVerifierKey(toVerifierKey(key), authority.key)) continue;
    for (const type of authority.types) if (!keys.has(type)) keys.set(type, key);
  }
  return (fields) => {
    if (!isAuthorityEntryType(fields.type)) return fields;
    const key = keys.get(fields.type);
    if (key === undefined) return fields;
    const meta = fields.meta ?? {};
    const sig = signBoundEntry(
      { origin: chain.origin, type: fields.type, unit: fields.unit, digest: fields.digest, meta },
      key,
    );
    return { ...fields, meta, sig };
  };
}
