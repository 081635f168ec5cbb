export { extractChromaprint, type Chromaprint } from './audio.ts';
export { detectMediaType, type MediaDetection, type MediaType } from './detect.ts';
export { fingerprintFile, type ContentKind, type FileFingerprint } from './fingerprint-file.ts';
export { htmlToText } from './html-text.ts';
export { extractImagePixels, type DecodedImage, type ImagePixels } from './image.ts';
export { markdownToText } from './markdown-text.ts';
export { FRAME_SIGNATURE_LENGTH, parseMp7Signature, type FrameSignature } from './mp7-signature.ts';
export {
  DEFAULT_MEDIA_OPTIONS,
  resolveMediaOptions,
  type MediaOptions,
  type MediaOptionsInput,
  type MediaToolPaths,
} from './options.ts';
export { decodeTextBytes } from './text-decode.ts';
export {
  detectTextFormat,
  documentToText,
  extractText,
  type ExtractedText,
  type TextFormat,
} from './text.ts';
export { isToolAvailable, TOOL_PACKAGES, type MediaTool } from './tool.ts';
export { extractFrameSignatures, hashKeyframes, type VideoKeyframe } from './video.ts';
