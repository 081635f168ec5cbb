// ISO 24138:2024 §5 (ISCC-HEADER): the main types, sub types and versions a header names.

export const MAIN_TYPE_NAMES = [
  'META',
  'SEMANTIC',
  'CONTENT',
  'DATA',
  'INSTANCE',
  'ISCC',
  'ID',
  'FLAKE',
] as const;
export type IsccMainType = (typeof MAIN_TYPE_NAMES)[number];

export const MainType = {
  META: 0,
  SEMANTIC: 1,
  CONTENT: 2,
  DATA: 3,
  INSTANCE: 4,
  ISCC: 5,
  ID: 6,
  FLAKE: 7,
} as const;

/** Sub types of CONTENT and SEMANTIC units (ST_CC). */
export const ContentSubType = { TEXT: 0, IMAGE: 1, AUDIO: 2, VIDEO: 3, MIXED: 4 } as const;

/** Sub types of the composite ISCC-CODE (ST_ISCC): a content sub type, or one of these. */
export const CompositeSubType = { SUM: 5, NONE: 6, WIDE: 7 } as const;

const CONTENT_SUB_TYPE_NAMES = ['TEXT', 'IMAGE', 'AUDIO', 'VIDEO', 'MIXED'] as const;
const SUB_TYPE_NAMES: Readonly<Record<number, readonly string[]>> = {
  [MainType.META]: ['NONE'],
  [MainType.SEMANTIC]: CONTENT_SUB_TYPE_NAMES,
  [MainType.CONTENT]: CONTENT_SUB_TYPE_NAMES,
  [MainType.DATA]: ['NONE'],
  [MainType.INSTANCE]: ['NONE'],
  [MainType.ISCC]: [...CONTENT_SUB_TYPE_NAMES, 'SUM', 'NONE', 'WIDE'],
  [MainType.ID]: ['PRIVATE', 'BITCOIN', 'ETHEREUM', 'POLYGON'],
  [MainType.FLAKE]: ['NONE'],
};

/** The names of the sub types that `mainType` allows, indexed by their header value. */
export function listSubTypeNames(mainType: number): readonly string[] {
  return SUB_TYPE_NAMES[mainType] ?? [];
}

export function mainTypeName(mainType: number): IsccMainType {
  return MAIN_TYPE_NAMES[mainType]!;
}

/** The smallest and largest body of a unit, and the step between allowed lengths (bits). */
export const UNIT_BITS_MIN = 32;
export const UNIT_BITS_MAX = 256;
export const UNIT_BITS_STEP = 32;
