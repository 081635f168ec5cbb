import {
  bytesToBase64,
  formatVerifierKey,
  KEY_TYPE_ED25519,
  signEd25519,
  toVerifierKey,
  utf8ToBytes,
  type SignerKey,
} from '../crypto/index.ts';
import { canonicalizeJson } from './canonical-json.ts';

// The signed bytes of an entry's `sig` (DESIGN.md "Entry"). `sig` is
//   { "key": <C2SP verifier key text, Ed25519 (type 0x01)>, "signature": <standard base64 of 64 bytes>,
//     "v": 2 }                                         ("v" absent for form 1)
// and the signature is Ed25519 (RFC 8032) over one of two messages, chosen by `sig.v`:
//
//   form 1 (no "v"; a submitter's own signature, as entries were signed before form 2):
//     UTF-8 of the RFC 8785 canonical JSON of {"digest": <entry.digest>, "meta": <entry.meta>}
//
//   form 2 ("v": 2; every service-written entry, and the only form the offline authority check of
//   src/verify/entry-authority.ts accepts):
//     UTF-8 of the RFC 8785 canonical JSON of
//     {"context": "sealchain-entry-signature/v2", "digest": <entry.digest>, "meta": <entry.meta>,
//      "origin": <the C2SP origin of the chain the entry is on>, "type": <entry.type>,
//      "unit": <entry.unit>}
//
// Form 2 binds the type, the submitting unit and the chain, so a signature made for a `work` on the
// works chain cannot be carried onto another type, another unit's entry or another chain. The
// "context" member keeps form-2 messages apart from every other JSON a key might sign. Form 1 binds
// only digest and meta and is kept so that entries signed that way stay valid.

export const ENTRY_SIGNATURE_FORM_BOUND = 2;
export const ENTRY_SIGNATURE_CONTEXT = 'sealchain-entry-signature/v2';

/** What a form-2 signature binds. */
export interface BoundEntryFields {
  origin: string;
  type: string;
  unit: string;
  digest: string;
  meta: Record<string, unknown>;
}

/** The form-1 signed bytes: canonical JSON of `{ "digest", "meta" }`. */
export function formatEntrySignedMessage(digest: string, meta: Record<string, unknown>): Uint8Array {
  return utf8ToBytes(canonicalizeJson({ digest, meta }));
}

/** The form-2 signed bytes (see above). */
export function formatBoundEntrySignedMessage(fields: BoundEntryFields): Uint8Array {
  return utf8ToBytes(
    canonicalizeJson({
      context: ENTRY_SIGNATURE_CONTEXT,
      digest: fields.digest,
      meta: fields.meta,
      origin: fields.origin,
      type: fields.type,
      unit: fields.unit,
    }),
  );
}

/** A form-2 `sig` by `key` (an Ed25519 signer key) over the entry's fields on chain `fields.origin`. */
export function signBoundEntry(
  fields: BoundEntryFields,
  key: SignerKey,
): { key: string; signature: string; v: typeof ENTRY_SIGNATURE_FORM_BOUND } {
  if (key.type !== KEY_TYPE_ED25519) throw new TypeError('an entry signature needs an Ed25519 key');
  return {
    key: formatVerifierKey(toVerifierKey(key)),
    signature: bytesToBase64(signEd25519(key.seed, formatBoundEntrySignedMessage(fields))),
    v: ENTRY_SIGNATURE_FORM_BOUND,
  };
}
