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
    type: z.string().min(1).max(128).default('evidence').openapi({
      example: 'evidence',
      description:
        "`evidence`, or a custom type `x-<organisation>/<name>` of the caller's own organisation; every other type (work, license, verification, capture…) is written only by its service and refused here with 403 ENTRY_TYPE_RESERVED",
    }),
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

const BundleFieldsSchema = z.object({
  format: z.literal('sealchain-bundle/v1'),
  chain: z.string(),
  origin: z.string(),
  index: z.number().int(),
  entry: z.string(),
  leafHash: z.string(),
  treeSize: z.number().int(),
  inclusionProof: z.array(z.string()),
  checkpoint: z
    .string()
    .openapi({ description: 'The checkpoint note with the witness cosignatures gathered' }),
  receipt: z.string().optional(),
});

export const AnchorProofSchema = z
  .object({
    checkpoint: z
      .string()
      .openapi({ description: "This chain's final checkpoint as deposited on the other chain" }),
    inclusionProof: z.array(z.string()).openapi({ description: 'The entry under that checkpoint' }),
    bundle: BundleFieldsSchema.openapi({ description: 'The bundle of the anchor entry on the other chain' }),
  })
  .openapi('AnchorProof');

export const ProofBundleSchema = BundleFieldsSchema.extend({
  anchors: z.array(AnchorProofSchema).optional(),
}).openapi('ProofBundle', {
  description: 'Verifies offline with the consortium trust file (sealchain verify)',
});

export const PendingSchema = z
  .object({
    status: z.literal('pending'),
    index: z.number().int(),
    treeSize: z
      .number()
      .int()
      .openapi({ description: 'Size of the latest checkpoint, which may not cover the entry yet' }),
    finalTreeSize: z
      .number()
      .int()
      .openapi({ description: 'Size of the latest final checkpoint, which does not cover the entry yet' }),
    retryAfterMs: z.number().int(),
  })
  .openapi('BundlePending');

export const WitnessStatusSchema = z
  .object({
    name: z.string(),
    state: z.enum(['unknown', 'ok', 'failing']).openapi({
      description:
        '`unknown` before its first answer, `ok` after a stored cosignature, `failing` after anything else',
    }),
    lastOutcome: z.enum(['cosigned', 'unreachable', 'alarm', 'ahead', 'refused', 'failed']).optional(),
    code: z
      .string()
      .optional()
      .openapi({ description: "The problem code of the witness's last refusal, when it sent one" }),
    reason: z.string().optional().openapi({
      description: 'Why the last answer was not a cosignature, in English (for logs and the CLI)',
    }),
    failingSince: z
      .string()
      .optional()
      .openapi({ description: 'RFC 3339: the first failure of the current run' }),
    lastCosignedSize: z.number().int().optional(),
    lastCosignedAt: z
      .string()
      .optional()
      .openapi({ description: 'RFC 3339: when its latest cosignature was stored' }),
  })
  .openapi('WitnessStatus');

export const QuorumTallySchema = z
  .object({
    final: z.boolean().openapi({ description: 'True once the independent cosignatures reach the quorum' }),
    independentCosignatures: z
      .number()
      .int()
      .openapi({ description: 'Independent organisations that cosigned the latest checkpoint' }),
    required: z.number().int().openapi({ description: 'The quorum: independent organisations needed' }),
    independentWitnesses: z
      .number()
      .int()
      .openapi({ description: "Organisations other than the sequencer's that witness the chain" }),
    cosigningOrganisations: z.array(z.string()).openapi({ example: ['copyright-center', 'notary'] }),
    ownWitnesses: z.array(z.string()).openapi({
      description: "The sequencer's own organisation's witnesses: shown, never counted",
      example: ['court'],
    }),
  })
  .openapi('QuorumTally', {
    description: "The latest checkpoint's cosignatures against the quorum, as codes and numbers",
  });

export const ChainInfoSchema = z
  .object({
    name: z.string(),
    origin: z.string(),
    hashAlgorithm: z.enum(['sha256', 'sm3']),
    publicKey: z.string().openapi({ description: "The sequencer's C2SP verifier key" }),
    size: z.number().int().openapi({ description: 'Entries sequenced so far' }),
    treeSize: z.number().int().openapi({ description: 'Entries covered by the latest checkpoint' }),
    checkpoint: z
      .string()
      .nullable()
      .openapi({ description: 'The latest signed checkpoint note, with the cosignatures gathered so far' }),
    cosigners: z.array(z.string()).openapi({
      description:
        "The witnesses that cosigned the latest checkpoint, the sequencer's own included (it never counts toward the quorum)",
    }),
    finalTreeSize: z
      .number()
      .int()
      .openapi({ description: 'Entries covered by the latest final (quorum-cosigned) checkpoint' }),
    finalCheckpoint: z.string().nullable().openapi({ description: 'The latest final checkpoint note' }),
    quorum: z.number().int().openapi({
      description:
        "Independent witnesses required: cosigning organisations other than the sequencer's that make a checkpoint final",
    }),
    sequencer: z
      .string()
      .openapi({ description: "The sequencer's organisation (consortium member)", example: 'court' }),
    witnesses: z.array(z.string()).openapi({ description: 'Every witness of the chain' }),
    independentWitnesses: z.array(z.string()).openapi({
      description:
        "The organisations other than the sequencer's that witness the chain: only their cosignatures count",
      example: ['copyright-center', 'notary', 'forensics'],
    }),
    independentCosigners: z.array(z.string()).openapi({
      description: 'The independent organisations that cosigned the latest checkpoint, each counted once',
      example: ['copyright-center', 'notary'],
    }),
    quorumTally: QuorumTallySchema,
    finality: z.string().openapi({
      description:
        "The latest checkpoint's cosignatures against the quorum, in one English sentence (for the CLI and logs; pages word `quorumTally`)",
      example:
        "cosigned by 2 of 3 independent witnesses (copyright-center, notary), quorum 2; the sequencer's own witness (court) does not count",
    }),
    maxMergeDelayMs: z.number().int(),
    finalityLagMs: z.number().int().openapi({
      description:
        'How long the oldest checkpoint not yet final has waited for its quorum, in milliseconds (0 when every checkpoint is final)',
    }),
    witnessStatus: z
      .array(WitnessStatusSchema)
      .openapi({ description: "Each witness's last answer to this sequencer, as this node saw it" }),
  })
  .openapi('ChainInfo');

