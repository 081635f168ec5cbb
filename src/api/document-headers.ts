// Headers of the documents the node renders for people (verify pages, certificates): they carry no
// script and load nothing from elsewhere, so the policy allows only their inline style and the
// data: images of their QR codes, and no page may frame them (OWASP Secure Headers Project).
export const DOCUMENT_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
});
