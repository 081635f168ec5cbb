import { X509Certificate } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { CertificateInfo, TlsPeerRecord } from './exchange.ts';

// One exchange with the origin server on a connection of its own (Connection: close), to an
// address the policy has already allowed. The bytes written to and read from the connection are
// tapped so that the record holds the request and the response exactly as they crossed the wire
// (the message body with its transfer coding, RFC 9112 §7), while the browser gets the decoded body.

export interface UpstreamRequest {
  url: URL;
  method: string;
  /** Header fields to send, in order (hop-by-hop fields already removed). */
  headers: [string, string][];
  body: Uint8Array;
  address: string;
  connectTimeoutMs: number;
}

export interface UpstreamHead {
  head: Uint8Array;
  status: number;
  statusText: string;
  headers: [string, string][];
  localAddress: string | undefined;
}

export interface UpstreamHandlers {
  onHead(head: UpstreamHead): void;
  /** Bytes of the entity body (transfer coding removed), in order. */
  onBody(chunk: Uint8Array): void;
  /** Bytes of the message body as received (transfer coding kept), in order. */
  onRawBody(chunk: Uint8Array): void;
  /** The body ended (`complete`) or the connection failed mid-body (`disconnect`). */
  onEnd(outcome: 'complete' | 'disconnect'): void;
  /** No response head arrived: DNS-free connect, TLS or protocol failure. */
  onError(error: Error): void;
  onTlsPeer?(peer: TlsPeerRecord): void;
}

export interface UpstreamExchange {
  /** The request bytes written so far (complete once the head has arrived). */
  readonly requestBytes: () => Uint8Array;
  abort(): void;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');

function toPem(raw: Uint8Array): string {
  const base64 = Buffer.from(raw).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${base64.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

function describeCertificate(raw: Uint8Array): CertificateInfo {
  const certificate = new X509Certificate(raw);
  return {
    subject: certificate.subject,
    issuer: certificate.issuer,
    serialNumber: certificate.serialNumber,
    validFrom: new Date(certificate.validFrom).toISOString(),
    validTo: new Date(certificate.validTo).toISOString(),
    fingerprint256: certificate.fingerprint256,
    pem: toPem(raw),
  };
}

/** The peer's chain, leaf first, from a connected TLS socket. */
export function readTlsPeer(socket: TLSSocket, host: string, port: number, address: string): TlsPeerRecord {
  const chain: CertificateInfo[] = [];
  let certificate: PeerCertificate | undefined = socket.getPeerCertificate(true);
  const seen = new Set<string>();
  while (certificate?.raw !== undefined && !seen.has(certificate.fingerprint256) && chain.length < 16) {
    seen.add(certificate.fingerprint256);
    chain.push(describeCertificate(certificate.raw));
    const issuer: PeerCertificate | undefined = (certificate as { issuerCertificate?: PeerCertificate })
      .issuerCertificate;
    certificate = issuer === certificate ? undefined : issuer;
  }
  const authorizationError = socket.authorizationError;
  return {
    host,
    port,
    address,
    protocol: socket.getProtocol(),
    cipher: socket.getCipher()?.name ?? null,
    authorized: socket.authorized,
    authorizationError: authorizationError === undefined ? null : String(authorizationError),
    chain,
  };
}

/** The final (non-informational) response head at the start of `raw`, or undefined if incomplete. */
function findFinalHead(raw: Buffer): { head: Buffer; rest: Buffer } | undefined {
  let start = 0;
  for (;;) {
    const end = raw.indexOf(CRLFCRLF, start);
    if (end < 0) return undefined;
    const head = raw.subarray(start, end + 4);
    if (!/^HTTP\/\d(\.\d)? 1\d\d/.test(head.subarray(0, 16).toString('latin1'))) {
      return { head, rest: raw.subarray(end + 4) };
    }
    start = end + 4;
  }
}

function pairHeaders(raw: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i]!, raw[i + 1]!]);
  return pairs;
}

/** Sends the request and reports the response through `handlers`; the exchange can be aborted. */
export function startUpstream(request: UpstreamRequest, handlers: UpstreamHandlers): UpstreamExchange {
  const { url } = request;
  const secure = url.protocol === 'https:';
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const port = Number(url.port || (secure ? 443 : 80));
  const written: Buffer[] = [];
  const received: Buffer[] = [];
  let headSeen = false;
  let finished = false;

  const socket: Socket = secure
    ? tlsConnect({
        host: request.address,
        port,
        ...(isIP(host) === 0 ? { servername: host } : {}),
        ALPNProtocols: ['http/1.1'],
        rejectUnauthorized: false,
      })
    : netConnect({ host: request.address, port });
  const connectTimer = setTimeout(
    () =>
      socket.destroy(
        new Error(`no connection to ${request.address}:${port} within ${request.connectTimeoutMs} ms`),
      ),
    request.connectTimeoutMs,
  );
  socket.once(secure ? 'secureConnect' : 'connect', () => {
    clearTimeout(connectTimer);
    if (secure) handlers.onTlsPeer?.(readTlsPeer(socket as TLSSocket, host, port, request.address));
  });
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  socket.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (!headSeen && (typeof chunk === 'string' || chunk instanceof Uint8Array)) {
      written.push(
        typeof chunk === 'string'
          ? Buffer.from(chunk, (rest[0] as BufferEncoding | undefined) ?? 'latin1')
          : Buffer.from(chunk),
      );
    }
    return write(chunk, ...rest);
  }) as typeof socket.write;
  const tap = (chunk: Buffer) => {
    if (headSeen) {
      if (!finished) handlers.onRawBody(chunk);
    } else received.push(chunk);
  };
  socket.on('data', tap);

  const fail = (error: Error) => {
    if (finished) return;
    finished = true;
    clearTimeout(connectTimer);
    if (headSeen) handlers.onEnd('disconnect');
    else handlers.onError(error);
  };

  const flat = request.headers.flat();
  const outgoing = httpRequest({
    method: request.method,
    path: `${url.pathname}${url.search}`,
    headers: flat,
    setHost: false,
    createConnection: () => socket,
  });
  outgoing.on('error', fail);
  outgoing.on('response', (response: IncomingMessage) => {
    headSeen = true;
    const found = findFinalHead(Buffer.concat(received));
    received.length = 0;
    handlers.onHead({
      head: found?.head ?? Buffer.alloc(0),
      status: response.statusCode ?? 0,
      statusText: response.statusMessage ?? '',
      headers: pairHeaders(response.rawHeaders),
      localAddress: socket.localAddress,
    });
    if (found !== undefined && found.rest.length > 0) handlers.onRawBody(found.rest);
    response.on('data', (chunk: Buffer) => {
      if (!finished) handlers.onBody(chunk);
    });
    response.on('end', () => {
      if (finished) return;
      finished = true;
      handlers.onEnd('complete');
      socket.destroy();
    });
    response.on('close', () => {
      if (!response.complete) fail(new Error('the server closed the connection mid-body'));
    });
    response.on('error', fail);
  });
  outgoing.end(request.body.length > 0 ? Buffer.from(request.body) : undefined);

  return {
    requestBytes: () => Buffer.concat(written),
    abort: () => {
      finished = true;
      clearTimeout(connectTimer);
      socket.destroy();
    },
  };
}
