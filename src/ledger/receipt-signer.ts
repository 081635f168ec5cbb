import { Worker } from 'node:worker_threads';
import { bytesToBase64, utf8ToBytes, type SignerKey } from '../crypto/index.ts';
import { formatReceipt, formatSignatureLine, signReceipt, type Receipt } from '../note/index.ts';

// Receipts are C2SP signed notes (note.signReceipt); their Ed25519 signatures (RFC 8032, which is
// deterministic) are the costliest step of an append, so batches are signed on a worker thread
// while the event loop goes on with requests and commits. The worker runs this plain script with
// node:crypto, the same OpenSSL Ed25519 that src/crypto uses in Node, and signs exactly the bytes
// formatReceipt gives; the note is that text, then its one signature line (C2SP signed-note:
// https://c2sp.org/signed-note), exactly as signReceipt writes it.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createPrivateKey, sign } = require('node:crypto');
const key = createPrivateKey({ key: workerData.jwk, format: 'jwk' });
parentPort.on('message', ({ id, texts, ends }) => {
  const signatures = new Uint8Array(64 * ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    signatures.set(sign(null, texts.subarray(start, ends[i]), key), 64 * i);
    start = ends[i];
  }
  parentPort.postMessage({ id, signatures }, [signatures.buffer]);
});
`;

const ED25519_SIGNATURE_BYTES = 64;

function toBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function toJwk(signer: SignerKey): { kty: string; crv: string; d: string; x: string } {
  return { kty: 'OKP', crv: 'Ed25519', d: toBase64Url(signer.seed), x: toBase64Url(signer.publicKey) };
}

interface Job {
  resolve: (signatures: Uint8Array) => void;
  reject: (error: unknown) => void;
}

/**
 * Signs receipts with the sequencer key: batches of at least `minWorkerBatch` on a worker thread,
 * smaller ones (and everything, should the worker fail) on the calling thread. Each receipt is the
 * same string note.signReceipt returns.
 */
export class ReceiptSigner {
  readonly #signer: SignerKey;
  readonly #minWorkerBatch: number;
  #worker: Worker | null = null;
  #workerFailed = false;
  readonly #jobs = new Map<number, Job>();
  #nextJob = 0;

  constructor(signer: SignerKey, minWorkerBatch: number) {
    this.#signer = signer;
    this.#minWorkerBatch = minWorkerBatch;
  }

  /** The signed receipt notes, in order. Throws what formatReceipt throws for a malformed receipt. */
  async signReceipts(receipts: readonly Receipt[]): Promise<string[]> {
    if (receipts.length < this.#minWorkerBatch || this.#workerFailed) {
      return receipts.map((receipt) => signReceipt(receipt, this.#signer));
    }
    const texts = receipts.map((receipt) => formatReceipt(receipt));
    const encoded = texts.map((text) => utf8ToBytes(text));
    const ends = new Uint32Array(encoded.length);
    let total = 0;
    encoded.forEach((bytes, i) => {
      total += bytes.length;
      ends[i] = total;
    });
    const joined = new Uint8Array(total);
    encoded.forEach((bytes, i) => joined.set(bytes, ends[i]! - bytes.length));
    let signatures: Uint8Array;
    try {
      signatures = await this.#signOnWorker(joined, ends);
    } catch {
      this.#workerFailed = true;
      return receipts.map((receipt) => signReceipt(receipt, this.#signer));
    }
    return texts.map((text, i) => {
      const line = formatSignatureLine({
        name: this.#signer.name,
        keyId: this.#signer.keyId,
        signature: signatures.subarray(i * ED25519_SIGNATURE_BYTES, (i + 1) * ED25519_SIGNATURE_BYTES),
      });
      return `${text}\n${line}\n`;
    });
  }

  /** Stops the worker; later batches are signed on the calling thread. */
  async close(): Promise<void> {
    this.#workerFailed = true;
    const worker = this.#worker;
    this.#worker = null;
    if (worker !== null) await worker.terminate();
  }

  #signOnWorker(texts: Uint8Array<ArrayBuffer>, ends: Uint32Array): Promise<Uint8Array> {
    const worker = this.#worker ?? this.#startWorker();
    const id = this.#nextJob++;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.#jobs.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, texts, ends }, [texts.buffer]);
    });
  }

  #startWorker(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { jwk: toJwk(this.#signer) } });
    worker.unref();
    worker.on('message', ({ id, signatures }: { id: number; signatures: Uint8Array }) => {
      const job = this.#jobs.get(id);
      this.#jobs.delete(id);
      if (this.#jobs.size === 0) worker.unref();
      job?.resolve(signatures);
    });
    const fail = (error: unknown) => {
      this.#workerFailed = true;
      this.#worker = null;
      for (const job of this.#jobs.values()) job.reject(error);
      this.#jobs.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the receipt signing worker exited with code ${code}`)));
    this.#worker = worker;
    return worker;
  }
}
