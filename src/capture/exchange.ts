// What the recorder keeps of each HTTP exchange, exactly as it crossed the wire to and from the
// server, and of each request it refused or could not complete.

/** WARC 1.1 §5.13 WARC-Truncated reasons. */
export type TruncationReason = 'length' | 'time' | 'disconnect';

export interface RecordedResponse {
  /** The status line and header fields as received, with the final CRLF CRLF. */
  head: Uint8Array;
  /** The message body exactly as received: transfer coding (chunk framing) and content coding kept. */
  body: Uint8Array;
  /** SHA-256 (hex) of the entity body: the message body with its transfer coding removed. */
  payloadSha256: string;
  /** Size of the entity body, in bytes. */
  payloadBytes: number;
  status: number;
  /** Header fields in order, names as sent. */
  headers: [string, string][];
}

export interface RecordedExchange {
  /** Order of the request's arrival at the recorder, from 1. */
  seq: number;
  url: string;
  method: string;
  /** When the request reached the recorder, RFC 3339 UTC with milliseconds. */
  startedAt: string;
  /** The server's IP address the recorder connected to. */
  remoteAddress: string;
  /** The recorder's own address on that connection (the outbound address). */
  localAddress: string | undefined;
  /** Request line, header fields and body, exactly as sent to the server. */
  request: Uint8Array;
  /** Absent when the server sent no complete status line and header before the exchange ended. */
  response: RecordedResponse | undefined;
  truncated: TruncationReason | undefined;
}

export type RefusalReason =
  | 'address-refused'
  | 'scheme-refused'
  | 'request-limit'
  | 'size-limit'
  | 'websocket-not-recorded'
  | 'malformed-request';

/** A request the recorder refused: the browser got a 403 from the recorder, the server nothing. */
export interface RefusedRequest {
  url: string;
  method: string;
  time: string;
  reason: RefusalReason;
  detail: string;
}

/** A request the recorder let through but that got no response (DNS, connection, TLS failures). */
export interface FailedRequest {
  url: string;
  method: string;
  time: string;
  error: string;
}

export interface CertificateInfo {
  subject: string;
  issuer: string;
  serialNumber: string;
  validFrom: string;
  validTo: string;
  fingerprint256: string;
  pem: string;
}

/** The TLS session of an HTTPS host as the recorder saw it, and the server's certificate chain. */
export interface TlsPeerRecord {
  host: string;
  port: number;
  address: string;
  protocol: string | null;
  cipher: string | null;
  /** Whether the chain verified against Node.js's bundled CA certificates for this host name. */
  authorized: boolean;
  authorizationError: string | null;
  /** Leaf first. */
  chain: CertificateInfo[];
}
