import {
  bytesToHex,
  isHashAlgorithm,
  KEY_TYPE_COSIGNATURE_V1,
  KEY_TYPE_ED25519,
  type HashAlgorithm,
  type VerifierKey,
} from '../crypto/index.ts';
import { readAuthorities, type EntryAuthority } from './authorities.ts';
import { VerifyError } from './errors.ts';
import { listIndependentWitnesses, organisationOf, type QuorumChain } from './independent-quorum.ts';
import {
  readArray,
  readInteger,
  readObject,
  readOptionalString,
  readString,
  rejectUnknownKeys,
} from './json-reader.ts';
import { failTrustFile, readTrustedKey } from './trust-fields.ts';

// The consortium trust file (DESIGN.md "Consortium file"): the chains, their sequencer and witness
// keys, the quorum of independent witnesses (of organisations other than the sequencer's, named
// as src/verify/independent-quorum.ts says) that makes a checkpoint final, the members' roles, and
// which service keys may sign which entry types (authorities.ts). Distributed out of band, like a
// CT log list; everything a verifier trusts comes from here. Version 2 added `authorities`.

export const TRUST_FILE_VERSION = 2;
export const MEMBER_ROLES = [
  'court',
  'copyright-center',
  'notary',
  'forensics',
  'platform',
  'other',
] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface TrustedSigner {
  name: string;
  key: VerifierKey;
  url?: string;
}

export interface TrustedChain {
  name: string;
  origin: string;
  hashAlgorithm: HashAlgorithm;
  sequencer: TrustedSigner;
  witnesses: TrustedSigner[];
  /** Independent witnesses required: cosigning organisations other than the sequencer's. */
  quorum: number;
  maxMergeDelayMs: number;
}

export interface ConsortiumMember {
  name: string;
  role: MemberRole;
  displayName?: string;
}

export interface TrustFile {
  version: number;
  name: string;
  chains: TrustedChain[];
  members: ConsortiumMember[];
  authorities: EntryAuthority[];
}

const CHAIN_NAME_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;
const ORIGIN_PATTERN = /^[\x21-\x7e]{1,255}$/;
const MAX_CHAINS = 256;
const MAX_WITNESSES = 64;
const MAX_MEMBERS = 1024;
const MAX_TRUST_FILE_CHARS = 1 << 20;

const fail = failTrustFile;

function readUrl(object: Record<string, unknown>, path: string): string | undefined {
  const url = readOptionalString(object, 'url', path, fail, { maxLength: 2048 });
  if (url === undefined) return undefined;
  if (!/^https?:\/\/[^\s]+$/.test(url)) throw fail(`${path}.url`, 'must be an http or https URL');
  return url;
}

function readSigner(value: unknown, path: string, keyType: number): TrustedSigner {
  const object = readObject(value, path, fail);
  rejectUnknownKeys(object, ['name', 'key', 'url'], path, fail);
  const name = readString(object, 'name', path, fail, { maxLength: 255 });
  const key = readTrustedKey(object, path, keyType);
  const url = readUrl(object, path);
  return url === undefined ? { name, key } : { name, key, url };
}

function readChain(value: unknown, path: string): TrustedChain {
  const object = readObject(value, path, fail);
  rejectUnknownKeys(
    object,
    ['name', 'origin', 'hashAlgorithm', 'sequencer', 'witnesses', 'quorum', 'maxMergeDelayMs'],
    path,
    fail,
  );
  const name = readString(object, 'name', path, fail, { pattern: CHAIN_NAME_PATTERN });
  const origin = readString(object, 'origin', path, fail, { pattern: ORIGIN_PATTERN });
  const hashAlgorithm = object['hashAlgorithm'];
  if (!isHashAlgorithm(hashAlgorithm)) throw fail(`${path}.hashAlgorithm`, 'must be "sha256" or "sm3"');
  const sequencer = readSigner(object['sequencer'], `${path}.sequencer`, KEY_TYPE_ED25519);
  const witnesses = readArray(object, 'witnesses', path, fail, { maxItems: MAX_WITNESSES }).map((item, i) =>
    readSigner(item, `${path}.witnesses[${i}]`, KEY_TYPE_COSIGNATURE_V1),
  );
  const witnessNames = new Set(witnesses.map((w) => w.name));
  if (witnessNames.size !== witnesses.length)
    throw fail(`${path}.witnesses`, 'has two witnesses with one name');
  const witnessKeys = new Set(witnesses.map((w) => `${w.key.name}+${bytesToHex(w.key.keyId)}`));
  if (witnessKeys.size !== witnesses.length)
    throw fail(`${path}.witnesses`, 'has two witnesses with one key');
  const quorum = readInteger(object, 'quorum', path, fail, { min: 0, max: witnesses.length });
  checkQuorumReachable({ sequencer, witnesses, quorum }, `${path}.quorum`);
  const maxMergeDelayMs = readInteger(object, 'maxMergeDelayMs', path, fail, { min: 1, max: 86_400_000 });
  return { name, origin, hashAlgorithm, sequencer, witnesses, quorum, maxMergeDelayMs };
}

