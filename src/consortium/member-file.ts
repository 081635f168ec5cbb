import {
  bytesToUtf8,
  createSignerKey,
  formatVerifierKey,
  KEY_TYPE_COSIGNATURE_V1,
  KEY_TYPE_ED25519,
  parseVerifierKey,
  toVerifierKey,
  type SignerKey,
  type VerifierKey,
} from '../crypto/index.ts';
import { MEMBER_ROLES, type AuthorityEntryType, type MemberRole } from '../verify/index.ts';
import { ConsortiumError } from './errors.ts';

// A member file is one organisation's public part of the consortium file: its name and role, the
// chains it sequences with their origins and sequencer keys, its witness key, its service key (which
// signs the entries its services write: serviceTypesOfRole), and the URLs where the others reach
// them. It holds no secret; each organisation writes its own (`sealchain
// consortium member init`) and sends it to the others, who assemble the consortium file from all
// of them. Every member file read is another organisation's input: parsed defensively.

export const MEMBER_FILE_FORMAT = 'sealchain-member/v1';
export const MAX_MEMBER_FILE_BYTES = 65_536;
const MAX_SEQUENCERS = 64;
const NAME_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;
const ORIGIN_PATTERN = /^[\x21-\x7e]{1,255}$/;
// A C2SP key name: printable ASCII without "+" (the separator of key text).
const KEY_NAME_PATTERN = /^[\x21-\x2a\x2c-\x7e]{1,255}$/;
const URL_PATTERN = /^https?:\/\/[^\s]+$/;
const MAX_URL_CHARS = 2048;

export interface MemberSequencer {
  chain: string;
  /** The chain's C2SP origin; the sequencer key carries it as its name. */
  origin: string;
  key: VerifierKey;
  /** The chain's tlog-tiles prefix, `<member base>/log/<chain>`. */
  url?: string;
}

export interface MemberWitness {
  key: VerifierKey;
  /** The witness's tlog-witness prefix, `<witness base>/witness/<member>`. */
  url?: string;
}

export interface MemberFile {
  name: string;
  role: MemberRole;
  displayName?: string;
  sequencers: MemberSequencer[];
  witness?: MemberWitness;
  /** The member's service key (Ed25519), authorised on the first chain it sequences. */
  service?: { key: VerifierKey };
}

/**
 * The service-owned entry types a member of `role` writes on the chain it sequences: the
 * copyright centre registers works and licences; the court records verifications and runs the
 * evidence chain's capture service; a notary or forensics office captures. Others write none.
 */
export function serviceTypesOfRole(role: MemberRole): AuthorityEntryType[] {
  switch (role) {
    case 'copyright-center':
      return ['work', 'license', 'license-revocation', 'registration-decision'];
    case 'court':
      return ['verification', 'capture'];
    case 'notary':
    case 'forensics':
      return ['capture'];
    default:
      return [];
  }
}

function invalid(file: string, path: string, problem: string, cause?: unknown): ConsortiumError {
  return new ConsortiumError('MEMBER_FILE_INVALID', `${file}: ${path} ${problem}`, {
    details: { file, path },
    ...(cause === undefined ? {} : { cause }),
  });
}

type JsonObject = Record<string, unknown>;

function readObject(value: unknown, file: string, path: string, allowed: readonly string[]): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(file, path, 'must be an object');
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw invalid(file, `${path}.${key}`, 'is not a known field');
  }
  return value as JsonObject;
}

function readText(
  object: JsonObject,
  key: string,
  file: string,
  path: string,
  limits: { optional?: boolean; maxLength?: number; pattern?: RegExp; form?: string },
): string | undefined {
  const value = object[key];
  const where = `${path}.${key}`;
  if (value === undefined && limits.optional === true) return undefined;
  if (typeof value !== 'string') throw invalid(file, where, 'must be a string');
  if (value.length === 0 || value.length > (limits.maxLength ?? 255)) {
    throw invalid(file, where, `must be 1 to ${limits.maxLength ?? 255} characters`);
  }
  if (!value.isWellFormed()) throw invalid(file, where, 'has a lone surrogate');
  if (limits.pattern !== undefined && !limits.pattern.test(value)) {
    throw invalid(file, where, `must be ${limits.form ?? 'of another form'}`);
  }
  return value;
}

function readKey(object: JsonObject, file: string, path: string, type: number): VerifierKey {
  const text = readText(object, 'key', file, path, { maxLength: 1024 })!;
  let key: VerifierKey;
  try {
    key = parseVerifierKey(text);
  } catch (cause) {
    throw invalid(file, `${path}.key`, 'is not a public key in C2SP text form (name+id+base64)', cause);
  }
  if (key.type !== type) {
    const wanted = type === KEY_TYPE_ED25519 ? 'an Ed25519 sequencer key' : 'a cosignature/v1 witness key';
    throw invalid(file, `${path}.key`, `must be ${wanted}`);
  }
  return key;
}

function readUrl(object: JsonObject, file: string, path: string): string | undefined {
  return readText(object, 'url', file, path, {
    optional: true,
    maxLength: MAX_URL_CHARS,
    pattern: URL_PATTERN,
    form: 'an http or https URL',
  });
}

