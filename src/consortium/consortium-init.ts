import { mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createSignerKey,
  formatVerifierKey,
  isHashAlgorithm,
  KEY_TYPE_COSIGNATURE_V1,
  KEY_TYPE_ED25519,
  toVerifierKey,
  type HashAlgorithm,
  type SignerKey,
} from '../crypto/index.ts';
import {
  parseTrustFile,
  TRUST_FILE_VERSION,
  type AuthorityEntryType,
  type MemberRole,
  type TrustFile,
} from '../verify/index.ts';
import { ConsortiumError } from './errors.ts';
import { ensureKeyDirectory, locateKeyFiles, pathExists, writeSignerKeyFile } from './key-files.ts';

// `sealchain consortium init`: the default local consortium of DESIGN.md and issue 4. The court
// sequences the evidence chain, the copyright centre the works chain; the court, the copyright
// centre, a notary office and a judicial forensics centre each witness both chains with one
// cosignature key. Only witnesses of organisations other than a chain's sequencer count (issue
// 22), so each chain has 3 independent witnesses and is final at 2 of them: it stays final with
// any one member down. The court and the copyright centre each hold a service key that signs the
// entries their services write (AUTHORITIES). The public half goes to <dataDir>/consortium.json (the trust file of
// src/verify), each private key to its own file under <dataDir>/keys.

export type DefaultMemberName = 'court' | 'copyright-center' | 'notary' | 'forensics';

export interface ConsortiumInitOptions {
  /** Folder that receives consortium.json and keys/. */
  dataDir: string;
  /** The consortium's name in the file. */
  name: string;
  /**
   * Base URL of each member's node. A chain's sequencer URL is `<base>/log/<chain>` (its
   * tlog-tiles prefix), a witness URL `<base>/witness/<member>` (its tlog-witness submission
   * prefix), so one server can answer for several members.
   */
  memberUrls: Readonly<Partial<Record<DefaultMemberName, string>>>;
  hashAlgorithm: HashAlgorithm;
  /** Independent witnesses (of the 3 besides the chain's sequencer's own) that make a checkpoint final. */
  quorum: number;
  /** The chains' promise: a receipted entry is in a checkpoint within this many milliseconds. */
  maxMergeDelayMs: number;
}

export const DEFAULT_CONSORTIUM_INIT_OPTIONS: Readonly<ConsortiumInitOptions> = Object.freeze({
  dataDir: 'data',
  name: 'sealchain-local',
  memberUrls: Object.freeze({}),
  hashAlgorithm: 'sha256',
  quorum: 2,
  maxMergeDelayMs: 10_000,
});

export interface InitializedConsortium {
  trust: TrustFile;
  consortiumFile: string;
  /** The private key files written, one per key. */
  keyFiles: string[];
}

interface MemberPlan {
  name: DefaultMemberName;
  role: MemberRole;
  displayName: string;
  host: string;
}

const MEMBERS: readonly MemberPlan[] = [
  { name: 'court', role: 'court', displayName: 'Internet Court (互联网法院)', host: 'court.sealchain.local' },
  {
    name: 'copyright-center',
    role: 'copyright-center',
    displayName: 'Copyright Protection Center (版权保护中心)',
    host: 'copyright.sealchain.local',
  },
  { name: 'notary', role: 'notary', displayName: 'Notary Office (公证处)', host: 'notary.sealchain.local' },
  {
    name: 'forensics',
    role: 'forensics',
    displayName: 'Judicial Forensics Centre (司法鉴定中心)',
    host: 'forensics.sealchain.local',
  },
];

export const DEFAULT_MEMBER_NAMES: readonly DefaultMemberName[] = MEMBERS.map((member) => member.name);

/** Each chain's independent witnesses: every member witnesses, one of them sequences it. */
export const DEFAULT_INDEPENDENT_WITNESSES = MEMBERS.length - 1;

const CHAINS: readonly { name: string; sequencer: DefaultMemberName; path: string }[] = [
  { name: 'evidence', sequencer: 'court', path: 'evidence' },
  { name: 'works', sequencer: 'copyright-center', path: 'works' },
];

// The service keys: the copyright centre's registrar key writes registrations and licences on
// the works chain; the court's key writes its verification records and the captures of the
// evidence chain's capture service (the court runs that chain).
const AUTHORITIES: readonly { member: DefaultMemberName; chain: string; types: AuthorityEntryType[] }[] = [
  { member: 'court', chain: 'evidence', types: ['verification', 'capture'] },
  {
    member: 'copyright-center',
    chain: 'works',
    types: ['work', 'license', 'license-revocation', 'registration-decision'],
  },
];

export function locateConsortiumFile(dataDir: string): string {
  return join(dataDir, 'consortium.json');
}

function invalid(message: string, key: string): ConsortiumError {
  return new ConsortiumError('CONSORTIUM_OPTIONS_INVALID', message, { details: { key } });
}

