import { FingerprintError } from '../errors.ts';
import { decodeBase32, encodeBase32 } from './base32.ts';
import { decodeHeader, encodeHeader, type IsccHeader } from './header.ts';
import {
  CompositeSubType,
  listSubTypeNames,
  MAIN_TYPE_NAMES,
  MainType,
  mainTypeName,
  UNIT_BITS_MAX,
  UNIT_BITS_MIN,
  UNIT_BITS_STEP,
  type IsccMainType,
} from './types.ts';

// ISO 24138:2024 §5 codec: `ISCC:` + base32(header ‖ body).

export const ISCC_PREFIX = 'ISCC:';
/** Longer strings are rejected before any decoding work (a 256-bit composite is 57 characters). */
export const ISCC_TEXT_MAX_LENGTH = 1024;

export interface DecodedIscc {
  /** Canonical text form: `ISCC:` and upper-case base32. */
  iscc: string;
  mainType: IsccMainType;
  subType: string;
  version: number;
  /** Digest length in bits. */
  bits: number;
  digest: Uint8Array;
  /** For a composite ISCC-CODE, the main types of the units it holds, in order. */
  units?: IsccMainType[];
}

const OPTIONAL_UNIT_BITS: readonly [number, number][] = [
  [4, MainType.META],
  [2, MainType.SEMANTIC],
  [1, MainType.CONTENT],
];

/** The optional units (META, SEMANTIC, CONTENT) that a composite's length field announces. */
export function decodeCompositeUnits(length: number): number[] {
  return OPTIONAL_UNIT_BITS.filter(([flag]) => (length & flag) !== 0).map(([, mainType]) => mainType);
}

/** The inverse of decodeCompositeUnits; `mainTypes` must be distinct optional unit types. */
export function encodeCompositeUnits(mainTypes: readonly number[]): number {
  let length = 0;
  for (const mainType of mainTypes) {
    const entry = OPTIONAL_UNIT_BITS.find(([, type]) => type === mainType);
    if (entry === undefined || (length & entry[0]) !== 0) {
      throw new FingerprintError(
        'ISCC_INPUT_INVALID',
        'an ISCC-CODE holds at most one META, SEMANTIC and CONTENT unit',
        {
          details: { mainTypes: mainTypes.map(mainTypeName) },
        },
      );
    }
    length |= entry[0];
  }
  return length;
}

export function isUnitMainType(mainType: number): boolean {
  return mainType <= MainType.INSTANCE || mainType === MainType.FLAKE;
}

interface CheckedHeader {
  bits: number;
  units?: number[];
}

function invalid(message: string, details: Record<string, unknown> = {}): FingerprintError {
  return new FingerprintError('ISCC_INVALID', message, { details });
}

/** The digest length a header announces; throws ISCC_INVALID for a header outside ISO 24138 v0. */
export function checkHeader(header: IsccHeader): CheckedHeader {
  const { mainType, subType, version, length } = header;
  if (mainType >= MAIN_TYPE_NAMES.length) throw invalid('the ISCC has an unknown main type', { mainType });
  if (version !== 0) throw invalid('the ISCC has an unsupported version', { version });
  if (subType >= listSubTypeNames(mainType).length) {
    throw invalid(`the ISCC has an unknown sub type for ${mainTypeName(mainType)}`, { subType });
  }
  if (isUnitMainType(mainType)) {
    const bits = (length + 1) * UNIT_BITS_STEP;
    if (bits > UNIT_BITS_MAX) throw invalid(`an ISCC unit has at most ${UNIT_BITS_MAX} bits`, { bits });
    return { bits };
  }
  if (mainType === MainType.ID) {
    if (length > 4) throw invalid('an ISCC-ID has 64 to 96 bits', { length });
    return { bits: 64 + 8 * length };
  }
  if (length > 7) throw invalid('an ISCC-CODE length field is 0–7', { length });
  const units = decodeCompositeUnits(length);
  const hasContent = units.includes(MainType.CONTENT) || units.includes(MainType.SEMANTIC);
  const consistent =
    subType < CompositeSubType.SUM
      ? hasContent
      : subType === CompositeSubType.NONE
        ? units.length > 0 && !hasContent
        : units.length === 0;
  if (!consistent) {
    throw invalid('the ISCC-CODE sub type does not match the units it holds', {
      subType: listSubTypeNames(mainType)[subType],
      units: units.map(mainTypeName),
    });
  }
  const all = [...units, MainType.DATA, MainType.INSTANCE];
  return { bits: subType === CompositeSubType.WIDE ? 256 : all.length * 64, units: all };
}

/** Strips an optional `ISCC:` prefix (any case); throws ISCC_INVALID for non-strings and oversize text. */
export function stripIsccPrefix(code: unknown): string {
  if (typeof code !== 'string') throw invalid('an ISCC must be a string', { type: typeof code });
  if (code.length > ISCC_TEXT_MAX_LENGTH) {
    throw invalid(`an ISCC is at most ${ISCC_TEXT_MAX_LENGTH} characters`, { length: code.length });
  }
  const body =
    code.slice(0, ISCC_PREFIX.length).toUpperCase() === ISCC_PREFIX ? code.slice(ISCC_PREFIX.length) : code;
  if (body.length === 0) throw invalid('the ISCC is empty');
  return body;
}