function readSequencer(value: unknown, file: string, path: string): MemberSequencer {
  const object = readObject(value, file, path, ['chain', 'origin', 'key', 'url']);
  const chain = readText(object, 'chain', file, path, {
    pattern: NAME_PATTERN,
    form: 'lower-case letters, digits and "-", starting with a letter',
  })!;
  const origin = readText(object, 'origin', file, path, {
    pattern: ORIGIN_PATTERN,
    form: 'printable ASCII without spaces',
  })!;
  const key = readKey(object, file, path, KEY_TYPE_ED25519);
  if (key.name !== origin) {
    throw invalid(file, `${path}.key`, `is named ${JSON.stringify(key.name)}, not the chain's origin`);
  }
  const url = readUrl(object, file, path);
  return url === undefined ? { chain, origin, key } : { chain, origin, key, url };
}

function readWitness(value: unknown, file: string, path: string): MemberWitness {
  const object = readObject(value, file, path, ['key', 'url']);
  const key = readKey(object, file, path, KEY_TYPE_COSIGNATURE_V1);
  const url = readUrl(object, file, path);
  return url === undefined ? { key } : { key, url };
}

/**
 * Parses a member file from its bytes or text; `file` names it in messages. Throws
 * MEMBER_FILE_INVALID naming the first bad field.
 */
export function parseMemberFile(input: Uint8Array | string, file: string): MemberFile {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.length;
  if (size > MAX_MEMBER_FILE_BYTES) {
    throw invalid(file, '$', `is larger than ${MAX_MEMBER_FILE_BYTES} bytes`);
  }
  let value: unknown;
  try {
    value = JSON.parse(typeof input === 'string' ? input : bytesToUtf8(input));
  } catch (cause) {
    throw invalid(file, '$', 'is not JSON text in UTF-8', cause);
  }
  const object = readObject(value, file, '$', [
    'format',
    'name',
    'role',
    'displayName',
    'sequencers',
    'witness',
    'service',
  ]);
  if (object['format'] !== MEMBER_FILE_FORMAT) {
    throw invalid(file, '$.format', `must be "${MEMBER_FILE_FORMAT}" (is this a member file?)`);
  }
  const name = readText(object, 'name', file, '$', {
    pattern: NAME_PATTERN,
    form: 'lower-case letters, digits and "-", starting with a letter',
  })!;
  const role = object['role'];
  if (!MEMBER_ROLES.includes(role as MemberRole)) {
    throw invalid(file, '$.role', `must be one of ${MEMBER_ROLES.join(', ')}`);
  }
  const displayName = readText(object, 'displayName', file, '$', { optional: true });
  const list = object['sequencers'];
  if (!Array.isArray(list)) throw invalid(file, '$.sequencers', 'must be an array');
  if (list.length > MAX_SEQUENCERS)
    throw invalid(file, '$.sequencers', `has more than ${MAX_SEQUENCERS} items`);
  const sequencers = list.map((item, i) => readSequencer(item, file, `$.sequencers[${i}]`));
  if (new Set(sequencers.map((s) => s.chain)).size !== sequencers.length) {
    throw invalid(file, '$.sequencers', 'names one chain twice');
  }
  const witness =
    object['witness'] === undefined ? undefined : readWitness(object['witness'], file, '$.witness');
  let service: { key: VerifierKey } | undefined;
  if (object['service'] !== undefined) {
    const serviceObject = readObject(object['service'], file, '$.service', ['key']);
    service = { key: readKey(serviceObject, file, '$.service', KEY_TYPE_ED25519) };
    if (sequencers.length === 0 || serviceTypesOfRole(role as MemberRole).length === 0) {
      throw invalid(
        file,
        '$.service',
        'is only for a member that sequences a chain and whose role writes service entries (court, copyright-center, notary, forensics)',
      );
    }
  }
  return {
    name,
    role: role as MemberRole,
    ...(displayName === undefined ? {} : { displayName }),
    sequencers,
    ...(witness === undefined ? {} : { witness }),
    ...(service === undefined ? {} : { service }),
  };
}

