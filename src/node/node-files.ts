import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  createSignerKey,
  formatSignerKey,
  formatVerifierKey,
  parseSignerKey,
  type HashAlgorithm,
  type SignerKey,
  type VerifierKey,
} from '../crypto/index.ts';
import { parseTrustFile, TRUST_FILE_VERSION, type AuthorityEntryType } from '../verify/index.ts';
import { ApiError } from '../api/index.ts';

const PRIVATE_FILE_MODE = 0o600;

async function writeFileAtomically(path: string, text: string, mode: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode, flag: 'w' });
  await chmod(temporary, mode);
  await rename(temporary, path);
}

/**
 * The chain's sequencer key, created at first start in a file only the owner may read. The key
 * text never leaves this function except as the SignerKey object.
 */
export async function loadSequencerKey(
  path: string,
  keyName: string,
  what = 'sequencer key',
): Promise<SignerKey> {
  const found = await stat(path).catch(() => undefined);
  if (found === undefined) {
    const key = createSignerKey(keyName);
    await writeFileAtomically(path, `${formatSignerKey(key)}\n`, PRIVATE_FILE_MODE);
    return key;
  }
  if ((found.mode & 0o077) !== 0) await chmod(path, PRIVATE_FILE_MODE);
  let key: SignerKey;
  try {
    key = parseSignerKey((await readFile(path, 'utf8')).trim());
  } catch (cause) {
    throw new ApiError('NODE_OPTIONS_INVALID', `the ${what} file ${path} is not a signer key`, {
      cause,
    });
  }
  if (key.name !== keyName) {
    throw new ApiError('NODE_OPTIONS_INVALID', `the ${what} in ${path} is for ${key.name}, not ${keyName}`, {
      details: { expectedName: keyName, keyName: key.name },
    });
  }
  return key;
}

export interface TrustFileChain {
  name: string;
  origin: string;
  hashAlgorithm: HashAlgorithm;
  sequencerKey: VerifierKey;
  maxMergeDelayMs: number;
  url: string | undefined;
  /** The node's service key: it signs the entry types of the chain's family (singleNodeAuthorityTypes). */
  serviceKey?: VerifierKey;
}

/**
 * The entry types a single node's service key signs: the works registry's on a works chain, court
 * verifications and captures on any other.
 */
export function singleNodeAuthorityTypes(chainName: string): AuthorityEntryType[] {
  return chainName === 'works'
    ? ['work', 'license', 'license-revocation', 'registration-decision']
    : ['verification', 'capture'];
}

/**
 * The consortium trust file of a node without witnesses yet (quorum 0): what `sealchain verify`
 * and any offline verifier trust. Checked with src/verify's own parser before it is written.
 */
export async function writeTrustFile(
  path: string,
  consortiumName: string,
  chains: readonly TrustFileChain[],
): Promise<void> {
  const trust = {
    version: TRUST_FILE_VERSION,
    name: consortiumName,
    chains: chains.map((chain) => ({
      name: chain.name,
      origin: chain.origin,
      hashAlgorithm: chain.hashAlgorithm,
      sequencer: {
        name: chain.sequencerKey.name,
        key: formatVerifierKey(chain.sequencerKey),
        ...(chain.url === undefined ? {} : { url: chain.url }),
      },
      witnesses: [],
      quorum: 0,
      maxMergeDelayMs: chain.maxMergeDelayMs,
    })),
    members: chains.flatMap((chain) =>
      chain.serviceKey === undefined ? [] : [{ name: chain.name, role: 'other' }],
    ),
    authorities: chains.flatMap((chain) =>
      chain.serviceKey === undefined
        ? []
        : [
            {
              member: chain.name,
              chain: chain.name,
              key: formatVerifierKey(chain.serviceKey),
              types: singleNodeAuthorityTypes(chain.name),
            },
          ],
    ),
  };
  const text = `${JSON.stringify(trust, null, 2)}\n`;
  parseTrustFile(text);
  await writeFileAtomically(path, text, 0o644);
}
