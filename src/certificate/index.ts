export {
  certifyBundle,
  type Certificate,
  type CertificateCosigner,
  type CertificateFact,
  type CertificateRecord,
  type CertificateRevocation,
  type CertificateSimilar,
  type CertificateSubject,
  type CertifyOptions,
  type SimilarityBasis,
} from './certificate.ts';
export { CertificateError, type CertificateErrorCode } from './errors.ts';
export { CJK_FONT_CANDIDATES, CJK_FONT_PACKAGE, locateCjkFont, type CertificateFont } from './font.ts';
export { escapeHtml } from './html.ts';
export {
  CERTIFICATE_KINDS,
  CERTIFICATE_TITLES,
  LABELS,
  type BilingualText,
  type CertificateKind,
  type LabelKey,
} from './labels.ts';
export { encodeQrMatrix, qrMatrixToSvg, type QrMatrix } from './qr-code.ts';
export {
  DEFAULT_RENDER_CACHE_OPTIONS,
  keyRendering,
  RenderCache,
  type RenderCacheOptions,
} from './render-cache.ts';
export { renderCertificateHtml } from './render-html.ts';
export { renderCertificatePdf, type PdfRenderOptions } from './render-pdf.ts';
export { checkCertificatePdf, type CertificatePdfReport } from './check-pdf.ts';
export {
  DEFAULT_PDF_ATTACHMENT_LIMITS,
  readPdfAttachments,
  type PdfAttachmentLimits,
} from './pdf-attachments.ts';
export {
  BUNDLE_ATTACHMENT,
  certificateToStatement,
  STATEMENT_ATTACHMENT,
  type CertificateStatement,
  type ParticularCheck,
} from './statement.ts';
export { formatRevoker } from './sections.ts';
export { formatCertificateTime } from './time.ts';
export { renderVerificationPage, type VerificationView } from './verification-page.ts';
