import { blake3 } from '@noble/hashes/blake3.js';
import { bytesToBase64 } from '../../crypto/index.ts';
import { encodeUnit, requireUnitBits } from './codec.ts';
import { parseDataUrl } from './data-url.ts';
import { inputError, rejectUnknownKeys, requireString } from './input.ts';
import { formatBlake3Multihash } from './instance.ts';
import { canonicalizeJson } from './jcs.ts';
import { computeSimhash } from './simhash.ts';
import {
  cleanText,
  collapseText,
  removeNewlines,
  stripPythonSpace,
  trimTextToBytes,
} from './text-normalize.ts';
import { MainType } from './types.ts';

// ISO 24138:2024 §6.3 (Meta-Code), iscc-core 1.3 `code_meta.py`: SimHash of BLAKE3 n-grams of the
// name, interleaved in 32-bit blocks with a SimHash of the description (3-character n-grams) or
// of the metadata bytes (4-byte n-grams); metahash = BLAKE3 multihash of what was hashed.

export const META_NAME_MAX_BYTES = 128;
export const META_DESCRIPTION_MAX_BYTES = 4096;
export const META_PAYLOAD_MAX_BYTES = 128_000;
const TEXT_NGRAM = 3;
const BYTES_NGRAM = 4;

const utf8Encoder = new TextEncoder();

export interface MetaCodeInput {
  /** Title of the work; required, non-empty after normalisation. */
  name: string;
  description?: string;
  /** Extended metadata: a JSON object (canonicalised with RFC 8785) or a data URL. */
  meta?: string | Record<string, unknown>;
  /** Default 64. */
  bits?: number;
}

export interface MetaCodeResult {
  iscc: string;
  name: string;
  description?: string;
  /** The metadata as a data URL, when `meta` was given. */
  meta?: string;
  /** BLAKE3 multihash (`1e20…`) of the metadata bytes, or of `name description`. */
  metahash: string;
}

function simhashOfNgrams(count: number, ngramAt: (index: number) => Uint8Array): Uint8Array {
  const digests = new Uint8Array(count * 32);
  for (let i = 0; i < count; i++) digests.set(blake3(ngramAt(i)), i * 32);
  return computeSimhash(digests, 32, count);
}

function simhashOfText(text: string): Uint8Array {
  const chars = Array.from(collapseText(text));
  const count = Math.max(chars.length - TEXT_NGRAM + 1, 1);
  return simhashOfNgrams(count, (i) => utf8Encoder.encode(chars.slice(i, i + TEXT_NGRAM).join('')));
}

function simhashOfBytes(bytes: Uint8Array): Uint8Array {
  const count = Math.max(bytes.length - BYTES_NGRAM + 1, 1);
  return simhashOfNgrams(count, (i) => bytes.subarray(i, i + BYTES_NGRAM));
}

function interleave(nameHash: Uint8Array, extraHash: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  for (let block = 0; block < 4; block++) {
    out.set(nameHash.subarray(block * 4, block * 4 + 4), block * 8);
    out.set(extraHash.subarray(block * 4, block * 4 + 4), block * 8 + 4);
  }
  return out;
}

/** The 256-bit Meta-Hash of a normalised name and optional description text or metadata bytes. */
export function hashMeta(name: string, extra?: string | Uint8Array): Uint8Array {
  const nameHash = simhashOfText(name);
  if (extra === undefined || extra.length === 0) return nameHash;
  return interleave(nameHash, typeof extra === 'string' ? simhashOfText(extra) : simhashOfBytes(extra));
}

function resolveMeta(meta: unknown): { payload: Uint8Array; dataUrl: string } | undefined {
  if (meta === undefined || meta === null || meta === '') return undefined;
  if (typeof meta === 'string') {
    requireString(meta, 'meta');
    if (meta.length > META_PAYLOAD_MAX_BYTES * 2)
      throw inputError('meta is too large', { length: meta.length });
    return { payload: parseDataUrl(meta).payload, dataUrl: meta };
  }
  if (typeof meta !== 'object' || Array.isArray(meta)) {
    throw inputError('meta must be a JSON object or a data URL string', { type: typeof meta });
  }
  if (Object.keys(meta).length === 0) return undefined;
  const payload = utf8Encoder.encode(canonicalizeJson(meta));
  const mediaType = '@context' in meta ? 'application/ld+json' : 'application/json';
  return { payload, dataUrl: `data:${mediaType};base64,${bytesToBase64(payload)}` };
}

/** Meta-Code of a work's name, description and metadata. Throws ISCC_INPUT_INVALID. */
export function generateMetaCode(input: MetaCodeInput): MetaCodeResult {
  if (typeof input !== 'object' || input === null) throw inputError('generateMetaCode takes an input object');
  rejectUnknownKeys(input, ['name', 'description', 'meta', 'bits'], 'the Meta-Code input');
  const bits = requireUnitBits(input.bits ?? 64);
  const name = trimTextToBytes(
    removeNewlines(cleanText(requireString(input.name, 'name'))),
    META_NAME_MAX_BYTES,
  );
  if (name.length === 0) throw inputError('name is empty after normalisation');
  const description = trimTextToBytes(
    cleanText(requireString(input.description ?? '', 'description')),
    META_DESCRIPTION_MAX_BYTES,
  );
  const meta = resolveMeta(input.meta);
  if (meta !== undefined && meta.payload.length > META_PAYLOAD_MAX_BYTES) {
    throw inputError(`meta holds more than ${META_PAYLOAD_MAX_BYTES} bytes`, { bytes: meta.payload.length });
  }
  const digest = meta === undefined ? hashMeta(name, description) : hashMeta(name, meta.payload);
  const hashed =
    meta === undefined ? utf8Encoder.encode(stripPythonSpace(`${name} ${description}`)) : meta.payload;
  return {
    iscc: encodeUnit(MainType.META, 0, bits, digest),
    name,
    ...(description.length > 0 ? { description } : {}),
    ...(meta === undefined ? {} : { meta: meta.dataUrl }),
    metahash: formatBlake3Multihash(blake3(hashed)),
  };
}
