import { readFile } from 'node:fs/promises';
import {
  formatVerifierKey,
  sameVerifierKey,
  toVerifierKey,
  type SignerKey,
  type VerifierKey,
} from '../crypto/index.ts';
import { parseTrustFile, VerifyError, type TrustFile } from '../verify/index.ts';
import { digestConsortiumFile } from './consortium-digest.ts';
import { ConsortiumError } from './errors.ts';
import { locateKeyFiles, pathExists, readSignerKeyFile } from './key-files.ts';

/** The private keys a data folder holds: a real member holds only its own. */
export interface ConsortiumKeys {
  /** Sequencer keys by chain name. */
  readonly sequencers: ReadonlyMap<string, SignerKey>;
  /** Witness cosignature keys by witness name. */
  readonly witnesses: ReadonlyMap<string, SignerKey>;
  /** Service keys (entry signing) by member name. */
  readonly services: ReadonlyMap<string, SignerKey>;
}

async function readConsortiumText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new ConsortiumError('CONSORTIUM_FILE_INVALID', `the consortium file ${path} cannot be read`, {
      cause,
      details: { path },
    });
  }
}

function parseConsortiumText(text: string, path: string): TrustFile {
  try {
    return parseTrustFile(text);
  } catch (cause) {
    if (!(cause instanceof VerifyError)) throw cause;
    throw new ConsortiumError('CONSORTIUM_FILE_INVALID', `${path}: ${cause.message}`, {
      cause,
      details: { path, ...cause.details },
    });
  }
}

/** Reads and checks a consortium file (the trust file of src/verify); throws CONSORTIUM_FILE_INVALID. */
export async function readConsortiumFile(path: string): Promise<TrustFile> {
  return parseConsortiumText(await readConsortiumText(path), path);
}

/**
 * Reads and checks a consortium file as received, with the digest its members compare
 * (digestConsortiumFile); throws CONSORTIUM_FILE_INVALID.
 */
export async function readConsortiumFileDigest(path: string): Promise<{ trust: TrustFile; digest: string }> {
  const text = await readConsortiumText(path);
  return { trust: parseConsortiumText(text, path), digest: digestConsortiumFile(text) };
}

/**
 * Loads every private key under `dataDir` that the consortium file names, each checked against
 * its public key there; a key file that is absent is skipped. Throws KEY_FILE_INVALID.
 */
export async function loadConsortiumKeys(dataDir: string, trust: TrustFile): Promise<ConsortiumKeys> {
  const files = locateKeyFiles(dataDir);
  const sequencers = new Map<string, SignerKey>();
  const witnesses = new Map<string, SignerKey>();
  const witnessKeys = new Map<string, VerifierKey>();
  for (const chain of trust.chains) {
    const path = files.sequencerKey(chain.name);
    if (await pathExists(path))
      sequencers.set(chain.name, await readSignerKeyFile(path, chain.sequencer.key));
    for (const witness of chain.witnesses) {
      const seen = witnessKeys.get(witness.name);
      if (seen === undefined) witnessKeys.set(witness.name, witness.key);
      else if (!sameVerifierKey(seen, witness.key)) {
        throw new ConsortiumError(
          'KEY_FILE_INVALID',
          `witness ${witness.name} has two keys in the consortium file; one key file cannot hold both`,
          { details: { witness: witness.name } },
        );
      }
    }
  }
  for (const [name, key] of witnessKeys) {
    const path = files.witnessKey(name);
    if (await pathExists(path)) witnesses.set(name, await readSignerKeyFile(path, key));
  }
  const services = new Map<string, SignerKey>();
  for (const member of new Set(trust.authorities.map((a) => a.member))) {
    const key = await readServiceKeyFile(files.serviceKey(member), trust, member);
    if (key !== undefined) services.set(member, key);
  }
  return { sequencers, witnesses, services };
}

/**
 * The service key of `member` from `path`, which must be the private half of a key the
 * consortium file authorises for that member; undefined when there is no such file (the node then
 * writes its service entries unsigned, and offline verification refuses them). Throws
 * KEY_FILE_INVALID for a file that holds another key.
 */
export async function readServiceKeyFile(
  path: string,
  trust: TrustFile,
  member: string,
): Promise<SignerKey | undefined> {
  if (!(await pathExists(path))) return undefined;
  const key = await readSignerKeyFile(path);
  const listed = trust.authorities.some(
    (a) => a.member === member && sameVerifierKey(a.key, toVerifierKey(key)),
  );
  if (!listed) {
    throw new ConsortiumError(
      'KEY_FILE_INVALID',
      `the key file ${path} holds ${formatVerifierKey(toVerifierKey(key))}, which the consortium file does not authorise for ${member}`,
      { details: { path, member, fileKey: formatVerifierKey(toVerifierKey(key)) } },
    );
  }
  return key;
}
