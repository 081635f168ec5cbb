import QRCode from 'qrcode';
import { CertificateError } from './errors.ts';

/** A QR code symbol: `size` × `size` modules, row by row, 1 for dark. */
export interface QrMatrix {
  size: number;
  modules: Uint8Array;
}

const MAX_QR_TEXT = 1024;

// ISO/IEC 18004 QR code with error correction level M (15 % of codewords recoverable), enough for
// a printed certificate that gets folded or photographed at an angle.
export function encodeQrMatrix(text: string): QrMatrix {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_QR_TEXT) {
    throw new CertificateError(
      'CERTIFICATE_INPUT_INVALID',
      `a QR code holds 1 to ${MAX_QR_TEXT} characters`,
      {
        details: { field: 'verifyUrl' },
      },
    );
  }
  const symbol = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = symbol.modules.size;
  const modules = new Uint8Array(size * size);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) modules[row * size + col] = symbol.modules.get(row, col) ? 1 : 0;
  }
  return { size, modules };
}

/** The dark modules as one SVG path (one unit a module), with a quiet zone of `margin` modules. */
export function qrMatrixToSvg(matrix: QrMatrix, margin = 4): string {
  const extent = matrix.size + 2 * margin;
  const parts: string[] = [];
  for (let row = 0; row < matrix.size; row++) {
    for (let col = 0; col < matrix.size; col++) {
      if (matrix.modules[row * matrix.size + col] === 1)
        parts.push(`M${col + margin} ${row + margin}h1v1h-1z`);
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${extent} ${extent}" shape-rendering="crispEdges">` +
    `<rect width="${extent}" height="${extent}" fill="#fff"/><path fill="#000" d="${parts.join('')}"/></svg>`
  );
}
