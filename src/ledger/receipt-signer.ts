import { Worker } from 'node:worker_threads';
import { bytesToBase64, utf8ToBytes, type SignerKey } from '../crypto/index.ts';
import { formatReceipts, formatSignatureLine, signReceipt, type Receipt } from '../note/index.ts';
import { createSodiumSigner, SODIUM_MODULE_PATH, type SignDetached } from './fast-ed25519.ts';

// Receipts are C2SP signed notes (note.signReceipt); their Ed25519 signatures (RFC 8032, which is
// deterministic) are the costliest step of an append, so batches are signed on worker threads
// (one batch split between them) while the event loop goes on with requests and commits. Both
// sign with libsodium (fast-ed25519.ts) where sodium-native loads, else with node:crypto, the
// same OpenSSL Ed25519 that src/crypto uses in Node; Ed25519 is deterministic, so either gives
// the same bytes. They sign exactly the bytes formatReceipt gives; the note is that text, then its
// one signature line (C2SP signed-note: https://c2sp.org/signed-note), as signReceipt writes it.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let signInto;
if (workerData.sodiumPath !== null) {
  const sodium = require(workerData.sodiumPath);
  const publicKey = new Uint8Array(32);
  const secretKey = new Uint8Array(64);
  sodium.crypto_sign_seed_keypair(publicKey, secretKey, workerData.seed);
  signInto = (message, signature) => sodium.crypto_sign_detached(signature, message, secretKey);
} else {
  const { createPrivateKey, sign } = require('node:crypto');
  const key = createPrivateKey({ key: workerData.jwk, format: 'jwk' });
  signInto = (message, signature) => signature.set(sign(null, message, key));
}
parentPort.on('message', ({ id, texts, ends }) => {
  const signatures = new Uint8Array(64 * ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    signInto(texts.subarray(start, ends[i]), signatures.subarray(64 * i, 64 * (i + 1)));
    start = ends[i];
  }
  parentPort.postMessage({ id, signatures }, [signatures.buffer]);
});
`;

const ED25519_SIGNATURE_BYTES = 64;
// formatReceipt's texts are well-formed (it checks the origin), so encodeInto cannot meet a lone surrogate.
const utf8Encoder = new TextEncoder();

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

/** One signing thread and the jobs it has not answered yet. */
interface SigningWorker {
  worker: Worker;
  jobs: Map<number, Job>;
}

/**
 * Signs receipts with the sequencer key: batches of at least `minWorkerBatch` on worker threads
 * (split over up to `workers` of them, each taking at least `minWorkerBatch` receipts), smaller
 * ones (and everything, should a worker fail) on the calling thread. Each receipt is the same
 * string note.signReceipt returns.
 */
export class ReceiptSigner {
  readonly #signer: SignerKey;
  readonly #sodiumPath: string | null;
  readonly #signHere: SignDetached | null;
  readonly #minWorkerBatch: number;
  readonly #maxWorkers: number;
  readonly #workers: SigningWorker[] = [];
  #workerFailed = false;
  #nextJob = 0;
  #nextWorker = 0;

  /** `sodiumPath` null signs with node:crypto everywhere (the fallback where sodium-native cannot load). */
  constructor(signer: SignerKey, minWorkerBatch: number, workers = 1, sodiumPath = SODIUM_MODULE_PATH) {
    this.#signer = signer;
    this.#sodiumPath = sodiumPath;
    this.#signHere = createSodiumSigner(signer.seed, sodiumPath);
    this.#minWorkerBatch = minWorkerBatch;
    this.#maxWorkers = Math.max(1, workers);
  }

  /** The signed receipt notes, in order. Throws what formatReceipt throws for a malformed receipt. */
  async signReceipts(receipts: readonly Receipt[]): Promise<string[]> {
    if (receipts.length < this.#minWorkerBatch || this.#workerFailed) return this.#signOnThisThread(receipts);
    const texts = formatReceipts(receipts);
    const parts = Math.min(this.#maxWorkers, Math.max(1, Math.floor(texts.length / this.#minWorkerBatch)));
    const per = Math.ceil(texts.length / parts);
    let signatures: Uint8Array[];
    try {
      signatures = await Promise.all(
        Array.from({ length: parts }, (_, part) =>
          this.#signOnWorker(texts.slice(part * per, (part + 1) * per)),
        ),
      );
    } catch {
      this.#workerFailed = true;
      return this.#signOnThisThread(receipts);
    }
    return texts.map((text, i) => {
      const at = (i % per) * ED25519_SIGNATURE_BYTES;
      return this.#formatNote(
        text,
        signatures[Math.floor(i / per)]!.subarray(at, at + ED25519_SIGNATURE_BYTES),
      );
    });
  }

  #signOnThisThread(receipts: readonly Receipt[]): string[] {
    const signHere = this.#signHere;
    if (signHere === null) return receipts.map((receipt) => signReceipt(receipt, this.#signer));
    const signature = new Uint8Array(ED25519_SIGNATURE_BYTES);
    return formatReceipts(receipts).map((text) => {
      signHere(utf8ToBytes(text), signature);
      return this.#formatNote(text, signature);
    });
  }

  /** The signed note: the text, then its one signature line. */
  #formatNote(text: string, signature: Uint8Array): string {
    const line = formatSignatureLine({ name: this.#signer.name, keyId: this.#signer.keyId, signature });
    return `${text}\n${line}\n`;
  }

  /** Stops the workers; later batches are signed on the calling thread. */
  async close(): Promise<void> {
    this.#workerFailed = true;
    const workers = this.#workers.splice(0);
    await Promise.all(workers.map(({ worker }) => worker.terminate()));
  }

  /** Sends the UTF-8 of `receiptTexts`, end to end in one buffer, to a worker to sign. */
  #signOnWorker(receiptTexts: readonly string[]): Promise<Uint8Array> {
    const ends = new Uint32Array(receiptTexts.length);
    let room = 0;
    for (const text of receiptTexts) room += 3 * text.length; // UTF-8 takes at most 3 bytes a UTF-16 unit
    const buffer = new Uint8Array(room);
    let total = 0;
    receiptTexts.forEach((text, i) => {
      total += utf8Encoder.encodeInto(text, buffer.subarray(total)).written;
      ends[i] = total;
    });
    const texts = buffer.subarray(0, total);
    const signing = this.#pickWorker();
    const id = this.#nextJob++;
    return new Promise<Uint8Array>((resolve, reject) => {
      signing.jobs.set(id, { resolve, reject });
      signing.worker.ref();
      signing.worker.postMessage({ id, texts, ends }, [buffer.buffer]);
    });
  }

  /** The workers in turn, starting one more while fewer than the most allowed run. */
  #pickWorker(): SigningWorker {
    if (this.#workers.length < this.#maxWorkers) this.#workers.push(this.#startWorker());
    const signing = this.#workers[this.#nextWorker % this.#workers.length]!;
    this.#nextWorker++;
    return signing;
  }

  #startWorker(): SigningWorker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { jwk: toJwk(this.#signer), seed: this.#signer.seed, sodiumPath: this.#sodiumPath },
    });
    const signing: SigningWorker = { worker, jobs: new Map() };
    worker.unref();
    worker.on('message', ({ id, signatures }: { id: number; signatures: Uint8Array }) => {
      const job = signing.jobs.get(id);
      signing.jobs.delete(id);
      if (signing.jobs.size === 0) worker.unref();
      job?.resolve(signatures);
    });
    const fail = (error: unknown) => {
      this.#workerFailed = true;
      const at = this.#workers.indexOf(signing);
      if (at >= 0) this.#workers.splice(at, 1);
      for (const job of signing.jobs.values()) job.reject(error);
      signing.jobs.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the receipt signing worker exited with code ${code}`)));
    return signing;
  }
}
