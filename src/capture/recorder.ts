import { createHash } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo, type Socket } from 'node:net';
import { createSecureContext, TLSSocket, type SecureContext } from 'node:tls';
import type {
  FailedRequest,
  RecordedExchange,
  RefusalReason,
  RefusedRequest,
  TlsPeerRecord,
  TruncationReason,
} from './exchange.ts';
import type { MitmIdentity } from './mitm-certificate.ts';
import type { NetworkPolicy } from './network-policy.ts';
import { startUpstream, type UpstreamExchange } from './upstream.ts';

// The intercepting proxy the capture browser is confined to (its only proxy, per browser
// context). It is the network layer of the capture: every request — the target, each redirect,
// every sub-resource — is resolved here, checked against the policy address by address, sent
// to the allowed address only, and recorded as delivered. HTTPS is terminated with the
// recorder's own certificates (RFC 9110 §9.3.6 CONNECT) so the exchanges inside can be read.

/** Resolves a host name to every address it has (A and AAAA). */
export type ResolveHost = (host: string) => Promise<string[]>;

export const resolveWithSystem: ResolveHost = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

export interface RecorderConfig {
  policy: NetworkPolicy;
  identity: MitmIdentity;
  maxTotalBytes: number;
  maxRequests: number;
  connectTimeoutMs: number;
  resolveHost: ResolveHost;
  clock: () => number;
}

export type LimitReason = 'size-limit' | 'request-limit';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

interface PendingExchange {
  exchange: RecordedExchange;
  chunks: Uint8Array[];
  payload: ReturnType<typeof createHash>;
  payloadBytes: number;
  upstream: UpstreamExchange | undefined;
  finish: (truncated: TruncationReason | undefined) => void;
}

function pairHeaders(raw: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i]!, raw[i + 1]!]);
  return pairs;
}

function readBody(request: IncomingMessage, maxBytes: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    request.on('end', () => resolve(size <= maxBytes ? Buffer.concat(chunks) : undefined));
    request.on('error', () => resolve(undefined));
  });
}

/** The intercepting, recording proxy of one capture. */
export class CaptureRecorder {
  readonly exchanges: RecordedExchange[] = [];
  readonly refused: RefusedRequest[] = [];
  readonly failed: FailedRequest[] = [];
  readonly tlsPeers = new Map<string, TlsPeerRecord>();
  readonly limitsHit = new Set<LimitReason>();
  readonly #config: RecorderConfig;
  readonly #server: Server;
  readonly #tunnels: Server;
  readonly #authorities = new WeakMap<Socket, string>();
  readonly #sockets = new Set<Socket>();
  readonly #pending = new Set<PendingExchange>();
  readonly #contexts = new Map<string, SecureContext>();
  readonly #idleWaiters = new Set<() => void>();
  #requestCount = 0;
  #totalBytes = 0;
  #lastActivityMs: number;
  #stopped = false;
  #proxyUrl = '';