/** The member file's text (JSON, public keys in C2SP text form), ending in a newline. */
export function formatMemberFile(member: MemberFile): string {
  const document = {
    format: MEMBER_FILE_FORMAT,
    name: member.name,
    role: member.role,
    ...(member.displayName === undefined ? {} : { displayName: member.displayName }),
    sequencers: member.sequencers.map((s) => ({
      chain: s.chain,
      origin: s.origin,
      key: formatVerifierKey(s.key),
      ...(s.url === undefined ? {} : { url: s.url }),
    })),
    ...(member.witness === undefined
      ? {}
      : {
          witness: {
            key: formatVerifierKey(member.witness.key),
            ...(member.witness.url === undefined ? {} : { url: member.witness.url }),
          },
        }),
    ...(member.service === undefined ? {} : { service: { key: formatVerifierKey(member.service.key) } }),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export interface MemberPlanOptions {
  name: string;
  role: MemberRole;
  displayName?: string;
  /** The chains this member sequences; an origin defaults to `<host of url>/<chain>`. */
  sequencers: readonly { chain: string; origin?: string }[];
  /** Whether the member runs a witness. */
  witness: boolean;
  /** The member's public base URL: its sequencers at `<url>/log/<chain>`. */
  url: string;
  /** The witness's base URL when it is not `url` (a witness on a port of its own): `<witnessUrl>/witness/<name>`. */
  witnessUrl?: string;
  /** The witness key's name; defaults to `<host of url>/witness`. */
  witnessKeyName?: string;
}

export interface PlannedMemberKey {
  /** `sequencer` keys carry their chain. */
  kind: 'sequencer' | 'witness' | 'service';
  chain?: string;
  key: SignerKey;
}

export interface MemberPlan {
  member: MemberFile;
  /** The private keys to write; their public halves are in `member`. */
  keys: PlannedMemberKey[];
}

function optionsInvalid(message: string, key: string): ConsortiumError {
  return new ConsortiumError('CONSORTIUM_OPTIONS_INVALID', message, { details: { key } });
}

function readBaseUrl(url: string | undefined, key: string): URL {
  if (typeof url !== 'string' || !URL_PATTERN.test(url) || url.length > MAX_URL_CHARS - 100) {
    throw optionsInvalid(`${key} must be an http or https URL`, key);
  }
  try {
    return new URL(url);
  } catch (cause) {
    throw new ConsortiumError('CONSORTIUM_OPTIONS_INVALID', `${key} is not a URL`, {
      cause,
      details: { key },
    });
  }
}

/**
 * A member's fresh keys and the member file of their public halves. Throws
 * CONSORTIUM_OPTIONS_INVALID for a bad name, role, chain, origin or URL.
 */
export function planMember(options: MemberPlanOptions): MemberPlan {
  if (!NAME_PATTERN.test(options.name)) {
    throw optionsInvalid('the member name must be lower-case letters, digits and "-"', 'name');
  }
  if (!MEMBER_ROLES.includes(options.role)) {
    throw optionsInvalid(`the role must be one of ${MEMBER_ROLES.join(', ')}`, 'role');
  }
  if (options.displayName !== undefined && (options.displayName === '' || options.displayName.length > 255)) {
    throw optionsInvalid('the display name must be 1 to 255 characters', 'displayName');
  }
  if (options.sequencers.length === 0 && !options.witness) {
    throw optionsInvalid('a member file needs a sequencer or a witness', 'sequencers');
  }
  const base = readBaseUrl(options.url, 'url');
  const baseText = options.url.replace(/\/+$/, '');
  const witnessBase = options.witnessUrl === undefined ? baseText : options.witnessUrl.replace(/\/+$/, '');
  if (options.witnessUrl !== undefined) readBaseUrl(options.witnessUrl, 'witnessUrl');
  const keys: PlannedMemberKey[] = [];
  const sequencers: MemberSequencer[] = [];
  for (const { chain, origin = `${base.hostname}/${chain}` } of options.sequencers) {
    if (!NAME_PATTERN.test(chain))
      throw optionsInvalid(`the chain name ${JSON.stringify(chain)} is invalid`, 'chain');
    if (sequencers.some((s) => s.chain === chain))
      throw optionsInvalid(`the chain ${chain} is named twice`, 'chain');
    if (!KEY_NAME_PATTERN.test(origin)) {
      throw optionsInvalid(
        `the origin ${JSON.stringify(origin)} must be printable ASCII without spaces or "+"`,
        'origin',
      );
    }
    const key = createSignerKey(origin, KEY_TYPE_ED25519);
    keys.push({ kind: 'sequencer', chain, key });
    sequencers.push({ chain, origin, key: toVerifierKey(key), url: `${baseText}/log/${chain}` });
  }
  let witness: MemberWitness | undefined;
  if (options.witness) {
    const keyName = options.witnessKeyName ?? `${base.hostname}/witness`;
    if (!KEY_NAME_PATTERN.test(keyName)) {
      throw optionsInvalid(
        'the witness key name must be printable ASCII without spaces or "+"',
        'witnessKeyName',
      );
    }
    const key = createSignerKey(keyName, KEY_TYPE_COSIGNATURE_V1);
    keys.push({ kind: 'witness', key });
    witness = { key: toVerifierKey(key), url: `${witnessBase}/witness/${options.name}` };
  }
  let service: { key: VerifierKey } | undefined;
  if (sequencers.length > 0 && serviceTypesOfRole(options.role).length > 0) {
    const key = createSignerKey(`${base.hostname}/service`, KEY_TYPE_ED25519);
    keys.push({ kind: 'service', key });
    service = { key: toVerifierKey(key) };
  }
  const member: MemberFile = {
    name: options.name,
    role: options.role,
    ...(options.displayName === undefined ? {} : { displayName: options.displayName }),
    sequencers,
    ...(witness === undefined ? {} : { witness }),
    ...(service === undefined ? {} : { service }),
  };
  // What is sent must read back as sent.
  parseMemberFile(formatMemberFile(member), 'the new member file');
  return { member, keys };
}