const PrincipalNameSchema = z.string().min(1).max(255).openapi({
  example: 'shanghai-video-platform',
  description:
    '1 to 255 of A-Z, a-z, 0-9 and "._:@-"; unique without look-alikes (case, NFKC, Cyrillic/Greek letters, 0/o, 1/l…), never a role, a consortium member or an organisation (422 NAME_RESERVED)',
});

const OrganisationFieldSchema = z.string().min(1).max(63).openapi({
  example: 'copyright-center',
  description: 'A consortium member or an organisation added with POST /v1/organisations',
});

export const UnitRequestSchema = z
  .strictObject({ name: PrincipalNameSchema, organisation: OrganisationFieldSchema.optional() })
  .openapi('UnitRequest');

export const PrincipalRequestSchema = z
  .strictObject({
    name: PrincipalNameSchema,
    organisation: OrganisationFieldSchema,
    roles: z
      .array(z.string().max(32))
      .min(1)
      .max(8)
      .openapi({
        example: ['judge', 'clerk'],
        description: 'unit, platform, creator, registrar, judge, clerk, mediator, operator',
      }),
  })
  .openapi('PrincipalRequest');

export const UnitSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    organisation: z.string().nullable(),
    roles: z.array(z.string()),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi('Unit', { description: 'A principal: an application unit is one with the role unit' });

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

export const CaseNumberSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^\p{Cc}\p{Cs}]+$/u, 'must be printable text')
  .openapi({
    // The regex's source without its flag: the generator would print a literal `/u` otherwise.
    pattern: '^[^\\p{Cc}\\p{Cs}]+$',
    description: 'The case the verification belongs to',
    example: '(2026)京0491民初1号',
  });

export const VerificationRequestSchema = z
  .strictObject({
    bundle: z
      .custom<Record<string, unknown>>(
        (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
        {
          message: 'must be a proof bundle object',
        },
      )
      .optional()
      .openapi({ type: 'object', description: 'A proof bundle to verify, as sealchain deposit wrote it' }),
    chain: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,62}$/)
      .optional()
      .openapi({
        description: "Or a chain's name, with index: the bundle is fetched from that chain's node",
      }),
    index: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER - 1)
      .optional(),
    caseNumber: CaseNumberSchema.optional(),
    fileDigest: DigestSchema.optional().openapi({
      description: 'The digest of the original file, to check against the entry',
    }),
  })
  .openapi('VerificationRequest');

export const VerificationResultSchema = z
  .object({
    verified: z.boolean(),
    crossChain: z
      .boolean()
      .openapi({ description: 'True when the entry is on another chain than the record' }),
    report: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'Every check, as src/verify reports it' }),
    record: DepositResultSchema.openapi({ description: 'The verification entry recorded on this chain' }),
  })
  .openapi('VerificationResult');

export const VerificationRecordSchema = z
  .object({
    leafIndex: z.number().int(),
    verifiedChain: z.string(),
    verifiedOrigin: z.string(),
    verifiedIndex: z.number().int(),
    verifiedLeafHash: z.string(),
    verified: z.boolean(),
    crossChain: z.boolean(),
    caseNumber: z.string().nullable(),
    time: z.string(),
  })
  .openapi('VerificationRecord');

export const AnchorSchema = z
  .object({
    leafIndex: z.number().int().openapi({ description: 'Index of the anchor entry on this chain' }),
    anchoredOrigin: z.string(),
    anchoredTreeSize: z.number().int(),
    checkpoint: z.string().openapi({ description: 'The anchored final checkpoint note' }),
  })
  .openapi('Anchor');

export const AlarmSchema = z
  .object({
    source: z.string().openapi({ example: 'witness:notary' }),
    kind: z.enum(['fork', 'proof-rejected', 'audit-mismatch', 'witness-report']),
    origin: z.string(),
    detectedAt: z.string(),
    summary: z.string(),
    witness: z.string().optional(),
    code: z.string().optional(),
    treeSize: z.number().int().optional(),
    knownNote: z.string().nullable().optional(),
    conflictingNote: z.string().optional(),
    evidence: z.string().optional(),
  })
  .openapi('Alarm');
