import { KEY_TYPE_ED25519, parseVerifierKey, type VerifierKey } from '../crypto/index.ts';
import { VerifyError } from './errors.ts';
import { readString, type FieldErrorFactory, type JsonObject } from './json-reader.ts';

// Fields of the consortium (trust) file read the same way wherever they appear: its error and its
// keys (a chain's sequencer and witnesses in trust.ts, the service keys in authorities.ts).

export const failTrustFile: FieldErrorFactory = (path, problem) =>
  new VerifyError('TRUST_FILE_INVALID', `trust file: ${path} ${problem}`, { details: { path } });

function describeKeyType(keyType: number): string {
  const hex = `0x${keyType.toString(16).padStart(2, '0')}`;
  return keyType === KEY_TYPE_ED25519 ? `an Ed25519 key (type ${hex})` : `a key of type ${hex}`;
}

/**
 * `object.key` as a C2SP verifier key of `keyType`; TRUST_FILE_INVALID naming `path.key` when it is
 * missing, not a verifier key, or of another type.
 */
export function readTrustedKey(object: JsonObject, path: string, keyType: number): VerifierKey {
  const keyText = readString(object, 'key', path, failTrustFile, { maxLength: 1024 });
  let key: VerifierKey;
  try {
    key = parseVerifierKey(keyText);
  } catch (cause) {
    throw new VerifyError('TRUST_FILE_INVALID', `trust file: ${path}.key is not a valid verifier key`, {
      cause,
      details: { path: `${path}.key` },
    });
  }
  if (key.type !== keyType) throw failTrustFile(`${path}.key`, `must be ${describeKeyType(keyType)}`);
  return key;
}