  private constructor(config: RecorderConfig) {
    this.#config = config;
    this.#lastActivityMs = config.clock();
    this.#server = createServer((request, response) => void this.#handle('http:', request, response));
    this.#tunnels = createServer((request, response) => void this.#handle('https:', request, response));
    for (const server of [this.#server, this.#tunnels]) {
      server.on('upgrade', (request: IncomingMessage, socket: Socket) => {
        this.#refuse(
          this.#requestUrl(request),
          request.method ?? 'GET',
          'websocket-not-recorded',
          'WebSocket traffic is not recorded, so it is not let through',
        );
        socket.destroy();
      });
      server.on('clientError', (_error, socket: Socket) => socket.destroy());
    }
    this.#server.on('connection', (socket: Socket) => this.#track(socket));
    this.#server.on('connect', (request: IncomingMessage, socket: Socket, head: Buffer) =>
      this.#tunnel(request, socket, head),
    );
  }

  static async start(config: RecorderConfig): Promise<CaptureRecorder> {
    const recorder = new CaptureRecorder(config);
    await new Promise<void>((resolve, reject) => {
      recorder.#server.once('error', reject);
      recorder.#server.listen(0, '127.0.0.1', () => resolve());
    });
    recorder.#proxyUrl = `http://127.0.0.1:${(recorder.#server.address() as AddressInfo).port}`;
    return recorder;
  }

  /** The proxy URL to give the browser context. */
  get proxyUrl(): string {
    return this.#proxyUrl;
  }

  get inFlight(): number {
    return this.#pending.size;
  }

  get requestCount(): number {
    return this.#requestCount;
  }

  get totalBytes(): number {
    return this.#totalBytes;
  }

  /** Resolves true once no exchange has been in flight for `idleMs`, false after `timeoutMs`. */
  async waitForIdle(idleMs: number, timeoutMs: number): Promise<boolean> {
    const deadline = this.#config.clock() + timeoutMs;
    for (;;) {
      const now = this.#config.clock();
      const quietFor = now - this.#lastActivityMs;
      if (this.#pending.size === 0 && quietFor >= idleMs) return true;
      if (now >= deadline) return false;
      const waitMs = Math.min(deadline - now, this.#pending.size === 0 ? idleMs - quietFor : idleMs);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.max(1, waitMs));
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.#idleWaiters.add(done);
      });
    }
  }

  /** Ends the capture: exchanges still in flight are kept as truncated at the time limit. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const pending of [...this.#pending]) {
      pending.upstream?.abort();
      pending.finish('time');
    }
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#tunnels.close();
  }

  #track(socket: Socket): void {
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => undefined);
  }

  #touch(): void {
    this.#lastActivityMs = this.#config.clock();
    for (const waiter of [...this.#idleWaiters]) {
      this.#idleWaiters.delete(waiter);
      waiter();
    }
  }

  #now(): string {
    return new Date(this.#config.clock()).toISOString();
  }

  #requestUrl(request: IncomingMessage): string {
    const authority = this.#authorities.get(request.socket);
    if (authority === undefined) return request.url ?? '';
    const host = authority.endsWith(':443') ? authority.slice(0, -4) : authority;
    return `https://${host}${request.url ?? '/'}`;
  }

  #refuse(
    url: string,
    method: string,
    reason: RefusalReason,
    detail: string,
    response?: ServerResponse,
  ): void {
    this.refused.push({ url, method, time: this.#now(), reason, detail });
    if (response !== undefined && !response.headersSent) {
      response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'x-sealchain-refused': reason });
      response.end(`sealchain capture refused this request: ${detail}\n`);
    }
    this.#touch();
  }

  #contextFor(host: string): SecureContext {
    let context = this.#contexts.get(host);
    if (context === undefined) {
      context = createSecureContext({
        key: this.#config.identity.privateKey.export({ type: 'pkcs8', format: 'pem' }),
        cert: this.#config.identity.certificateFor(host),
      });
      this.#contexts.set(host, context);
    }
    return context;
  }

  #tunnel(request: IncomingMessage, socket: Socket, head: Buffer): void {
    this.#track(socket);
    const authority = request.url ?? '';
    const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]/]+):(\d{1,5})$/.exec(authority);
    if (match === null || this.#stopped) {
      this.#refuse(
        `https://${authority}/`,
        'CONNECT',
        'malformed-request',
        'a CONNECT request needs host:port',
      );
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) socket.unshift(head);
    const tlsSocket = new TLSSocket(socket, {
      isServer: true,
      secureContext: this.#contextFor(match[1]!),
      ALPNProtocols: ['http/1.1'],
    });
    this.#authorities.set(tlsSocket, authority);
    this.#track(tlsSocket);
    this.#tunnels.emit('connection', tlsSocket);
  }

  async #resolve(host: string): Promise<{ address: string } | { refusal: string } | { error: string }> {
    let addresses: string[];
    try {
      addresses = isIP(host) !== 0 ? [host] : await this.#config.resolveHost(host);
    } catch (error) {
      return { error: `${host} does not resolve: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (addresses.length === 0) return { error: `${host} has no address` };
    for (const address of addresses) {
      const verdict = this.#config.policy.checkAddress(address);
      if (!verdict.allowed) {
        return { refusal: `${host} resolves to ${verdict.address}, a ${verdict.addressClass} address` };
      }
    }
    return { address: addresses[0]! };
  }

  async #handle(
    scheme: 'http:' | 'https:',
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const method = request.method ?? 'GET';
    const text = this.#requestUrl(request);
    let url: URL;
    try {
      url = new URL(text);
      if (url.protocol !== scheme) throw new Error('scheme');
    } catch {
      this.#refuse(text, method, 'scheme-refused', 'only http and https requests are let through', response);
      return;
    }
    if (this.#stopped) {
      response.destroy();
      return;
    }
    this.#requestCount += 1;
    const seq = this.#requestCount;
    const startedAt = this.#now();
    this.#touch();
    if (this.limitsHit.has('size-limit')) {
      this.#refuse(url.href, method, 'size-limit', 'the capture reached its size limit', response);
      return;
    }
    if (seq > this.#config.maxRequests) {
      this.limitsHit.add('request-limit');
      this.#refuse(
        url.href,
        method,
        'request-limit',
        `the capture reached its limit of ${this.#config.maxRequests} requests`,
        response,
      );
      return;
    }
    const body = await readBody(request, Math.max(0, this.#config.maxTotalBytes - this.#totalBytes));
    if (body === undefined) {
      this.limitsHit.add('size-limit');
      this.#refuse(
        url.href,
        method,
        'size-limit',
        'the request body exceeds the capture size limit',
        response,
      );
      return;
    }
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const resolved = await this.#resolve(host);
    if ('refusal' in resolved) {
      this.#refuse(url.href, method, 'address-refused', resolved.refusal, response);
      return;
    }
    if ('error' in resolved) {
      this.failed.push({ url: url.href, method, time: startedAt, error: resolved.error });
      response.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' }).end(`${resolved.error}\n`);
      this.#touch();
      return;
    }
    this.#exchange(
      seq,
      startedAt,
      url,
      method,
      pairHeaders(request.rawHeaders),
      body,
      resolved.address,
      response,
    );
  }

  #exchange(
    seq: number,
    startedAt: string,
    url: URL,
    method: string,
    requestHeaders: [string, string][],
    body: Uint8Array,
    address: string,
    response: ServerResponse,
  ): void {
    const headers = requestHeaders.filter(
      ([name]) => !HOP_BY_HOP.has(name.toLowerCase()) && name.toLowerCase() !== 'content-length',
    );
    if (body.length > 0 || !['GET', 'HEAD', 'OPTIONS', 'DELETE', 'TRACE'].includes(method)) {
      headers.push(['Content-Length', String(body.length)]);
    }
    headers.push(['Connection', 'close']);
    const exchange: RecordedExchange = {
      seq,
      url: url.href,
      method,
      startedAt,
      remoteAddress: address,
      localAddress: undefined,
      request: new Uint8Array(0),
      response: undefined,
      truncated: undefined,
    };
    const pending: PendingExchange = {
      exchange,
      chunks: [],
      payload: createHash('sha256'),
      payloadBytes: 0,
      upstream: undefined,
      finish: (truncated) => {
        if (!this.#pending.delete(pending)) return;
        exchange.request = pending.upstream?.requestBytes() ?? new Uint8Array(0);
        if (exchange.response !== undefined) {
          exchange.response.body = Buffer.concat(pending.chunks);
          exchange.response.payloadSha256 = pending.payload.digest('hex');
          exchange.response.payloadBytes = pending.payloadBytes;
        }
        exchange.truncated = exchange.response === undefined ? undefined : truncated;
        this.exchanges.push(exchange);
        if (exchange.response === undefined) {
          this.failed.push({
            url: url.href,
            method,
            time: startedAt,
            error: 'no response before the capture ended',
          });
        }
        // The browser gets the part kept, as a whole message, so that the page still loads.
        if (truncated === 'length' && !response.writableEnded) response.end();
        else if (truncated !== undefined && !response.writableEnded) response.destroy();
        this.#touch();
      },
    };
    this.#pending.add(pending);
    this.#totalBytes += body.length;
    const overLimit = (size: number) => this.#totalBytes + size > this.#config.maxTotalBytes;
    pending.upstream = startUpstream(
      { url, method, headers, body, address, connectTimeoutMs: this.#config.connectTimeoutMs },
      {
        onTlsPeer: (peer) => {
          const key = `${peer.host}:${peer.port}`;
          if (!this.tlsPeers.has(key)) this.tlsPeers.set(key, peer);
        },
        onHead: (head) => {
          this.#totalBytes += pending.upstream!.requestBytes().length - body.length + head.head.length;
          exchange.localAddress = head.localAddress;
          exchange.response = {
            head: head.head,
            body: new Uint8Array(0),
            payloadSha256: '',
            payloadBytes: 0,
            status: head.status,
            headers: head.headers,
          };
          const forwarded = head.headers
            .filter(
              ([name]) => !HOP_BY_HOP.has(name.toLowerCase()) && name.toLowerCase() !== 'content-length',
            )
            .flat();
          if (!response.destroyed) response.writeHead(head.status, head.statusText, forwarded);
          this.#touch();
        },
        onRawBody: (chunk) => {
          if (!this.#pending.has(pending)) return;
          if (overLimit(chunk.length)) {
            const room = Math.max(0, this.#config.maxTotalBytes - this.#totalBytes);
            pending.chunks.push(chunk.subarray(0, room));
            this.#totalBytes += room;
            this.limitsHit.add('size-limit');
            pending.upstream?.abort();
            pending.finish('length');
            return;
          }
          this.#totalBytes += chunk.length;
          pending.chunks.push(chunk);
          this.#touch();
        },
        onBody: (chunk) => {
          if (!this.#pending.has(pending)) return;
          pending.payload.update(chunk);
          pending.payloadBytes += chunk.length;
          if (!response.destroyed) response.write(chunk);
        },
        onEnd: (outcome) => {
          if (!response.destroyed) response.end();
          pending.finish(outcome === 'complete' ? undefined : 'disconnect');
        },
        onError: (error) => {
          this.#pending.delete(pending);
          this.failed.push({ url: url.href, method, time: startedAt, error: error.message });
          if (!response.headersSent && !response.destroyed) {
            response
              .writeHead(502, { 'content-type': 'text/plain; charset=utf-8' })
              .end(`${error.message}\n`);
          }
          this.#touch();
        },
      },
    );
  }
}
