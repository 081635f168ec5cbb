import { z } from '@hono/zod-openapi';

// Request and response schemas: validation and the OpenAPI document come from these alone.
// Entry fields are checked here for shape; the ledger checks them fully (digest, meta limits,
// signature) and names the bad field in ENTRY_INVALID.

const DIGEST_PATTERN = /^(sha256|sm3):[0-9a-f]{64}$/;
const INDEX_PATTERN = /^(0|[1-9][0-9]{0,15})$/;

export const ChainParamSchema = z.string().openapi({
  param: { name: 'chain', in: 'path' },
  description: "The chain's short name",
  example: 'evidence',
});

export const IndexParamSchema = z
  .string()
  .regex(INDEX_PATTERN, 'must be a decimal leaf index without leading zeroes')
  .transform(Number)
  .pipe(
    z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER - 1),
  )
  .openapi({ param: { name: 'index', in: 'path' }, type: 'string', example: '42' });

export const DigestSchema = z
  .string()
  .regex(DIGEST_PATTERN, 'must be sha256:<64 lower-case hex> or sm3:<64 lower-case hex>')
  .openapi({ example: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' });

// The object itself reaches the ledger (a copy made by a record schema would drop keys such as
// "__proto__" and so record something other than what was sent).
export const MetaSchema = z
  .custom<Record<string, unknown>>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    { message: 'must be a JSON object' },
  )
  .openapi({
    type: 'object',
    description: 'Small public metadata (at most 16 KiB of canonical JSON); no personal data in clear',
    example: { title: 'contract.pdf' },
  });

export const EntrySignatureSchema = z
  .strictObject({
    key: z.string().max(512).openapi({ description: "The submitter's C2SP Ed25519 verifier key" }),
    signature: z.string().max(128).openapi({ description: 'Standard base64 of the Ed25519 signature' }),
  })
  .openapi('EntrySignature', {
    description: 'The submitter\'s own signature over the canonical JSON of { "digest", "meta" }',
  });

export const EntryRequestSchema = z
  .strictObject({
    digest: DigestSchema,
    type: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,31}$/)
      .default('evidence')
      .openapi({ example: 'evidence' }),
    meta: MetaSchema.optional(),
    sig: EntrySignatureSchema.optional(),
  })
  .openapi('EntryRequest');

export const BatchRequestSchema = z
  .strictObject({ entries: z.array(EntryRequestSchema).min(1).max(10_000) })
  .openapi('BatchRequest');

export const DepositResultSchema = z
  .object({
    index: z.number().int().openapi({ description: 'Leaf index in the chain' }),
    leafHash: z.string().openapi({ description: 'RFC 9162 leaf hash, lower-case hex' }),
    id: z
      .string()
      .openapi({ description: 'Stable identifier of the entry: <chain>:<index>', example: 'evidence:42' }),
    receipt: z.string().openapi({ description: "The sequencer's signed receipt note" }),
    entry: z.string().openapi({ description: "The entry's canonical JSON: the exact leaf bytes" }),
    time: z.string().openapi({ description: 'Sequencer time at acceptance, RFC 3339 UTC' }),
    replayed: z
      .boolean()
      .openapi({ description: 'True when an earlier request with this Idempotency-Key made it' }),
  })
  .openapi('DepositResult');

export const UploadResultSchema = DepositResultSchema.extend({
  digest: DigestSchema,
  sizeBytes: z.number().int(),
}).openapi('UploadResult');

export const BatchResultSchema = z.object({ results: z.array(DepositResultSchema) }).openapi('BatchResult');

export const StoredEntrySchema = z
  .object({
    index: z.number().int(),
    id: z.string(),
    leafHash: z.string(),
    entry: z.string().openapi({ description: "The entry's canonical JSON" }),
    receipt: z.string(),
    integrated: z.boolean().openapi({ description: 'True when a checkpoint covers the entry' }),
  })
  .openapi('StoredEntry');

export const EntryListSchema = z.object({ entries: z.array(StoredEntrySchema) }).openapi('EntryList');

export const ProofBundleSchema = z
  .object({
    format: z.literal('sealchain-bundle/v1'),
    chain: z.string(),
    origin: z.string(),
    index: z.number().int(),
    entry: z.string(),
    leafHash: z.string(),
    treeSize: z.number().int(),
    inclusionProof: z.array(z.string()),
    checkpoint: z.string(),
    receipt: z.string().optional(),
  })
  .openapi('ProofBundle', {
    description: 'Verifies offline with the consortium trust file (sealchain verify)',
  });

export const PendingSchema = z
  .object({
    status: z.literal('pending'),
    index: z.number().int(),
    treeSize: z
      .number()
      .int()
      .openapi({ description: 'Size of the latest checkpoint, which does not cover the entry yet' }),
    retryAfterMs: z.number().int(),
  })
  .openapi('BundlePending');

export const ChainInfoSchema = z
  .object({
    name: z.string(),
    origin: z.string(),
    hashAlgorithm: z.enum(['sha256', 'sm3']),
    publicKey: z.string().openapi({ description: "The sequencer's C2SP verifier key" }),
    size: z.number().int().openapi({ description: 'Entries sequenced so far' }),
    treeSize: z.number().int().openapi({ description: 'Entries covered by the latest checkpoint' }),
    checkpoint: z.string().nullable().openapi({ description: 'The latest signed checkpoint note' }),
    maxMergeDelayMs: z.number().int(),
  })
  .openapi('ChainInfo');

export const UnitRequestSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,254}$/)
      .openapi({ example: 'beijing-internet-court' }),
  })
  .openapi('UnitRequest');

export const UnitSchema = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() })
  .openapi('Unit');

export const CreatedUnitSchema = UnitSchema.extend({
  apiKey: z.string().openapi({ description: 'Shown once; the node keeps only its hash' }),
}).openapi('CreatedUnit');

export const UnitListSchema = z.object({ units: z.array(UnitSchema) }).openapi('UnitList');

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ description: 'Stable machine-readable error code', example: 'ENTRY_INVALID' }),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details' });

export const IdempotencyHeaderSchema = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[!-~]{1,200}$/)
    .optional()
    .openapi({ description: 'Repeating a request with the same key returns the first result' }),
});
