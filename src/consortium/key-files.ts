import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  formatSignerKey,
  formatVerifierKey,
  parseSignerKey,
  sameVerifierKey,
  toVerifierKey,
  type SignerKey,
  type VerifierKey,
} from '../crypto/index.ts';
import { ConsortiumError } from './errors.ts';
import { writeNewFile } from './new-file.ts';

// Private keys live one per file in C2SP signed-note form (PRIVATE+KEY+<name>+<id>+<key>), file
// mode 0600 in a 0700 folder. Their text is never put in a message, an error or a log.

const KEY_FILE_MODE = 0o600;
const KEY_DIR_MODE = 0o700;

/**
 * The key files of a key folder: `<chain>.sequencer.key`, `<witness>.witness.key` and
 * `<member>.service.key` (the member's service key, which signs the entry types the consortium
 * file authorises it for: registrations and licences, court verifications, captures).
 */
export function locateKeyFilesIn(keyDir: string) {
  return {
    keyDir,
    sequencerKey: (chainName: string) => join(keyDir, `${chainName}.sequencer.key`),
    witnessKey: (witnessName: string) => join(keyDir, `${witnessName}.witness.key`),
    serviceKey: (member: string) => join(keyDir, `${member}.service.key`),
  };
}

/** Where a data folder keeps the private keys of the consortium members it runs. */
export function locateKeyFiles(dataDir: string) {
  return locateKeyFilesIn(join(dataDir, 'keys'));
}

/** Creates the key folder (mode 0700, tightened if it already exists). */
export async function ensureKeyDirectory(keyDir: string): Promise<void> {
  await mkdir(keyDir, { recursive: true, mode: KEY_DIR_MODE });
  await chmod(keyDir, KEY_DIR_MODE);
}

/**
 * Writes a new key file durably and atomically, mode 0600; never replaces an existing file
 * (CONSORTIUM_EXISTS).
 */
export async function writeSignerKeyFile(path: string, key: SignerKey): Promise<void> {
  await writeNewFile(path, `${formatSignerKey(key)}\n`, KEY_FILE_MODE);
}

function keyFileInvalid(path: string, problem: string, cause?: unknown): ConsortiumError {
  return new ConsortiumError('KEY_FILE_INVALID', `the key file ${path} ${problem}`, {
    details: { path },
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Reads a private key file, tightening its mode to 0600 if others could read it; when `expected`
 * is given, the key must be its private half. Throws KEY_FILE_INVALID.
 */
export async function readSignerKeyFile(path: string, expected?: VerifierKey): Promise<SignerKey> {
  let text: string;
  try {
    const found = await stat(path);
    if ((found.mode & 0o077) !== 0) await chmod(path, KEY_FILE_MODE);
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw keyFileInvalid(path, 'cannot be read', cause);
  }
  let key: SignerKey;
  try {
    key = parseSignerKey(text.trim());
  } catch {
    throw keyFileInvalid(path, 'does not hold a signer key (PRIVATE+KEY+…)');
  }
  if (expected !== undefined && !sameVerifierKey(toVerifierKey(key), expected)) {
    throw new ConsortiumError(
      'KEY_FILE_INVALID',
      `the key file ${path} holds the private key of ${formatVerifierKey(toVerifierKey(key))}, not of ${formatVerifierKey(expected)}`,
      {
        details: {
          path,
          expectedKey: formatVerifierKey(expected),
          fileKey: formatVerifierKey(toVerifierKey(key)),
        },
      },
    );
  }
  return key;
}

/** True when a file or folder exists at `path`. */
export async function pathExists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}
