import { FingerprintError } from '../errors.ts';
import { decodeBase32 } from './base32.ts';
import { decodeIsccAt, encodeUnit, stripIsccPrefix, type DecodedIscc } from './codec.ts';
import { CompositeSubType, listSubTypeNames, MAIN_TYPE_NAMES, MainType } from './types.ts';

// ISO 24138:2024 §6.9 (ISCC-CODE): a composite holds 64-bit prefixes of its units (128-bit for
// the WIDE sub type) behind one header; decomposing rebuilds each unit's own header.

function expandComposite(composite: DecodedIscc): string[] {
  const { digest } = composite;
  const subType = listSubTypeNames(MainType.ISCC).indexOf(composite.subType);
  if (subType === CompositeSubType.WIDE) {
    return [
      encodeUnit(MainType.DATA, 0, 128, digest.subarray(0, 16)),
      encodeUnit(MainType.INSTANCE, 0, 128, digest.subarray(16, 32)),
    ];
  }
  const units: string[] = [];
  const optional = composite.units!.slice(0, -2);
  optional.forEach((name, index) => {
    const mainType = MAIN_TYPE_NAMES.indexOf(name);
    const unitSubType = mainType === MainType.META ? 0 : subType;
    units.push(encodeUnit(mainType, unitSubType, 64, digest.subarray(index * 8, index * 8 + 8)));
  });
  const tail = digest.length;
  units.push(encodeUnit(MainType.DATA, 0, 64, digest.subarray(tail - 16, tail - 8)));
  units.push(encodeUnit(MainType.INSTANCE, 0, 64, digest.subarray(tail - 8, tail)));
  return units;
}

/**
 * Splits a composite ISCC-CODE, a single unit, or a sequence of units (concatenated, or joined
 * with `-`) into ISCC units, each in canonical `ISCC:` form. Throws ISCC_INVALID when any part is
 * malformed or bytes are left over.
 */
export function decomposeIscc(code: string): string[] {
  const units: string[] = [];
  for (const part of stripIsccPrefix(code).split('-')) {
    if (part.length === 0) {
      throw new FingerprintError('ISCC_INVALID', 'the ISCC sequence has an empty part between hyphens');
    }
    const bytes = decodeBase32(part);
    let offset = 0;
    while (offset < bytes.length) {
      const { decoded, end } = decodeIsccAt(bytes, offset);
      if (decoded.mainType === 'ISCC') units.push(...expandComposite(decoded));
      else units.push(decoded.iscc);
      offset = end;
    }
  }
  return units;
}
