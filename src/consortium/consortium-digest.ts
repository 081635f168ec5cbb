import { bytesToHex, sha256 } from '../crypto/index.ts';
import { canonicalizeJsonToBytes } from '../note/index.ts';
import { ConsortiumError } from './errors.ts';

// The digest members compare out of band (by phone, in person) before anyone starts a node:
// SHA-256 over the consortium file's JSON in its RFC 8785 canonical form, so indentation, key
// order and line ends do not change it, and any change of a key, URL, quorum or member does.

export const CONSORTIUM_DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** `sha256:<64 hex>` of a consortium file's text; throws CONSORTIUM_FILE_INVALID if it is not I-JSON. */
export function digestConsortiumFile(text: string): string {
  let bytes: Uint8Array;
  try {
    bytes = canonicalizeJsonToBytes(JSON.parse(text));
  } catch (cause) {
    throw new ConsortiumError(
      'CONSORTIUM_FILE_INVALID',
      'the consortium file is not JSON that RFC 8785 can canonicalize',
      { cause },
    );
  }
  return `sha256:${bytesToHex(sha256(bytes))}`;
}