export interface DecodedAt {
  decoded: DecodedIscc;
  /** Offset just past this code's body. */
  end: number;
}

/** Decodes the code that starts at `offset` of `bytes`; the body must fit in the bytes. */
export function decodeIsccAt(bytes: Uint8Array, offset: number): DecodedAt {
  const { header, bodyOffset } = decodeHeader(bytes, offset);
  const { bits, units } = checkHeader(header);
  const end = bodyOffset + bits / 8;
  if (end > bytes.length) {
    throw invalid('the ISCC body is shorter than its header announces', {
      expectedBits: bits,
      actualBits: (bytes.length - bodyOffset) * 8,
    });
  }
  const decoded: DecodedIscc = {
    iscc: ISCC_PREFIX + encodeBase32(bytes.subarray(offset, end)),
    mainType: mainTypeName(header.mainType),
    subType: listSubTypeNames(header.mainType)[header.subType]!,
    version: header.version,
    bits,
    digest: bytes.slice(bodyOffset, end),
  };
  if (units !== undefined) decoded.units = units.map(mainTypeName);
  return { decoded, end };
}

/**
 * Decodes one ISCC (a unit or a composite ISCC-CODE), with or without the `ISCC:` prefix.
 * Throws ISCC_INVALID on anything but exactly one well-formed code.
 */
export function decodeIscc(code: string): DecodedIscc {
  const bytes = decodeBase32(stripIsccPrefix(code));
  const { decoded, end } = decodeIsccAt(bytes, 0);
  if (end !== bytes.length) {
    throw invalid('the ISCC body is longer than its header announces', {
      expectedBits: decoded.bits,
      actualBits: decoded.bits + (bytes.length - end) * 8,
    });
  }
  return decoded;
}

function inputInvalid(message: string, details: Record<string, unknown> = {}): FingerprintError {
  return new FingerprintError('ISCC_INPUT_INVALID', message, { details });
}

/** Checks a unit bit length: a multiple of 32 from 32 to 256. */
export function requireUnitBits(bits: unknown): number {
  if (
    typeof bits !== 'number' ||
    !Number.isInteger(bits) ||
    bits < UNIT_BITS_MIN ||
    bits > UNIT_BITS_MAX ||
    bits % UNIT_BITS_STEP !== 0
  ) {
    throw inputInvalid(
      `bits must be a multiple of ${UNIT_BITS_STEP} from ${UNIT_BITS_MIN} to ${UNIT_BITS_MAX}`,
      {
        bits,
      },
    );
  }
  return bits;
}

/** Encodes a unit from header values and a digest at least `bits / 8` bytes long (truncated to it). */
export function encodeUnit(mainType: number, subType: number, bits: number, digest: Uint8Array): string {
  requireUnitBits(bits);
  const nbytes = bits / 8;
  if (digest.length < nbytes) {
    throw inputInvalid('the digest is shorter than the bit length', { bits, digestBits: digest.length * 8 });
  }
  const header = encodeHeader({ mainType, subType, version: 0, length: bits / UNIT_BITS_STEP - 1 });
  const out = new Uint8Array(header.length + nbytes);
  out.set(header, 0);
  out.set(digest.subarray(0, nbytes), header.length);
  return ISCC_PREFIX + encodeBase32(out);
}

export interface IsccUnitFields {
  mainType: IsccMainType;
  /** Defaults to the main type's first sub type (NONE, or TEXT for CONTENT and SEMANTIC). */
  subType?: string;
  /** Digest length in bits: 32–256 in steps of 32 (64–96 in steps of 8 for ID). */
  bits: number;
  digest: Uint8Array;
}

/** Encodes a single ISCC unit (not a composite ISCC-CODE: see generateIsccCode). */
export function encodeIscc(fields: IsccUnitFields): string {
  if (typeof fields !== 'object' || fields === null) throw inputInvalid('encodeIscc takes a fields object');
  const mainType = MAIN_TYPE_NAMES.indexOf(fields.mainType);
  if (mainType < 0 || mainType === MainType.ISCC) {
    throw inputInvalid('mainType must name an ISCC unit type (not ISCC)', { mainType: fields.mainType });
  }
  const subTypeNames = listSubTypeNames(mainType);
  const subType = fields.subType === undefined ? 0 : subTypeNames.indexOf(fields.subType);
  if (subType < 0) throw inputInvalid(`unknown sub type for ${fields.mainType}`, { subType: fields.subType });
  if (!(fields.digest instanceof Uint8Array)) throw inputInvalid('digest must be a Uint8Array');
  if (mainType !== MainType.ID) return encodeUnit(mainType, subType, fields.bits, fields.digest);
  const { bits, digest } = fields;
  if (!Number.isInteger(bits) || bits < 64 || bits > 96 || bits % 8 !== 0 || digest.length < bits / 8) {
    throw inputInvalid('an ISCC-ID has 64 to 96 bits in steps of 8 and a digest that long', { bits });
  }
  const header = encodeHeader({ mainType, subType, version: 0, length: (bits - 64) / 8 });
  const out = new Uint8Array(header.length + bits / 8);
  out.set(header, 0);
  out.set(digest.subarray(0, bits / 8), header.length);
  return ISCC_PREFIX + encodeBase32(out);
}
