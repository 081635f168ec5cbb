import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';

// The recorder terminates the browser's TLS itself (it has to read the exchanges), so it presents
// a certificate for each host, made here: X.509 v3 (RFC 5280 §4.1) with an ECDSA P-256 key and
// SHA-256 (RFC 5758 §3.2), DER-encoded (ITU-T X.690). The browser accepts these only because it
// is started with this key's SPKI pinned; the real server's chain is checked and kept by the recorder.

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function der(tag: number, ...contents: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(contents);
  return Buffer.concat([Uint8Array.of(tag), encodeLength(body.length), body]);
}

function encodeOid(oid: string): Uint8Array {
  const [first = 0, second = 0, ...rest] = oid.split('.').map(Number);
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let value = arc >>> 7; value > 0; value >>>= 7) chunk.unshift(0x80 | (value & 0x7f));
    bytes.push(...chunk);
  }
  return der(0x06, Uint8Array.from(bytes));
}

const sequence = (...items: Uint8Array[]) => der(0x30, ...items);
const ECDSA_WITH_SHA256 = sequence(encodeOid('1.2.840.10045.4.3.2'));

function encodeName(commonName: string): Uint8Array {
  return sequence(der(0x31, sequence(encodeOid('2.5.4.3'), der(0x0c, Buffer.from(commonName, 'utf8')))));
}

function encodeTime(date: Date): Uint8Array {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  return der(0x17, Buffer.from(text, 'ascii'));
}

function encodeIpAddress(address: string): Uint8Array {
  if (isIP(address) === 4) return Uint8Array.from(address.split('.').map(Number));
  const [head = '', tail = ''] = address.split('::');
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...headParts, ...Array<string>(8 - headParts.length - tailParts.length).fill('0'), ...tailParts]
    : headParts;
  return Uint8Array.from(groups.flatMap((group) => [parseInt(group, 16) >> 8, parseInt(group, 16) & 0xff]));
}

function encodeSubjectAltName(host: string): Uint8Array {
  const bare = host.startsWith('[') ? host.slice(1, -1) : host;
  const name = isIP(bare) !== 0 ? der(0x87, encodeIpAddress(bare)) : der(0x82, Buffer.from(bare, 'ascii'));
  return sequence(encodeOid('2.5.29.17'), der(0x04, sequence(name)));
}

function encodeSerial(): Uint8Array {
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  return der(0x02, serial);
}

function toPem(certificate: Uint8Array): string {
  const base64 = Buffer.from(certificate).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${base64.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

/** Builds a self-signed leaf certificate for `host` (a DNS name or an IP address), valid for a day. */
export function buildHostCertificate(
  host: string,
  privateKey: KeyObject,
  publicKey: KeyObject,
  now = new Date(),
): string {
  const commonName = host.slice(0, 64);
  const tbs = sequence(
    der(0xa0, der(0x02, Uint8Array.of(2))),
    encodeSerial(),
    ECDSA_WITH_SHA256,
    encodeName(commonName),
    sequence(
      encodeTime(new Date(now.getTime() - 3_600_000)),
      encodeTime(new Date(now.getTime() + 86_400_000)),
    ),
    encodeName(commonName),
    publicKey.export({ type: 'spki', format: 'der' }),
    der(0xa3, sequence(encodeSubjectAltName(host))),
  );
  const signature = sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  return toPem(sequence(tbs, ECDSA_WITH_SHA256, der(0x03, Uint8Array.of(0), signature)));
}

/** The recorder's TLS identity: one key, a certificate per host on demand, and the key's SPKI pin. */
export class MitmIdentity {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** Base64 SHA-256 of the DER SubjectPublicKeyInfo, for Chromium's --ignore-certificate-errors-spki-list. */
  readonly spkiSha256: string;
  readonly #certificates = new Map<string, string>();

  constructor() {
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
    this.spkiSha256 = createHash('sha256')
      .update(pair.publicKey.export({ type: 'spki', format: 'der' }))
      .digest('base64');
  }

  certificateFor(host: string): string {
    let pem = this.#certificates.get(host);
    if (pem === undefined) {
      pem = buildHostCertificate(host, this.privateKey, this.publicKey);
      this.#certificates.set(host, pem);
    }
    return pem;
  }
}
