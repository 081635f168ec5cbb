import { readPdfAttachmentText } from './pdf-bundle.ts';

// What a dropped file is, for the verify page: a proof bundle (JSON of format
// sealchain-bundle/v1), a consortium (trust) file, a certificate PDF carrying proof-bundle.json,
// or else the original file whose digest is compared with the entry's. A PDF without an embedded
// bundle is an original file (a deposited contract is often a PDF).

export type DroppedFile =
  | { kind: 'bundle'; name: string; text: string; fromPdf: boolean }
  | { kind: 'consortium'; name: string; text: string }
  | { kind: 'original'; name: string; file: File };

const MAX_JSON_BYTES = 8 << 20;

async function readJsonKind(file: File): Promise<{ kind: 'bundle' | 'consortium'; text: string } | null> {
  if (file.size > MAX_JSON_BYTES) return null;
  const text = await file.text();
  if (!/^\s*\{/.test(text)) return null;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (value['format'] === 'sealchain-bundle/v1') return { kind: 'bundle', text };
    if (typeof value['version'] === 'number' && Array.isArray(value['chains']))
      return { kind: 'consortium', text };
  } catch {
    return null;
  }
  return null;
}

export async function classifyDroppedFile(file: File): Promise<DroppedFile> {
  const head = new TextDecoder().decode(await file.slice(0, 5).arrayBuffer());
  if (head === '%PDF-') {
    const text = await readPdfAttachmentText(new Uint8Array(await file.arrayBuffer()));
    return text === null
      ? { kind: 'original', name: file.name, file }
      : { kind: 'bundle', name: file.name, text, fromPdf: true };
  }
  const json = await readJsonKind(file);
  if (json === null) return { kind: 'original', name: file.name, file };
  return json.kind === 'bundle'
    ? { kind: 'bundle', name: file.name, text: json.text, fromPdf: false }
    : { kind: 'consortium', name: file.name, text: json.text };
}