/** The quorum counts independent witnesses only (src/verify/independent-quorum.ts): never more than there are. */
function checkQuorumReachable(chain: QuorumChain, path: string): void {
  const independent = listIndependentWitnesses(chain);
  if (chain.quorum <= independent.length) return;
  const listed = independent.length === 0 ? '' : ` (${independent.join(', ')})`;
  throw fail(
    path,
    `is ${chain.quorum}, but the chain has only ${independent.length} independent witness${independent.length === 1 ? '' : 'es'}${listed}: ` +
      `the quorum counts witnesses of organisations other than the sequencer's (${organisationOf(chain.sequencer.name)})`,
  );
}

function readMember(value: unknown, path: string): ConsortiumMember {
  const object = readObject(value, path, fail);
  rejectUnknownKeys(object, ['name', 'role', 'displayName'], path, fail);
  const name = readString(object, 'name', path, fail, { maxLength: 255 });
  const role = object['role'];
  if (!MEMBER_ROLES.includes(role as MemberRole))
    throw fail(`${path}.role`, `must be one of ${MEMBER_ROLES.join(', ')}`);
  const displayName = readOptionalString(object, 'displayName', path, fail, { maxLength: 255 });
  return displayName === undefined
    ? { name, role: role as MemberRole }
    : { name, role: role as MemberRole, displayName };
}

/** Parses a trust file from its JSON text or parsed value; throws VerifyError('TRUST_FILE_INVALID'). */
export function parseTrustFile(input: string | unknown): TrustFile {
  let value = input;
  if (typeof input === 'string') {
    if (input.length > MAX_TRUST_FILE_CHARS) throw fail('$', 'is larger than 1 MiB');
    try {
      value = JSON.parse(input);
    } catch (cause) {
      throw new VerifyError('TRUST_FILE_INVALID', 'trust file is not valid JSON', { cause });
    }
  }
  const object = readObject(value, '$', fail);
  if (object['version'] === 1) {
    throw fail(
      '$.version',
      `is 1, a consortium file from before service authorities; this sealchain reads version ${TRUST_FILE_VERSION}: create the consortium file again (sealchain consortium init, or assemble from new member files)`,
    );
  }
  rejectUnknownKeys(object, ['version', 'name', 'chains', 'members', 'authorities'], '$', fail);
  const version = readInteger(object, 'version', '$', fail, {
    min: TRUST_FILE_VERSION,
    max: TRUST_FILE_VERSION,
  });
  const name = readString(object, 'name', '$', fail, { maxLength: 255 });
  const chains = readArray(object, 'chains', '$', fail, { maxItems: MAX_CHAINS, minItems: 1 }).map(
    (item, i) => readChain(item, `$.chains[${i}]`),
  );
  if (new Set(chains.map((c) => c.name)).size !== chains.length)
    throw fail('$.chains', 'has two chains with one name');
  if (new Set(chains.map((c) => c.origin)).size !== chains.length)
    throw fail('$.chains', 'has two chains with one origin');
  const members = readArray(object, 'members', '$', fail, { maxItems: MAX_MEMBERS }).map((item, i) =>
    readMember(item, `$.members[${i}]`),
  );
  const authorities = readAuthorities(object, chains, members);
  return { version, name, chains, members, authorities };
}

/** Finds a chain by its short name or origin; throws VerifyError('CHAIN_UNKNOWN'). */
export function findTrustedChain(trust: TrustFile, nameOrOrigin: string): TrustedChain {
  const chain = trust.chains.find((c) => c.name === nameOrOrigin || c.origin === nameOrOrigin);
  if (!chain) {
    throw new VerifyError(
      'CHAIN_UNKNOWN',
      `the trust file "${trust.name}" has no chain ${JSON.stringify(nameOrOrigin)}`,
      {
        details: { chain: nameOrOrigin, knownChains: trust.chains.map((c) => c.name) },
      },
    );
  }
  return chain;
}
