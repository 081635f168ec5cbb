import {
  base64ToBytes,
  bytesToHex,
  checkEd25519,
  KEY_TYPE_ED25519,
  parseVerifierKey,
  type VerifierKey,
} from '../crypto/index.ts';
import { ENTRY_SIGNATURE_FORM_BOUND, formatBoundEntrySignedMessage } from '../note/index.ts';
import { isAuthorityEntryType, type AuthorityEntryType, type EntryAuthority } from './authorities.ts';
import type { TrustedChain, TrustFile } from './trust.ts';

// Who was entitled to write an entry (DESIGN.md "Roles and authority"), decided offline from the
// consortium file alone. The rule, in this one function:
//
//   An entry whose type a service owns (authorities.ts AUTHORITY_ENTRY_TYPES) is authoritative only
//   if the consortium file authorises some key for that type on the entry's chain, and the entry's
//   `sig` is a chain-bound (form 2) Ed25519 signature (src/note/entry-signature.ts) over this
//   entry's type, unit, digest, meta and this chain's origin, by one of those keys.
//
// Entries of other types (evidence, custom types, anchors, which are checked by their content)
// need no service signature. Each failure is one sentence naming why, with a stable code.

export type EntryAuthorityCode =
  /** The consortium authorises no key for this type on this chain (`work` on the evidence chain). */
  | 'ENTRY_AUTHORITY_WRONG_CHAIN'
  /** The entry carries no signature. */
  | 'ENTRY_AUTHORITY_MISSING'
  /** The signature is malformed, not chain-bound, or does not verify over this entry. */
  | 'ENTRY_AUTHORITY_INVALID'
  /** The signature verifies, under a key not authorised for this type on this chain. */
  | 'ENTRY_AUTHORITY_UNAUTHORIZED';

export interface EntryAuthorityOutcome {
  /** False when the type is not service-owned: nothing was required and `ok` is true. */
  required: boolean;
  ok: boolean;
  summary: string;
  code?: EntryAuthorityCode;
  /** The member whose authorised key signed (when ok and required). */
  member?: string;
  details: Record<string, unknown>;
}

/** The fields of an entry the rule reads (an EntryEnvelope or a ledger Entry). */
export interface AuthorityCheckedEntry {
  type: string;
  unit: string;
  digest: string;
  meta: Record<string, unknown>;
  sig?: unknown;
}

const WORDS: Readonly<Record<AuthorityEntryType, { subject: string; purpose: string }>> = {
  work: { subject: 'this registration', purpose: 'register works' },
  license: { subject: 'this licence', purpose: 'grant licences' },
  'license-revocation': { subject: 'this licence revocation', purpose: 'revoke licences' },
  'registration-decision': { subject: 'this registration decision', purpose: 'decide on registrations' },
  verification: { subject: 'this verification record', purpose: 'record verifications' },
  capture: { subject: 'this capture record', purpose: 'record web captures' },
};

function sameMaterial(a: VerifierKey, b: VerifierKey): boolean {
  return bytesToHex(a.publicKey) === bytesToHex(b.publicKey);
}

/** Who holds `key` as far as the consortium file tells, in words. */
function describeSigner(key: VerifierKey, trust: TrustFile): string {
  const authority = trust.authorities.find((a) => sameMaterial(a.key, key));
  if (authority !== undefined) {
    return `${authority.member}'s key, which is authorised for ${authority.types.join(', ')} on chain ${authority.chain} only`;
  }
  const sequenced = trust.chains.find((c) => sameMaterial(c.sequencer.key, key));
  if (sequenced !== undefined)
    return `the sequencer key of chain ${sequenced.name}, which signs checkpoints only`;
  return `the key named ${JSON.stringify(key.name)}, which the consortium file does not list`;
}

interface ReadSignature {
  key: VerifierKey;
  keyText: string;
  signature: Uint8Array;
  form: number;
}

/** The signature's parts, or why they cannot be read. */
function readSignature(sig: unknown): ReadSignature | string {
  if (typeof sig !== 'object' || sig === null || Array.isArray(sig)) return 'its signature is not an object';
  const { key, signature, v } = sig as Record<string, unknown>;
  if (typeof key !== 'string' || typeof signature !== 'string') {
    return 'its signature lacks a key or a signature';
  }
  let parsed: VerifierKey;
  let bytes: Uint8Array;
  try {
    parsed = parseVerifierKey(key);
    bytes = base64ToBytes(signature);
  } catch {
    return 'its signature has a malformed key or signature';
  }
  if (parsed.type !== KEY_TYPE_ED25519) return 'its signature is by a key that is not Ed25519';
  return { key: parsed, keyText: key, signature: bytes, form: typeof v === 'number' ? v : 1 };
}

/** Decides whether `entry`, on `chain`, carries the authority its type needs (see above). */
export function checkEntryAuthority(
  entry: AuthorityCheckedEntry,
  chain: TrustedChain,
  trust: TrustFile,
): EntryAuthorityOutcome {
  if (!isAuthorityEntryType(entry.type)) {
    return {
      required: false,
      ok: true,
      summary: `a ${entry.type} entry needs no service signature`,
      details: {},
    };
  }
  const type = entry.type;
  const { subject, purpose } = WORDS[type];
  const authorised = trust.authorities.filter(
    (a: EntryAuthority) => a.chain === chain.name && a.types.includes(type),
  );
  const refuse = (code: EntryAuthorityCode, summary: string, details: Record<string, unknown> = {}) => ({
    required: true,
    ok: false,
    code,
    summary,
    details: { code, type, chain: chain.name, ...details },
  });
  if (authorised.length === 0) {
    return refuse(
      'ENTRY_AUTHORITY_WRONG_CHAIN',
      `${subject} cannot be on chain ${chain.name}: the consortium authorises no key to ${purpose} there`,
    );
  }
  const notSigned = `${subject} is not signed by a key the consortium authorises to ${purpose}`;
  if (entry.sig === undefined) {
    return refuse('ENTRY_AUTHORITY_MISSING', `${notSigned} (it carries no signature)`);
  }
  const read = readSignature(entry.sig);
  if (typeof read === 'string') return refuse('ENTRY_AUTHORITY_INVALID', `${notSigned} (${read})`);
  const signer = { signerKey: read.keyText };
  if (read.form !== ENTRY_SIGNATURE_FORM_BOUND) {
    return refuse(
      'ENTRY_AUTHORITY_INVALID',
      `${notSigned} (its signature covers only the digest and meta, not the entry's type and chain)`,
      signer,
    );
  }
  const message = formatBoundEntrySignedMessage({
    origin: chain.origin,
    type,
    unit: entry.unit,
    digest: entry.digest,
    meta: entry.meta,
  });
  if (!checkEd25519(read.key.publicKey, message, read.signature)) {
    return refuse(
      'ENTRY_AUTHORITY_INVALID',
      `${notSigned} (its signature does not verify over this entry on chain ${chain.name}: the entry was altered, or the signature was made for another entry, type or chain)`,
      signer,
    );
  }
  const authority = authorised.find((a) => sameMaterial(a.key, read.key));
  if (authority === undefined) {
    return refuse(
      'ENTRY_AUTHORITY_UNAUTHORIZED',
      `${notSigned} (it was signed by ${describeSigner(read.key, trust)})`,
      signer,
    );
  }
  return {
    required: true,
    ok: true,
    summary: `signed by ${authority.member}'s key, which the consortium authorises to ${purpose} on chain ${chain.name}`,
    member: authority.member,
    details: { type, chain: chain.name, member: authority.member, ...signer },
  };
}
