import { encodeBase32 } from './base32.ts';
import { decodeIscc, encodeCompositeUnits, ISCC_PREFIX, type DecodedIscc } from './codec.ts';
import { encodeHeader } from './header.ts';
import { inputError, rejectUnknownKeys } from './input.ts';
import { CompositeSubType, listSubTypeNames, MAIN_TYPE_NAMES, MainType } from './types.ts';

// ISO 24138:2024 §6.9 (ISCC-CODE), iscc-core 1.3 `gen_iscc_code_v0`: the units sorted by main
// type behind one header whose length field names the optional units; each unit contributes
// its first 64 bits (128 bits for the WIDE form of a 128-bit Data-Code and Instance-Code).

export interface IsccCodeOptions {
  /** Keep 128 bits each of a Data-Code and an Instance-Code given alone (sub type WIDE). */
  wide?: boolean;
}

export const DEFAULT_ISCC_CODE_OPTIONS: Required<IsccCodeOptions> = { wide: false };

export interface IsccCodeResult {
  iscc: string;
}

function decodeUnit(
  code: string,
  index: number,
): DecodedIscc & { mainTypeValue: number; subTypeValue: number } {
  const decoded = decodeIscc(code);
  const mainTypeValue = MAIN_TYPE_NAMES.indexOf(decoded.mainType);
  const isUnit = mainTypeValue <= MainType.INSTANCE;
  if (!isUnit || decoded.bits < 64) {
    throw inputError(
      'an ISCC-CODE is made of META, SEMANTIC, CONTENT, DATA and INSTANCE units of ≥ 64 bits',
      {
        index,
        mainType: decoded.mainType,
        bits: decoded.bits,
      },
    );
  }
  const subTypeValue = listSubTypeNames(mainTypeValue).indexOf(decoded.subType);
  return { ...decoded, mainTypeValue, subTypeValue };
}

/** The composite ISCC-CODE of ISCC units (Data-Code and Instance-Code required, any order). */
export function generateIsccCode(units: string[], options: IsccCodeOptions = {}): IsccCodeResult {
  if (typeof options !== 'object' || options === null) throw inputError('options must be an object');
  rejectUnknownKeys(options, Object.keys(DEFAULT_ISCC_CODE_OPTIONS), 'the ISCC-CODE options');
  const { wide } = { ...DEFAULT_ISCC_CODE_OPTIONS, ...options };
  if (!Array.isArray(units) || units.length < 2) throw inputError('an ISCC-CODE needs at least two units');
  const decoded = units.map(decodeUnit).sort((a, b) => a.mainTypeValue - b.mainTypeValue);
  const mainTypes = decoded.map((unit) => unit.mainTypeValue);
  const n = mainTypes.length;
  if (mainTypes[n - 2] !== MainType.DATA || mainTypes[n - 1] !== MainType.INSTANCE) {
    throw inputError('an ISCC-CODE needs a Data-Code and an Instance-Code', {
      mainTypes: decoded.map((unit) => unit.mainType),
    });
  }
  const length = encodeCompositeUnits(mainTypes.slice(0, -2));
  const isWide = wide && n === 2 && decoded.every((unit) => unit.bits >= 128);
  let subType: number;
  if (isWide) {
    subType = CompositeSubType.WIDE;
  } else {
    const contentSubTypes = new Set(
      decoded
        .filter((unit) => unit.mainTypeValue === MainType.SEMANTIC || unit.mainTypeValue === MainType.CONTENT)
        .map((unit) => unit.subTypeValue),
    );
    if (contentSubTypes.size > 1) {
      throw inputError('the Semantic-Code and Content-Code of an ISCC-CODE must have the same sub type');
    }
    const [contentSubType] = contentSubTypes;
    subType = contentSubType ?? (n === 2 ? CompositeSubType.SUM : CompositeSubType.NONE);
  }
  const perUnit = isWide ? 16 : 8;
  const header = encodeHeader({ mainType: MainType.ISCC, subType, version: 0, length });
  const out = new Uint8Array(header.length + n * perUnit);
  out.set(header, 0);
  decoded.forEach((unit, index) =>
    out.set(unit.digest.subarray(0, perUnit), header.length + index * perUnit),
  );
  return { iscc: ISCC_PREFIX + encodeBase32(out) };
}
