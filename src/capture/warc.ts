import { createHash, randomUUID } from 'node:crypto';
import { CDXIndexer, WARCRecord, WARCSerializer } from 'warcio';
import type { RecordedExchange } from './exchange.ts';

// Exchanges as WARC 1.1 records (ISO 28500:2017), one gzip member per record (WARC 1.1 Annex D),
// serialized by warcio. Each record's block is the exact bytes the recorder saw: the request as
// sent, the response head and message body as received (transfer and content coding kept).
// warcio computes WARC-Block-Digest over that block; WARC-Payload-Digest is over the entity body
// (WARC 1.1 §5.9: the message body with its transfer coding removed, RFC 9112 §6.3), hashed by
// the recorder as it decoded the body.

export interface WarcInfo {
  software: string;
  filename: string;
  /** Extra warcinfo fields (WARC 1.1 §6.3 application/warc-fields). */
  fields: Record<string, string>;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');

function sha256Label(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function splitMessage(bytes: Uint8Array): { head: Uint8Array; body: Uint8Array } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = buffer.indexOf(CRLFCRLF);
  return end < 0
    ? { head: bytes, body: new Uint8Array(0) }
    : { head: bytes.subarray(0, end + 4), body: bytes.subarray(end + 4) };
}

async function serializeBlock(
  type: 'request' | 'response',
  url: string,
  date: string,
  warcHeaders: Record<string, string>,
  block: Uint8Array[],
): Promise<Uint8Array> {
  const record = WARCRecord.create({ url, date, type, warcVersion: 'WARC/1.1', warcHeaders }, block);
  record.httpHeaders = null;
  return WARCSerializer.serialize(record, { gzip: true });
}

/** One gzipped WARC file: a warcinfo record, then each exchange's request and response records. */
export async function exchangesToWarc(
  exchanges: readonly RecordedExchange[],
  info: WarcInfo,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const warcinfo = await WARCRecord.createWARCInfo(
    { filename: info.filename, warcVersion: 'WARC/1.1' },
    { software: info.software, format: 'WARC File Format 1.1', ...info.fields },
  );
  parts.push(await WARCSerializer.serialize(warcinfo, { gzip: true }));
  for (const exchange of [...exchanges].sort((a, b) => a.seq - b.seq)) {
    const responseId = `<urn:uuid:${randomUUID()}>`;
    const requestHeaders: Record<string, string> = {
      'WARC-Record-ID': `<urn:uuid:${randomUUID()}>`,
      'WARC-IP-Address': exchange.remoteAddress,
      'WARC-Payload-Digest': sha256Label(splitMessage(exchange.request).body),
    };
    if (exchange.response !== undefined) requestHeaders['WARC-Concurrent-To'] = responseId;
    parts.push(
      await serializeBlock('request', exchange.url, exchange.startedAt, requestHeaders, [exchange.request]),
    );
    const response = exchange.response;
    if (response === undefined) continue;
    const responseHeaders: Record<string, string> = {
      'WARC-Record-ID': responseId,
      'WARC-IP-Address': exchange.remoteAddress,
      'WARC-Payload-Digest': `sha256:${response.payloadSha256}`,
    };
    if (exchange.truncated !== undefined) responseHeaders['WARC-Truncated'] = exchange.truncated;
    parts.push(
      await serializeBlock('response', exchange.url, exchange.startedAt, responseHeaders, [
        response.head,
        response.body,
      ]),
    );
  }
  return Buffer.concat(parts);
}

/**
 * The CDXJ index of a WARC file (https://specs.webrecorder.net/cdxj/0.1.0/): one line per response,
 * SURT-ordered, with offsets into the gzipped file, as WACZ replay tools read it.
 */
export async function indexWarc(warc: Uint8Array, filename: string): Promise<string> {
  const indexer = new CDXIndexer({ format: 'cdxj' });
  const lines: string[] = [];
  async function* source() {
    yield warc;
  }
  for await (const result of indexer.iterIndex([{ filename, reader: source() }])) {
    lines.push(indexer.serializeCDXJ(result).trimEnd());
  }
  return lines
    .sort()
    .map((line) => `${line}\n`)
    .join('');
}