/** Merges options over the defaults; rejects unknown keys and malformed values. */
export function resolveConsortiumInitOptions(options: Partial<ConsortiumInitOptions>): ConsortiumInitOptions {
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_CONSORTIUM_INIT_OPTIONS, key))
      throw invalid(`unknown consortium option "${key}"`, key);
  }
  const resolved = { ...DEFAULT_CONSORTIUM_INIT_OPTIONS, ...options };
  if (typeof resolved.dataDir !== 'string' || resolved.dataDir === '')
    throw invalid('dataDir must be a path', 'dataDir');
  if (typeof resolved.name !== 'string' || resolved.name === '' || resolved.name.length > 255) {
    throw invalid('name must be 1 to 255 characters', 'name');
  }
  if (!isHashAlgorithm(resolved.hashAlgorithm))
    throw invalid('hashAlgorithm must be sha256 or sm3', 'hashAlgorithm');
  if (
    !Number.isSafeInteger(resolved.quorum) ||
    resolved.quorum < 0 ||
    resolved.quorum > DEFAULT_INDEPENDENT_WITNESSES
  ) {
    throw invalid(
      `quorum must be an integer from 0 to ${DEFAULT_INDEPENDENT_WITNESSES}, the independent witnesses of each chain`,
      'quorum',
    );
  }
  if (!Number.isSafeInteger(resolved.maxMergeDelayMs) || resolved.maxMergeDelayMs < 1) {
    throw invalid('maxMergeDelayMs must be a positive integer', 'maxMergeDelayMs');
  }
  for (const [member, url] of Object.entries(resolved.memberUrls ?? {})) {
    if (!MEMBERS.some((m) => m.name === member))
      throw invalid(`unknown member "${member}" in memberUrls`, 'memberUrls');
    if (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/.test(url)) {
      throw invalid(`the URL of ${member} must be an http or https URL`, 'memberUrls');
    }
  }
  return resolved;
}

function withUrl<T extends object>(value: T, url: string | undefined): T & { url?: string } {
  return url === undefined ? value : { ...value, url };
}

async function writePublicFile(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w', 0o644);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

/**
 * Creates the default consortium with fresh keys under `options.dataDir`. Throws
 * CONSORTIUM_EXISTS, writing nothing, when the consortium file or any key file is already there.
 */
export async function initConsortium(
  options: Partial<ConsortiumInitOptions> = {},
): Promise<InitializedConsortium> {
  const resolved = resolveConsortiumInitOptions(options);
  const files = locateKeyFiles(resolved.dataDir);
  const consortiumFile = locateConsortiumFile(resolved.dataDir);
  const planned: { path: string; key: SignerKey }[] = [];
  const baseUrl = (member: DefaultMemberName) => resolved.memberUrls[member]?.replace(/\/+$/, '');
  const host = (member: DefaultMemberName) => MEMBERS.find((m) => m.name === member)!.host;

  const witnessKeys = new Map<DefaultMemberName, SignerKey>();
  for (const member of MEMBERS) {
    const key = createSignerKey(`${member.host}/witness`, KEY_TYPE_COSIGNATURE_V1);
    witnessKeys.set(member.name, key);
    planned.push({ path: files.witnessKey(member.name), key });
  }
  const chains = CHAINS.map((chain) => {
    const origin = `${host(chain.sequencer)}/${chain.path}`;
    const sequencerKey = createSignerKey(origin, KEY_TYPE_ED25519);
    planned.push({ path: files.sequencerKey(chain.name), key: sequencerKey });
    const base = baseUrl(chain.sequencer);
    return {
      name: chain.name,
      origin,
      hashAlgorithm: resolved.hashAlgorithm,
      sequencer: withUrl(
        { name: chain.sequencer, key: formatVerifierKey(toVerifierKey(sequencerKey)) },
        base === undefined ? undefined : `${base}/log/${chain.name}`,
      ),
      witnesses: MEMBERS.map((member) => {
        const memberBase = baseUrl(member.name);
        return withUrl(
          { name: member.name, key: formatVerifierKey(toVerifierKey(witnessKeys.get(member.name)!)) },
          memberBase === undefined ? undefined : `${memberBase}/witness/${member.name}`,
        );
      }),
      quorum: resolved.quorum,
      maxMergeDelayMs: resolved.maxMergeDelayMs,
    };
  });
  const authorities = AUTHORITIES.map(({ member, chain, types }) => {
    const key = createSignerKey(`${host(member)}/service`, KEY_TYPE_ED25519);
    planned.push({ path: files.serviceKey(member), key });
    return { member, chain, key: formatVerifierKey(toVerifierKey(key)), types };
  });
  const document = {
    version: TRUST_FILE_VERSION,
    name: resolved.name,
    chains,
    members: MEMBERS.map((m) => ({ name: m.name, role: m.role, displayName: m.displayName })),
    authorities,
  };
  const text = `${JSON.stringify(document, null, 2)}\n`;
  const trust = parseTrustFile(text);

  for (const path of [consortiumFile, ...planned.map((p) => p.path)]) {
    if (await pathExists(path)) {
      throw new ConsortiumError('CONSORTIUM_EXISTS', `${path} already exists; nothing was written`, {
        details: { path },
      });
    }
  }
  // Owner-only: the folder holds the private keys and, once a node starts, its database.
  await mkdir(resolved.dataDir, { recursive: true, mode: 0o700 });
  await ensureKeyDirectory(files.keyDir);
  for (const { path, key } of planned) await writeSignerKeyFile(path, key);
  await writePublicFile(consortiumFile, text);
  return { trust, consortiumFile, keyFiles: planned.map((p) => p.path) };
}
