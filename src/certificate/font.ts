import { readFileSync, statSync } from 'node:fs';
import { CertificateError } from './errors.ts';

/** A font file and, for a TrueType collection, the PostScript name of the face to use. */
export interface CertificateFont {
  path: string;
  postscriptName?: string;
}

/** CJK fonts of Debian packages, first found first used; each also covers Latin letters and digits. */
export const CJK_FONT_CANDIDATES: readonly CertificateFont[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', postscriptName: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', postscriptName: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
];

export const CJK_FONT_PACKAGE = 'fonts-wqy-microhei';

const loaded = new Map<string, Uint8Array>();

/** The first installed candidate; FONT_MISSING, naming the Debian package, when there is none. */
export function locateCjkFont(candidates: readonly CertificateFont[] = CJK_FONT_CANDIDATES): CertificateFont {
  for (const candidate of candidates) {
    if (statSync(candidate.path, { throwIfNoEntry: false })?.isFile()) return candidate;
  }
  throw new CertificateError(
    'FONT_MISSING',
    `no CJK font for certificates: install the Debian package ${CJK_FONT_PACKAGE}`,
    { details: { searched: candidates.map((c) => c.path) } },
  );
}

/** The font file's bytes, read once per process. */
export function readFontBytes(font: CertificateFont): Uint8Array {
  let bytes = loaded.get(font.path);
  if (bytes === undefined) {
    try {
      bytes = new Uint8Array(readFileSync(font.path));
    } catch (cause) {
      throw new CertificateError('FONT_MISSING', `the font ${font.path} cannot be read`, {
        cause,
        details: { path: font.path },
      });
    }
    loaded.set(font.path, bytes);
  }
  return bytes;
}
