import { bytesToHex } from '../../crypto/index.ts';
import { decodeIscc } from './codec.ts';
import { decomposeIscc } from './decompose.ts';
import type { IsccMainType } from './types.ts';

export interface IsccExplanation {
  iscc: string;
  /** `MAINTYPE-SUBTYPE-VERSION-LENGTH`, e.g. `CONTENT-TEXT-V0-64` or `ISCC-TEXT-V0-MCDI`. */
  typeId: string;
  mainType: IsccMainType;
  subType: string;
  version: number;
  bits: number;
  digestHex: string;
  /** `typeId-digestHex`, the one-line form iscc-core's `iscc_explain` prints. */
  summary: string;
  /** For a composite ISCC-CODE, each unit it holds. */
  units?: IsccExplanation[];
}

/** Describes an ISCC for people: its type, sub type, length and digest. Throws ISCC_INVALID. */
export function explainIscc(code: string): IsccExplanation {
  const decoded = decodeIscc(code);
  const length =
    decoded.units === undefined
      ? String(decoded.bits)
      : decoded.units
          .slice(0, -2)
          .map((name) => name[0])
          .join('') + 'DI';
  const typeId = `${decoded.mainType}-${decoded.subType}-V${decoded.version}-${length}`;
  const digestHex = bytesToHex(decoded.digest);
  const explanation: IsccExplanation = {
    iscc: decoded.iscc,
    typeId,
    mainType: decoded.mainType,
    subType: decoded.subType,
    version: decoded.version,
    bits: decoded.bits,
    digestHex,
    summary: `${typeId}-${digestHex}`,
  };
  if (decoded.units !== undefined) explanation.units = decomposeIscc(decoded.iscc).map(explainIscc);
  return explanation;
}
