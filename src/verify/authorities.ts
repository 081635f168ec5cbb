import { bytesToHex, KEY_TYPE_ED25519, type VerifierKey } from '../crypto/index.ts';
import { readArray, readObject, readString, rejectUnknownKeys } from './json-reader.ts';
import { failTrustFile, readTrustedKey } from './trust-fields.ts';

// The consortium file's `authorities` (DESIGN.md "Roles and authority"): which service keys may
// sign which service-owned entry types on which chain. An entry of one of these types is
// authoritative only when its chain-bound signature verifies under a key listed here for its type
// and chain (src/verify/entry-authority.ts). For example:
//
//   "authorities": [
//     { "member": "copyright-center", "chain": "works", "key": "copyright.sealchain.local/registrar+…",
//       "types": ["work", "license", "license-revocation", "registration-decision"] },
//     { "member": "court", "chain": "evidence", "key": "court.sealchain.local/service+…",
//       "types": ["verification", "capture"] }
//   ]
//
// Each type belongs to one family, and the types authorised on one chain come from one family, so
// a file can never make `work` writable on the chain where captures and court verifications go.
// Anchors are not listed: an anchor is checked by its content (the other chain's checkpoint,
// signed by that chain's sequencer and cosigned by its witnesses), which no signature adds to.

export const AUTHORITY_ENTRY_TYPES = [
  'work',
  'license',
  'license-revocation',
  'registration-decision',
  'verification',
  'capture',
] as const;
export type AuthorityEntryType = (typeof AUTHORITY_ENTRY_TYPES)[number];

export type AuthorityFamily = 'works' | 'evidence';

/** The family of each service-owned type: the works registry's, or the evidence chain's. */
export const AUTHORITY_TYPE_FAMILIES: Readonly<Record<AuthorityEntryType, AuthorityFamily>> = Object.freeze({
  work: 'works',
  license: 'works',
  'license-revocation': 'works',
  'registration-decision': 'works',
  verification: 'evidence',
  capture: 'evidence',
});

export interface EntryAuthority {
  /** The consortium member that holds the key. */
  member: string;
  /** The chain (by name) on which the key may sign. */
  chain: string;
  /** An Ed25519 (type 0x01) verifier key. */
  key: VerifierKey;
  types: AuthorityEntryType[];
}

export function isAuthorityEntryType(type: string): type is AuthorityEntryType {
  return (AUTHORITY_ENTRY_TYPES as readonly string[]).includes(type);
}

const MAX_AUTHORITIES = 256;

const fail = failTrustFile;

function readAuthority(
  value: unknown,
  path: string,
  chains: ReadonlySet<string>,
  members: ReadonlySet<string>,
): EntryAuthority {
  const object = readObject(value, path, fail);
  rejectUnknownKeys(object, ['member', 'chain', 'key', 'types'], path, fail);
  const member = readString(object, 'member', path, fail, { maxLength: 255 });
  if (!members.has(member))
    throw fail(`${path}.member`, `names ${JSON.stringify(member)}, who is not a member`);
  const chain = readString(object, 'chain', path, fail, { maxLength: 63 });
  if (!chains.has(chain)) throw fail(`${path}.chain`, `names ${JSON.stringify(chain)}, which is not a chain`);
  const key = readTrustedKey(object, path, KEY_TYPE_ED25519);
  const types = readArray(object, 'types', path, fail, {
    minItems: 1,
    maxItems: AUTHORITY_ENTRY_TYPES.length,
  }).map((type, i) => {
    if (typeof type !== 'string' || !isAuthorityEntryType(type)) {
      throw fail(`${path}.types[${i}]`, `must be one of ${AUTHORITY_ENTRY_TYPES.join(', ')}`);
    }
    return type;
  });
  if (new Set(types).size !== types.length) throw fail(`${path}.types`, 'names one type twice');
  return { member, chain, key, types };
}

/**
 * Reads `$.authorities`; throws VerifyError('TRUST_FILE_INVALID') for an unknown field, member,
 * chain or type, a key that is not Ed25519, a key listed twice or also used as a sequencer or
 * witness key, or one chain authorised for types of both families.
 */
export function readAuthorities(
  object: Record<string, unknown>,
  chains: readonly { name: string; sequencer: { key: VerifierKey }; witnesses: { key: VerifierKey }[] }[],
  members: readonly { name: string }[],
): EntryAuthority[] {
  const chainNames = new Set(chains.map((c) => c.name));
  const memberNames = new Set(members.map((m) => m.name));
  const authorities = readArray(object, 'authorities', '$', fail, { maxItems: MAX_AUTHORITIES }).map(
    (item, i) => readAuthority(item, `$.authorities[${i}]`, chainNames, memberNames),
  );
  const logKeys = new Set(
    chains
      .flatMap((c) => [c.sequencer.key, ...c.witnesses.map((w) => w.key)])
      .map((k) => bytesToHex(k.publicKey)),
  );
  const seen = new Set<string>();
  const families = new Map<string, AuthorityFamily>();
  for (const [i, authority] of authorities.entries()) {
    const path = `$.authorities[${i}]`;
    const material = bytesToHex(authority.key.publicKey);
    if (seen.has(material)) throw fail(`${path}.key`, 'is listed twice: one key, one authority');
    if (logKeys.has(material))
      throw fail(`${path}.key`, 'is also a sequencer or witness key: a service key signs entries only');
    seen.add(material);
    for (const type of authority.types) {
      const family = AUTHORITY_TYPE_FAMILIES[type];
      const earlier = families.get(authority.chain);
      if (earlier !== undefined && earlier !== family) {
        throw fail(
          `${path}.types`,
          `authorises ${type} on chain ${authority.chain}, which other types make the ${earlier} chain`,
        );
      }
      families.set(authority.chain, family);
    }
  }
  return authorities;
}
