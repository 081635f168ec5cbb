export { type AudioCodeResult, generateAudioCode } from './audio.ts';
export { decodeIscc, encodeIscc, ISCC_PREFIX, type DecodedIscc, type IsccUnitFields } from './codec.ts';
export {
  DEFAULT_ISCC_CODE_OPTIONS,
  generateIsccCode,
  type IsccCodeOptions,
  type IsccCodeResult,
} from './composite.ts';
export { DataCodeHasher, generateDataCode, type DataCodeResult } from './data.ts';
export { decomposeIscc } from './decompose.ts';
export { explainIscc, type IsccExplanation } from './explain.ts';
export { generateImageCode, IMAGE_PIXELS, type ImageCodeResult } from './image.ts';
export type { ByteStream } from './input.ts';
export { generateInstanceCode, InstanceCodeHasher, type InstanceCodeResult } from './instance.ts';
export { generateMetaCode, type MetaCodeInput, type MetaCodeResult } from './meta.ts';
export { generateMixedCode, type MixedCodeResult } from './mixed.ts';
export { isccHammingDistance, isccSimilarity } from './similarity.ts';
export { generateTextCode, type TextCodeResult } from './text.ts';
export { type IsccMainType } from './types.ts';
export { generateVideoCode, type VideoCodeResult } from './video.ts';
export { xxh32 } from './xxh32.ts';
